import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { SUBMISSIONS_PER_HOUR } from '../../../src/modules/frontdoor/report-a-concern/routes.js'
import { decisionDueAt } from '../../../src/modules/frontdoor/service.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  ABOUT_YOU,
  CHILD,
  CONCERN,
  FAMILY,
  SECOND_CHILD,
  VOICE,
  Visitor,
  publicAnswers,
  sendPublicReport,
} from './journey.js'

const t = useTestApp()

async function referrals(partnershipId = t.northbridge.id) {
  return t.database.owner
    .selectFrom('referral')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .orderBy('reference')
    .execute()
}

describe('the start of the report', () => {
  it('asks which partnership when the service hosts more than one', async () => {
    const response = await new Visitor(t).get('/report-a-concern')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Where does the child live?')
    expect(response.body).toContain('Northbridge Safeguarding Children Partnership')
    expect(response.body).toContain('Southbridge Safeguarding Children Partnership')
  })

  it('refuses an unknown partnership with a message', async () => {
    const response = await expectNothingWritten(t, () =>
      new Visitor(t).get('/report-a-concern?partnership=nowhere'),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select where the child lives')
    expect(response.body).toContain('href="#partnership"')
  })

  it('shows urgency guidance with the partnership’s out-of-hours number', async () => {
    await t.database.owner
      .updateTable('partnership')
      .set({ out_of_hours_phone: '01632 960 999' })
      .where('id', '=', t.northbridge.id)
      .execute()
    const response = await new Visitor(t).get('/report-a-concern?partnership=northbridge')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('call 999')
    expect(response.body).toContain('01632 960 999')
    expect(response.body).toContain('Start now')
  })

  it('starts a draft kept under a random token in an httpOnly cookie with no personal data', async () => {
    const visitor = new Visitor(t)
    const response = await visitor.post('/report-a-concern/start', { partnership: 'northbridge' })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/report-a-concern/child/1')
    const cookie = response.cookies.find(c => c.name === 'keepsafe_concern')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.value).toMatch(new RegExp(`^${t.northbridge.id}\\.[A-Za-z0-9_-]{40,}$`))
    await visitor.step('/report-a-concern/child/1', CHILD)
    const after = visitor.cookie
    expect(after).not.toContain('Amira')
    const draft = await t.database.owner
      .selectFrom('referral_draft')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(draft.answers.children[0].givenName).toBe('Amira')
    // Expires 24 hours after it was started.
    const hours = (draft.expires_at.getTime() - draft.created_at.getTime()) / 3_600_000
    expect(Math.round(hours)).toBe(24)
  })

  it('sends a browser without a draft, or with an expired one, back to the start', async () => {
    const none = await new Visitor(t).get('/report-a-concern/family')
    expect(none.statusCode).toBe(303)
    expect(none.headers.location).toBe('/report-a-concern?expired=1')

    const visitor = new Visitor(t)
    await visitor.step('/report-a-concern/start', { partnership: 'northbridge' })
    await t.database.owner
      .updateTable('referral_draft')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    const expired = await visitor.get('/report-a-concern/child/1')
    expect(expired.headers.location).toBe('/report-a-concern?expired=1')
    const page = await visitor.get('/report-a-concern?expired=1&partnership=northbridge')
    expect(page.body).toContain('We delete unsent answers after 24 hours')
  })

  it('does not open a draft whose cookie names another partnership', async () => {
    const visitor = new Visitor(t)
    await visitor.step('/report-a-concern/start', { partnership: 'northbridge' })
    visitor.cookie = visitor.cookie.replace(t.northbridge.id, t.southbridge.id)
    const response = await visitor.get('/report-a-concern/child/1')
    expect(response.headers.location).toBe('/report-a-concern?expired=1')
  })
})

