import { describe, expect, it } from 'vitest'
import type { Role } from '../../../src/platform/permissions.js'
import { englandAndWales } from '../../../src/platform/working-days.js'
import { checkDueAt } from '../../../src/modules/frontdoor/checks.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp, withCookies } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000

/** A referral as the front door receives it, with one child (Amira Khan, born 3 April 2018). */
async function insertReferral() {
  const receivedAt = new Date(Date.now() - HOUR)
  const row = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference: 'NSCP-2026-000001',
      draft_id: crypto.randomUUID(),
      source: 'professional',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * HOUR),
      household: 'Mother',
      parents_carers: 'Sara Khan',
      concern: 'Bruises on both arms',
      child_says: 'Scared to go home',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: false,
      reporter_name: 'Demo Referrer',
      reporter_email: 'referrer@northbridge.example',
      referrer_user_id: t.userId('referrer'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: row.id,
      position: 1,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
    })
    .execute()
  return row.id as string
}

/** The demo agency lead works for Northbridge Police; health is another agency. */
const police = () => t.northbridge.agencyIds[1] ?? ''
const health = () => t.northbridge.agencyIds[2] ?? ''

async function as(role: Role) {
  return new Visitor(t, await t.signInAs(role))
}

/** Posts a form whose fields may repeat (checkboxes), with a valid CSRF token. */
async function postForm(visitor: Visitor, url: string, fields: [string, string][]) {
  const { cookie, token } = await t.csrf(visitor.cookie)
  const response = await t.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...fields, ['_csrf', token]]).toString(),
  })
  visitor.cookie = withCookies(response, cookie)
  return response
}

async function checkRows() {
  return t.database.owner.selectFrom('referral_check').selectAll().orderBy('agency_id').execute()
}

