/**
 * Retention rules over the front door's records (privacy module, issue 16 point 17): public reports
 * of a concern never sent (30 days by default) and contacts closed with no further action (6 years
 * by default) are counted on /admin/privacy and removed when past their rule; newer ones stay, and
 * the other partnership's are untouched.
 */
import { describe, expect, it } from 'vitest'
import { openDraft, startDraft, submitReferral } from '../../../src/modules/frontdoor/service.js'
import type { DraftAnswers } from '../../../src/modules/frontdoor/table.js'
import { applyRetention } from '../../../src/modules/privacy/service.js'
import { cutOffFor } from '../../../src/modules/privacy/retention.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { createMailer } from '../../../src/platform/mail.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()
const DAY_MS = 24 * 60 * 60_000

const ANSWERS: DraftAnswers = {
  children: [
    {
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      approximateAge: null,
      address: '12 Mill Lane',
      postcode: 'NB1 2AB',
    },
  ],
  family: { household: 'Mother and a brother', parentsCarers: 'Sara Khan' },
  concern: { concern: 'Bruises on both arms.', startedOn: '2025-09-01' },
  voice: { childSays: 'Scared to go home.', childFeels: 'Quiet' },
  consent: { consent: 'refused', reason: 'Her mother said no' },
  reporter: { anonymous: true, name: '', relationship: '', email: '', phone: '' },
}

async function draft(partnership: SeededPartnership, createdDaysAgo: number): Promise<string> {
  const cookie = await startDraft(t.database.db, {
    partnershipId: partnership.id,
    source: 'public',
    userId: null,
    answers: ANSWERS,
    requestId: 'test',
  })
  const open = await openDraft(t.database.db, cookie, null, londonToday())
  if (!open) throw new Error('No draft')
  await t.database.owner
    .updateTable('referral_draft')
    .set({ created_at: new Date(Date.now() - createdDaysAgo * DAY_MS) })
    .where('id', '=', open.draft.id)
    .execute()
  return cookie
}

/** A contact sent, then decided with `decision` `decidedDaysAgo` days ago. */
async function contact(partnership: SeededPartnership, decision: string, decidedDaysAgo: number) {
  const open = await openDraft(t.database.db, await draft(partnership, 0), null, londonToday())
  if (!open) throw new Error('No draft')
  const sent = await submitReferral(t.database.db, createMailer({ from: 'x@example.org' }), {
    open,
    requestId: 'test',
    now: new Date(),
  })
  if (sent.kind !== 'submitted') throw new Error(sent.kind)
  await t.database.owner
    .updateTable('referral')
    .set({
      status: 'decided',
      decision,
      decision_reasons: 'Reasons',
      decided_by: partnership.users[0]?.id,
      decided_at: new Date(Date.now() - decidedDaysAgo * DAY_MS),
    })
    .where('id', '=', sent.referralId)
    .execute()
  return sent.referralId
}

async function ids(table: string): Promise<string[]> {
  const found = await t.database.owner.selectFrom(table).select('id').execute()
  return found.map(row => String(row.id))
}

describe('retention of the front door’s records', () => {
  it('counts what is due on /admin/privacy and removes only records past their rule', async () => {
    // Unsent public reports: 40 days old (due), 5 days old (kept), and the other partnership's.
    await draft(t.northbridge, 40)
    await draft(t.northbridge, 5)
    await draft(t.southbridge, 40)
    // Contacts: no further action 7 years ago (due), information and advice 7 years ago (due),
    // no further action last year (kept), an assessment 7 years ago (kept: not closed as NFA).
    const oldNfa = await contact(t.northbridge, 'no-further-action', 7 * 366)
    const oldAdvice = await contact(t.northbridge, 'information-and-advice', 7 * 366)
    const recentNfa = await contact(t.northbridge, 'no-further-action', 300)
    const assessment = await contact(t.northbridge, 'assessment', 7 * 366)
    const otherNfa = await contact(t.southbridge, 'no-further-action', 7 * 366)

    const admin = await t.signInAs('partnership-admin')
    const page = await t.inject({
      method: 'GET',
      url: '/admin/privacy',
      headers: { cookie: admin },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Public reports of a concern started but never sent')
    expect(page.body).toMatch(/id="due-unsent-public-reports">1</)
    expect(page.body).toMatch(/id="due-no-further-action-contacts">2</)
    expect(page.body).toContain('The audit log is never removed')

    const removed = await applyRetention(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      requestId: null,
    })
    expect(removed).toMatchObject({ 'unsent-public-reports': 1, 'no-further-action-contacts': 2 })
    const referrals = await ids('referral')
    expect(referrals).not.toContain(oldNfa)
    expect(referrals).not.toContain(oldAdvice)
    expect(referrals).toEqual(expect.arrayContaining([recentNfa, assessment, otherNfa]))
    const children = await t.database.owner
      .selectFrom('referral_child')
      .select('referral_id')
      .execute()
    expect(children.map(c => c.referral_id).sort()).toEqual(
      [recentNfa, assessment, otherNfa].sort(),
    )
    const unsent = await t.database.owner
      .selectFrom('referral_draft')
      .select(['partnership_id', 'created_at'])
      .where('submitted_referral_id', 'is', null)
      .execute()
    // The recent one here and the other partnership's old one stay.
    expect(unsent).toHaveLength(2)
    expect(unsent.filter(d => d.partnership_id === t.northbridge.id)).toHaveLength(1)
  }, 120_000)

  it('takes its days from the administrator’s rule and refuses a rule that is not a number of days', async () => {
    await draft(t.northbridge, 10)
    const admin = await t.signInAs('partnership-admin')
    const rules = {
      'named-survey-responses': '2',
      'former-bulletin-subscribers': '1',
      'no-further-action-contacts': '6',
      'closed-early-help-episodes': '6',
    }
    const refused = await expectNothingWritten(t, () =>
      t.postForm('/admin/privacy/retention', { ...rules, 'unsent-public-reports': '0' }, admin),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The number of days must be between 1 and 3650')
    const saved = await t.postForm(
      '/admin/privacy/retention',
      { ...rules, 'unsent-public-reports': '7' },
      admin,
    )
    expect(saved.statusCode).toBe(303)
    const page = await t.inject({
      method: 'GET',
      url: '/admin/privacy',
      headers: { cookie: admin },
    })
    expect(page.body).toMatch(/id="due-unsent-public-reports">1</)
  }, 120_000)

  it('cuts off days back across a month and a year', () => {
    expect(cutOffFor('2026-01-10', 30, 'days')).toBe('2025-12-11')
    expect(cutOffFor('2026-12-06', 6, 'years')).toBe('2020-12-06')
  })
})