describe('the whole public journey', () => {
  it('stores the report whole and shows a sequential reference number', async () => {
    const visitor = new Visitor(t)
    expect(await visitor.step('/report-a-concern/start', { partnership: 'northbridge' })).toBe(
      '/report-a-concern/child/1',
    )
    const childPage = await visitor.get('/report-a-concern/child/1')
    expect(childPage.statusCode).toBe(200)
    expect(childPage.body).toContain('About the child')
    expect(await visitor.step('/report-a-concern/child/1', CHILD)).toBe(
      '/report-a-concern/children',
    )
    const list = await visitor.get('/report-a-concern/children')
    expect(list.body).toContain('You have told us about 1 child')
    expect(await visitor.step('/report-a-concern/children', { another: 'yes' })).toBe(
      '/report-a-concern/child/2',
    )
    expect(await visitor.step('/report-a-concern/child/2', SECOND_CHILD)).toBe(
      '/report-a-concern/children',
    )
    expect((await visitor.get('/report-a-concern/children')).body).toContain(
      'You have told us about 2 children',
    )
    expect(await visitor.step('/report-a-concern/children', { another: 'no' })).toBe(
      '/report-a-concern/family',
    )
    for (const [page, answers, next] of [
      ['family', FAMILY, 'concern'],
      ['concern', CONCERN, 'child-voice'],
      ['child-voice', VOICE, 'consent'],
      [
        'consent',
        { consent: 'not-sought', notSoughtReason: 'The stepfather is violent' },
        'about-you',
      ],
      ['about-you', ABOUT_YOU, 'check-answers'],
    ] as const) {
      expect((await visitor.get(`/report-a-concern/${page}`)).statusCode).toBe(200)
      expect(await visitor.step(`/report-a-concern/${page}`, answers)).toBe(
        `/report-a-concern/${next}`,
      )
    }

    const check = await visitor.get('/report-a-concern/check-answers')
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check your answers before sending')
    for (const text of [
      'Amira Khan',
      'born 3 April 2018',
      'Yusuf',
      'about 3 years old',
      'Pat Jones',
    ]) {
      expect(check.body).toContain(text)
    }
    expect(check.body).toContain('href="/report-a-concern/consent?returnTo=check"')
    expect(check.body).toContain('href="/report-a-concern/child/2?returnTo=check"')

    // A change from the check page comes back to it.
    const change = await visitor.get('/report-a-concern/family?returnTo=check')
    expect(change.body).toContain('name="returnTo" value="check"')
    expect(
      await visitor.step('/report-a-concern/family', {
        ...FAMILY,
        parentsCarers: 'Sara and Tom Khan',
        returnTo: 'check',
      }),
    ).toBe('/report-a-concern/check-answers')

    const before = Date.now()
    expect(await visitor.step('/report-a-concern/check-answers', { website: '' })).toBe(
      '/report-a-concern/confirmation',
    )
    const confirmation = await visitor.get('/report-a-concern/confirmation')
    expect(confirmation.statusCode).toBe(200)
    expect(confirmation.body).toContain('Report sent')
    const reference = /id="reference">([^<]+)</.exec(confirmation.body)?.[1]
    expect(reference).toBe(`NSCP-${new Date().getUTCFullYear()}-000001`)

    const [first] = await referrals()
    const referral = first!
    expect(referral).toMatchObject({
      reference,
      source: 'public',
      status: 'received',
      rag_rating: null,
      household: FAMILY.household,
      parents_carers: 'Sara and Tom Khan',
      concern: CONCERN.concern,
      concern_started_on: '2025-09-01',
      child_says: VOICE.childSays,
      child_feels: VOICE.childFeels,
      consent: 'not-sought',
      consent_reason: 'The stepfather is violent',
      reporter_anonymous: false,
      reporter_name: 'Pat Jones',
      reporter_email: 'pat.jones@example.com',
      referrer_user_id: null,
    })
    expect(referral.received_at.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(referral.decision_due_at.getTime()).toBe(decisionDueAt(referral.received_at).getTime())
    const children = await t.database.owner
      .selectFrom('referral_child')
      .selectAll()
      .where('referral_id', '=', referral.id)
      .orderBy('position')
      .execute()
    expect(children).toMatchObject([
      {
        position: 1,
        given_name: 'Amira',
        birth_date: '2018-04-03',
        approximate_age: null,
        postcode: 'NB1 2AB',
        child_id: null,
      },
      { position: 2, given_name: 'Yusuf', birth_date: null, approximate_age: 3, child_id: null },
    ])

    // The draft keeps only the link to the referral, not the answers.
    const draft = await t.database.owner
      .selectFrom('referral_draft')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(draft.answers).toEqual({})
    expect(draft.submitted_referral_id).toBe(referral.id)

    // The audit event names the referral, never what it says.
    const events = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'referral.submitted')
      .execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      partnership_id: t.northbridge.id,
      resource_id: referral.id,
      user_id: null,
    })
    const logged = JSON.stringify(events)
    for (const personal of ['Amira', 'Khan', 'Pat Jones', 'pat.jones', 'Mill Lane', 'Bruises']) {
      expect(logged).not.toContain(personal)
    }

    // The reporter gets an acknowledgement with the reference and nothing about the child.
    const mail = await t.database.owner
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', 'pat.jones@example.com')
      .executeTakeFirstOrThrow()
    expect(mail.subject).toContain(reference)
    expect(mail.body_text).not.toContain('Amira')

    const second = await sendPublicReport(t)
    expect(second.reference).toBe(`NSCP-${new Date().getUTCFullYear()}-000002`)
    const southbridge = await sendPublicReport(t, 'southbridge')
    expect(southbridge.reference).toBe(`SSCP-${new Date().getUTCFullYear()}-000001`)
  })

  it('keeps an anonymous report anonymous', async () => {
    const visitor = await publicAnswers(t)
    await visitor.step('/report-a-concern/about-you', { anonymous: 'anonymous', name: 'Ignored' })
    await visitor.step('/report-a-concern/check-answers', {})
    const [referral] = await referrals()
    expect(referral).toMatchObject({
      reporter_anonymous: true,
      reporter_name: null,
      reporter_email: null,
      reporter_phone: null,
    })
  })

  it('does not reach the check page, or send, before every question is answered', async () => {
    const visitor = new Visitor(t)
    await visitor.step('/report-a-concern/start', { partnership: 'northbridge' })
    await visitor.step('/report-a-concern/child/1', CHILD)
    const check = await visitor.get('/report-a-concern/check-answers')
    expect(check.headers.location).toBe('/report-a-concern/family')
    expect(await visitor.step('/report-a-concern/check-answers', {})).toBe(
      '/report-a-concern/family',
    )
    expect(await referrals()).toHaveLength(0)
  })
})

