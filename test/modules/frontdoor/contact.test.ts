import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()

const PHONE_CONTACT = {
  channel: 'phone',
  callerName: 'Sam Teacher',
  callerRelationship: 'Class teacher',
  callerPhone: '01632 960 001',
  givenName: 'Amira',
  familyName: 'Khan',
  'birthDate-day': '3',
  'birthDate-month': '4',
  'birthDate-year': '2018',
  approximateAge: '',
  concern: 'Came to school hungry and with a bruise on her cheek',
  needLevel: 'Complex',
}

async function post(visitor: Visitor, fields: Record<string, string>, types: string[]) {
  const { cookie, token } = await t.csrf(visitor.cookie)
  const body = new URLSearchParams({ ...fields, _csrf: token })
  for (const type of types) body.append('concernTypes', type)
  return t.inject({
    method: 'POST',
    url: '/front-door/contacts',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  })
}

describe('a contact recorded by phone or email', () => {
  it('records a phone contact on one page, shown with its concern types, level and channel', async () => {
    const worker = new Visitor(t, await t.signInAs('front-door-practitioner'))
    expect((await worker.get('/front-door')).body).toContain('/front-door/contacts/new')
    const form = await worker.get('/front-door/contacts/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Universal')
    const response = await post(worker, PHONE_CONTACT, ['16A', '3A'])
    expect(response.statusCode).toBe(303)
    const referral = await t.database.owner
      .selectFrom('referral')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(referral).toMatchObject({
      contact_channel: 'phone',
      concern_types: ['16A', '3A'],
      need_level: 'Complex',
      status: 'received',
      reporter_name: 'Sam Teacher',
    })
    const page = await worker.get(String(response.headers.location))
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Phone call')
    expect(page.body).toContain('Neglect, Domestic abuse')
    expect(page.body).toContain('Complex')
  })

  it('refuses bad input with a message next to the field, and writes nothing', async () => {
    const worker = new Visitor(t, await t.signInAs('front-door-practitioner'))
    const cases: [Record<string, string>, string[], string][] = [
      [{ ...PHONE_CONTACT, channel: 'fax' }, ['16A'], 'Select how the contact came in'],
      [
        { ...PHONE_CONTACT, callerName: '' },
        ['16A'],
        'Enter the name of the person who made contact',
      ],
      [{ ...PHONE_CONTACT }, [], 'Select what the concern is about'],
      [{ ...PHONE_CONTACT }, ['99Z'], 'Select what the concern is about from the list'],
      [{ ...PHONE_CONTACT, needLevel: 'Severe' }, ['16A'], 'Select the level of need'],
      [
        { ...PHONE_CONTACT, 'birthDate-day': '', 'birthDate-month': '', 'birthDate-year': '' },
        ['16A'],
        'Enter the child’s date of birth or their approximate age',
      ],
      [{ ...PHONE_CONTACT, 'birthDate-year': '2001' }, ['16A'], 'The child must be under 18'],
    ]
    for (const [fields, types, message] of cases) {
      const response = await expectNothingWritten(t, () => post(worker, fields, types))
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain(message)
    }
    const referrer = new Visitor(t, await t.signInAs('referrer'))
    expect((await referrer.get('/front-door/contacts/new')).statusCode).toBe(403)
  })
})
