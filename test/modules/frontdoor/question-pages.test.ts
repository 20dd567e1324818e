import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { CHILD, Visitor, publicAnswers } from './journey.js'

const t = useTestApp()

/** Posts answers to a page of a fresh public draft and returns the error messages shown. */
async function errorsFor(page: string, fields: Record<string, string>, visitor?: Visitor) {
  const v = visitor ?? (await publicAnswers(t))
  const response = await v.post(`/report-a-concern/${page}`, fields)
  expect(response.statusCode, `${page} ${response.body.slice(0, 200)}`).toBe(400)
  expect(response.body).toContain('There is a problem')
  const summary =
    /<div class="govuk-error-summary__body">([\s\S]*?)<\/div>/.exec(response.body)?.[1] ?? ''
  return { body: response.body, summary }
}

describe('every question page validates with GOV.UK messages', () => {
  it.each([
    [
      {},
      ['Enter the child’s first name', 'Enter the child’s date of birth or their approximate age'],
    ],
    [
      { ...CHILD, 'birthDate-day': '31', 'birthDate-month': '2' },
      ['Date of birth must be a real date'],
    ],
    [{ ...CHILD, 'birthDate-year': 'abcd' }, ['Date of birth must be a real date']],
    [{ ...CHILD, 'birthDate-year': '2099' }, ['Date of birth must be today or in the past']],
    [
      { ...CHILD, 'birthDate-year': '2001' },
      ['The child must be under 18: date of birth must be on or after'],
    ],
    [
      {
        ...CHILD,
        'birthDate-day': '',
        'birthDate-month': '',
        'birthDate-year': '',
        approximateAge: '18',
      },
      ['Approximate age must be a whole number from 0 to 17'],
    ],
    [{ ...CHILD, postcode: 'NOT A CODE' }, ['Enter a real postcode, like AA1 1AA']],
    [{ ...CHILD, givenName: 'x'.repeat(101) }, ['First name must be 100 characters or fewer']],
  ])('about the child: %o', async (fields, messages) => {
    const { summary, body } = await errorsFor('child/1', fields)
    for (const message of messages) expect(summary).toContain(message)
    // Inline too, next to the field.
    expect(body).toContain('govuk-error-message')
  })

  it('links the date of birth message to the day box', async () => {
    const { body } = await errorsFor('child/1', { ...CHILD, 'birthDate-year': '2099' })
    expect(body).toContain('href="#birthDate-day"')
    expect(body).toContain('id="birthDate-day"')
    // What was typed is shown back.
    expect(body).toContain('value="Amira"')
  })

  it('asks whether there is another child', async () => {
    const { summary } = await errorsFor('children', {})
    expect(summary).toContain('Select yes if you need to tell us about another child')
  })

  it.each([
    ['family', {}, 'Enter who lives with the child, or ‘not known’'],
    [
      'family',
      { household: 'x'.repeat(5001) },
      'Who lives with the child must be 5000 characters or fewer',
    ],
    ['concern', {}, 'Enter what you are worried about'],
    [
      'concern',
      { concern: 'x'.repeat(10_001) },
      'What you are worried about must be 10000 characters or fewer',
    ],
    [
      'concern',
      {
        concern: 'Worried',
        'startedOn-day': '1',
        'startedOn-month': '1',
        'startedOn-year': '2099',
      },
      'The date must be today or in the past',
    ],
    [
      'concern',
      {
        concern: 'Worried',
        'startedOn-day': '30',
        'startedOn-month': '2',
        'startedOn-year': '2024',
      },
      'The date must be a real date',
    ],
    [
      'child-voice',
      {},
      'Enter what the child has said, or that you have not been able to speak with them',
    ],
    ['consent', {}, 'Select whether the child’s parents or carers agree to this report'],
    [
      'consent',
      { consent: 'maybe' },
      'Select whether the child’s parents or carers agree to this report',
    ],
    [
      'consent',
      { consent: 'refused', refusedReason: ' ' },
      'Enter why the parents or carers refused',
    ],
    [
      'consent',
      { consent: 'not-sought' },
      'Enter why asking the parents or carers would put the child at risk',
    ],
    ['about-you', {}, 'Select whether you want to give your details'],
    ['about-you', { anonymous: 'named' }, 'Enter your full name'],
    [
      'about-you',
      { anonymous: 'named', name: 'Pat', relationship: 'Aunt' },
      'Enter an email address or a telephone number so that we can contact you',
    ],
    [
      'about-you',
      { anonymous: 'named', name: 'Pat', relationship: 'Aunt', email: 'not-an-email' },
      'Enter an email address in the correct format, like name@example.com',
    ],
    [
      'about-you',
      { anonymous: 'named', name: 'Pat', relationship: 'Aunt', phone: '12ab' },
      'Enter a telephone number, like 01632 960 001',
    ],
  ])('%s: %o', async (page, fields, message) => {
    const { summary } = await errorsFor(page, fields)
    expect(summary).toContain(message)
  })

  it('accepts each consent answer with the reasons it needs, and keeps only the matching reason', async () => {
    const visitor = await publicAnswers(t)
    for (const fields of <Record<string, string>[]>[
      { consent: 'given', refusedReason: 'stray text' },
      { consent: 'refused', refusedReason: 'They said no' },
      { consent: 'not-sought', notSoughtReason: 'Asking would put her at risk' },
    ]) {
      expect(await visitor.step('/report-a-concern/consent', fields)).toBe(
        '/report-a-concern/about-you',
      )
    }
    const draft = await t.database.owner
      .selectFrom('referral_draft')
      .select('answers')
      .executeTakeFirstOrThrow()
    expect(draft.answers.consent).toEqual({
      consent: 'not-sought',
      reason: 'Asking would put her at risk',
    })
    await visitor.step('/report-a-concern/consent', { consent: 'given', refusedReason: 'stray' })
    const given = await t.database.owner
      .selectFrom('referral_draft')
      .select('answers')
      .executeTakeFirstOrThrow()
    expect(given.answers.consent).toEqual({ consent: 'given', reason: null })
  })

  it('refuses a form body far beyond what a person types', async () => {
    const visitor = await publicAnswers(t)
    const response = await visitor.post('/report-a-concern/concern', {
      concern: 'x'.repeat(70_000),
    })
    expect(response.statusCode).toBe(413)
  })

  it('does not show professional questions on a public report', async () => {
    const visitor = await publicAnswers(t)
    expect((await visitor.get('/report-a-concern/action-taken')).statusCode).toBe(404)
    expect((await visitor.get('/report-a-concern/your-details')).statusCode).toBe(404)
  })

  it('answers 404 for a child number out of range', async () => {
    const visitor = await publicAnswers(t)
    expect((await visitor.get('/report-a-concern/child/0')).statusCode).toBe(404)
    expect((await visitor.get('/report-a-concern/child/abc')).statusCode).toBe(404)
    expect((await visitor.get('/report-a-concern/child/5')).headers.location).toBe(
      '/report-a-concern/children',
    )
  })
})