describe('integrity and abuse protection', () => {
  it('creates one referral from a double submit or a back-and-resubmit', async () => {
    const visitor = await publicAnswers(t)
    const [first, second] = await Promise.all([
      visitor.post('/report-a-concern/check-answers', {}),
      visitor.post('/report-a-concern/check-answers', {}),
    ])
    expect(first.headers.location).toBe('/report-a-concern/confirmation')
    expect(second.headers.location).toBe('/report-a-concern/confirmation')
    // Back to an earlier page and send again.
    expect((await visitor.get('/report-a-concern/consent')).headers.location).toBe(
      '/report-a-concern/confirmation',
    )
    expect(await visitor.step('/report-a-concern/check-answers', {})).toBe(
      '/report-a-concern/confirmation',
    )
    expect(await referrals()).toHaveLength(1)
    const children = await t.database.owner.selectFrom('referral_child').select('id').execute()
    expect(children).toHaveLength(1)
  })

  it('stores nothing when the hidden honeypot field is filled in', async () => {
    const visitor = await publicAnswers(t)
    const response = await expectNothingWritten(t, () =>
      visitor.post('/report-a-concern/check-answers', {
        website: 'http://spam.example',
      }),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Sorry, your report could not be sent')
    expect(await referrals()).toHaveLength(0)
  })

  it('limits how many reports one address can send in an hour', async () => {
    const visitor = await publicAnswers(t)
    for (let i = 0; i < SUBMISSIONS_PER_HOUR; i++) {
      const response = await expectNothingWritten(t, () =>
        visitor.post('/report-a-concern/check-answers', { website: 'x' }),
      )
      expect(response.statusCode).toBe(400)
    }
    const limited = await visitor.post('/report-a-concern/check-answers', {})
    expect(limited.statusCode).toBe(429)
    expect(await referrals()).toHaveLength(0)
    // Another address is not held up.
    const other = await sendPublicReport(t)
    expect(other.reference).toMatch(/-000001$/)
  })

  it('stores a report whole or not at all', async () => {
    const visitor = await publicAnswers(t)
    // A child row the database refuses (the check constraint on position) must undo the referral.
    await t.database.owner
      .updateTable('referral_draft')
      .set({
        answers: JSON.stringify({
          ...(
            await t.database.owner
              .selectFrom('referral_draft')
              .select('answers')
              .executeTakeFirstOrThrow()
          ).answers,
          children: Array.from({ length: 21 }, () => ({ ...childAnswer() })),
        }),
      })
      .execute()
    const response = await visitor.post('/report-a-concern/check-answers', {})
    expect(response.statusCode).toBe(500)
    expect(await referrals()).toHaveLength(0)
    expect(await t.database.owner.selectFrom('referral_child').select('id').execute()).toHaveLength(
      0,
    )
    const counter = await t.database.owner.selectFrom('referral_counter').selectAll().execute()
    expect(counter).toHaveLength(0)
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'referral.submitted')
      .execute()
    expect(events).toHaveLength(0)
  })
})

function childAnswer() {
  return {
    givenName: 'Amira',
    familyName: '',
    birthDate: '2018-04-03',
    approximateAge: null,
    address: '',
    postcode: '',
  }
}

describe('the draft is kept per partnership', () => {
  it('keeps drafts and referrals of one partnership out of another’s transactions', async () => {
    await sendPublicReport(t)
    const seen = await inPartnership(
      t.database.db,
      { partnershipId: t.southbridge.id },
      async trx => ({
        referrals: await trx.selectFrom('referral').select('id').execute(),
        children: await trx.selectFrom('referralChild').select('id').execute(),
        drafts: await trx.selectFrom('referralDraft').select('id').execute(),
      }),
    )
    expect(seen).toEqual({ referrals: [], children: [], drafts: [] })
  })
})