async function auditOf(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

async function requestPoliceAndHealth(referralId: string, question = 'Any callouts to the home?') {
  const practitioner = await as('front-door-practitioner')
  const response = await postForm(practitioner, `/referrals/${referralId}/checks`, [
    ['agencyIds', police()],
    ['agencyIds', health()],
    ['question', question],
    ['due', 'next-working-day-noon'],
  ])
  expect(response.statusCode, response.body).toBe(303)
  expect(response.headers.location).toBe(`/referrals/${referralId}?notice=checks-requested#checks`)
  const rows = await checkRows()
  return {
    practitioner,
    policeCheck: rows.find(row => row.agency_id === police())?.id as string,
    healthCheck: rows.find(row => row.agency_id === health())?.id as string,
  }
}

describe('when a check is due', () => {
  const at = (iso: string) => new Date(iso)

  it('is today by 5pm London time on a working day before 5pm, and refused after', () => {
    // Friday 5 June 2026, 10:00 BST: due 17:00 BST (16:00 UTC).
    expect(checkDueAt(at('2026-06-05T09:00:00Z'), 'today-5pm', englandAndWales)).toEqual(
      at('2026-06-05T16:00:00Z'),
    )
    expect(checkDueAt(at('2026-06-05T16:30:00Z'), 'today-5pm', englandAndWales)).toBeNull()
    // Saturday is not a working day.
    expect(checkDueAt(at('2026-06-06T09:00:00Z'), 'today-5pm', englandAndWales)).toBeNull()
  })

  it('is 12:00 on the next working day, over weekends and bank holidays', () => {
    expect(
      checkDueAt(at('2026-06-05T15:00:00Z'), 'next-working-day-noon', englandAndWales),
    ).toEqual(at('2026-06-08T11:00:00Z'))
    // Thursday 24 December 2026: Christmas Day, then the Boxing Day substitute on Monday 28th.
    expect(
      checkDueAt(at('2026-12-24T10:00:00Z'), 'next-working-day-noon', englandAndWales),
    ).toEqual(at('2026-12-29T12:00:00Z'))
    // A partnership's own holiday counts too.
    const calendar = englandAndWales.withExtraHolidays(['2026-06-08'])
    expect(checkDueAt(at('2026-06-05T15:00:00Z'), 'next-working-day-noon', calendar)).toEqual(
      at('2026-06-09T11:00:00Z'),
    )
  })
})

describe('requesting checks from partner agencies', () => {
  it('asks each selected agency, audits each request and shows them on the referral', async () => {
    const referralId = await insertReferral()
    const { practitioner } = await requestPoliceAndHealth(referralId)
    const rows = await checkRows()
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.question).toBe('Any callouts to the home?')
      expect(row.requested_by).toBe(t.userId('front-door-practitioner'))
      expect(row.answer).toBeNull()
      expect(new Date(row.due_at).getTime()).toBeGreaterThan(Date.now())
    }
    const events = await auditOf('referral.check-requested')
    expect(events).toHaveLength(2)
    expect(events[0]?.resource_id).toBe(referralId)

    const page = await practitioner.get(`/referrals/${referralId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Checks with partner agencies')
    expect(page.body).toContain('Northbridge Police')
    expect(page.body).toContain('Northbridge NHS Foundation Trust')
    expect(page.body).toContain('Requested')
    expect(page.body).toContain('2 checks with partner agencies outstanding')

    const queue = await practitioner.get('/front-door')
    expect(queue.body).toContain('checks outstanding')
    expect(queue.body).toContain('<td class="govuk-table__cell">2 checks outstanding')
  })

  it('refuses no agency, no due time and another partnership’s agency with GOV.UK messages', async () => {
    const referralId = await insertReferral()
    const manager = await as('front-door-manager')
    const empty = await expectNothingWritten(t, () =>
      postForm(manager, `/referrals/${referralId}/checks`, []),
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('There is a problem')
    expect(empty.body).toContain('Select at least one agency to ask')
    expect(empty.body).toContain('Select when the answer is due')
    const elsewhere = await expectNothingWritten(t, () =>
      postForm(manager, `/referrals/${referralId}/checks`, [
        ['agencyIds', t.southbridge.agencyIds[1] ?? ''],
        ['due', 'next-working-day-noon'],
      ]),
    )
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.body).toContain('Select agencies from the partnership’s list')
    const tooLong = await expectNothingWritten(t, () =>
      postForm(manager, `/referrals/${referralId}/checks`, [
        ['agencyIds', police()],
        ['question', 'x'.repeat(2001)],
        ['due', 'next-working-day-noon'],
      ]),
    )
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.body).toContain('The question must be 2,000 characters or fewer')
    expect(await checkRows()).toEqual([])
    expect(await auditOf('referral.check-requested')).toEqual([])

    const unknown = await postForm(manager, `/referrals/${crypto.randomUUID()}/checks`, [
      ['agencyIds', police()],
      ['due', 'next-working-day-noon'],
    ])
    expect(unknown.statusCode).toBe(404)
    // Only the front door asks; referrers and agency leads do not.
    for (const role of ['referrer', 'agency-lead'] as const) {
      const visitor = await as(role)
      const refused = await postForm(visitor, `/referrals/${referralId}/checks`, [
        ['agencyIds', police()],
        ['due', 'next-working-day-noon'],
      ])
      expect(refused.statusCode, role).toBe(403)
    }
  })
})

describe('agencies answer the checks asked of them', () => {
  it('shows an agency lead only their agency’s checks, with only what they need', async () => {
    const referralId = await insertReferral()
    const { healthCheck } = await requestPoliceAndHealth(referralId)
    const lead = await as('agency-lead')
    const page = await lead.get('/front-door/checks')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('NSCP-2026-000001')
    expect(page.body).toContain('Amira Khan, born 3 April 2018')
    expect(page.body).toContain('Any callouts to the home?')
    expect(page.body).toContain('Northbridge Police')
    // Not the whole referral, and not the other agency's check.
    expect(page.body).not.toContain('Bruises on both arms')
    expect(page.body).not.toContain('Sara Khan')
    expect(page.body).not.toContain('Northbridge NHS Foundation Trust')
    expect(page.body).not.toContain(healthCheck)
    expect(await auditOf('referral.checks-viewed')).toHaveLength(1)
    // The lead cannot open the referral itself; the front door does not use the agencies' page.
    expect((await lead.get(`/referrals/${referralId}`)).statusCode).toBe(403)
    const practitioner = await as('front-door-practitioner')
    expect((await practitioner.get('/front-door/checks')).statusCode).toBe(403)
  })

  it('answers 404 to a direct answer of another agency’s check and leaves it unanswered', async () => {
    const referralId = await insertReferral()
    const { healthCheck } = await requestPoliceAndHealth(referralId)
    const lead = await as('agency-lead')
    const response = await lead.post(`/front-door/checks/${healthCheck}/answer`, {
      answer: 'Nothing known',
    })
    expect(response.statusCode).toBe(404)
    const row = (await checkRows()).find(check => check.id === healthCheck)
    expect(row?.answer).toBeNull()
    expect(await auditOf('referral.check-answered')).toEqual([])
    const unknown = await lead.post(`/front-door/checks/${crypto.randomUUID()}/answer`, {
      answer: 'Nothing known',
    })
    expect(unknown.statusCode).toBe(404)
  })

  it('requires an answer, records it with an audit event and shows it to the front door', async () => {
    const referralId = await insertReferral()
    const { practitioner, policeCheck } = await requestPoliceAndHealth(referralId)
    const lead = await as('agency-lead')
    const empty = await expectNothingWritten(t, () =>
      lead.post(`/front-door/checks/${policeCheck}/answer`, { answer: '  ' }),
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('There is a problem')
    expect(empty.body).toContain('Enter the agency’s answer')
    expect(empty.body).toContain(`href="#answer-${policeCheck}"`)

    expect(
      await lead.step(`/front-door/checks/${policeCheck}/answer`, {
        answer: 'Two domestic callouts in March',
      }),
    ).toBe('/front-door/checks?notice=check-answered')
    const row = (await checkRows()).find(check => check.id === policeCheck)
    expect(row?.answer).toBe('Two domestic callouts in March')
    expect(row?.answered_by).toBe(t.userId('agency-lead'))
    expect(row?.answered_at).not.toBeNull()
    const events = await auditOf('referral.check-answered')
    expect(events).toHaveLength(1)
    expect(events[0]?.resource_id).toBe(referralId)
    expect(events[0]?.detail).toMatchObject({ checkId: policeCheck, agencyId: police() })

    const again = await expectNothingWritten(t, () =>
      lead.post(`/front-door/checks/${policeCheck}/answer`, { answer: 'More' }),
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('This check has already been answered')

    const page = await practitioner.get(`/referrals/${referralId}`)
    expect(page.body).toContain('Two domestic callouts in March')
    expect(page.body).toContain('Answered')
    expect(page.body).toContain('1 check with partner agencies outstanding')
  })

  it('shows overdue checks on the referral and in the queue', async () => {
    const referralId = await insertReferral()
    await t.database.owner
      .insertInto('referral_check')
      .values({
        partnership_id: t.northbridge.id,
        referral_id: referralId,
        agency_id: police(),
        requested_by: t.userId('front-door-practitioner'),
        requested_at: new Date(Date.now() - 30 * HOUR),
        due_at: new Date(Date.now() - HOUR),
      })
      .execute()
    const practitioner = await as('front-door-practitioner')
    const page = await practitioner.get(`/referrals/${referralId}`)
    expect(page.body).toContain('Overdue')
    expect(page.body).toContain('1 overdue')
    const queue = await practitioner.get('/front-door')
    expect(queue.body).toContain('1 overdue')
    const lead = await as('agency-lead')
    expect((await lead.get('/front-door/checks')).body).toContain('Overdue')
  })
})
