import { describe, expect, it } from 'vitest'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000
/** The allocation clock, levels of need and early help setting as they are by default. */
const UNCHANGED_SETTINGS = {
  allocationWorkingDays: '7',
  needLevels: 'Universal\nAdditional\nComplex\nStatutory',
  earlyHelpWrites: 'referral-nfa',
}

/** A referral as the front door receives it, with one child (Amira Khan, born 3 April 2018). */
async function insertReferral(
  options: {
    professional?: boolean
    receivedAt?: Date
    partnership?: SeededPartnership
    reference?: string
    child?: {
      givenName: string
      familyName: string | null
      birthDate: string | null
      approximateAge?: number
    }
  } = {},
) {
  const partnership = options.partnership ?? t.northbridge
  const receivedAt = options.receivedAt ?? new Date(Date.now() - HOUR)
  const professional = options.professional ?? true
  const row = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: partnership.id,
      reference: options.reference ?? 'NSCP-2026-000001',
      draft_id: crypto.randomUUID(),
      source: professional ? 'professional' : 'public',
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
      referrer_user_id: professional ? t.userId('referrer', partnership) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const child = options.child ?? { givenName: 'Amira', familyName: 'Khan', birthDate: '2018-04-03' }
  const referralChild = await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: partnership.id,
      referral_id: row.id,
      position: 1,
      given_name: child.givenName,
      family_name: child.familyName,
      birth_date: child.birthDate,
      approximate_age: child.approximateAge ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id as string, childId: referralChild.id as string, receivedAt }
}

async function insertChild(values: {
  laChildId: string
  givenName?: string | null
  familyName?: string | null
  birthDate?: string | null
  upn?: string | null
  partnership?: SeededPartnership
}) {
  const row = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: (values.partnership ?? t.northbridge).id,
      la_child_id: values.laChildId,
      given_name: values.givenName ?? null,
      family_name: values.familyName ?? null,
      birth_date: values.birthDate ?? null,
      upn: values.upn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** Links every referred child of the referral to a new record, as the front door must first. */
async function linkAll(referral: { id: string }) {
  const children = await t.database.owner
    .selectFrom('referral_child')
    .select(['id', 'partnership_id'])
    .where('referral_id', '=', referral.id)
    .execute()
  for (const child of children) {
    const record = await t.database.owner
      .insertInto('child')
      .values({ partnership_id: child.partnership_id, la_child_id: `LINK-${child.id.slice(0, 8)}` })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.database.owner
      .updateTable('referral_child')
      .set({ child_id: record.id })
      .where('id', '=', child.id)
      .execute()
  }
}

async function referralRow(id: string) {
  return t.database.owner
    .selectFrom('referral')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function auditOf(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

async function as(role: Parameters<TestAppRole>[0], partnership?: SeededPartnership) {
  return new Visitor(t, await t.signInAs(role, partnership))
}
type TestAppRole = typeof t.signInAs

describe('triage: RAG rating and the decision clock', () => {
  it('recomputes the decision due time from the partnership’s timescale for the rating', async () => {
    const referral = await insertReferral()
    const practitioner = await as('front-door-practitioner')
    expect(await practitioner.step(`/referrals/${referral.id}/rag`, { ragRating: 'red' })).toBe(
      `/referrals/${referral.id}?notice=referral-rated`,
    )
    const row = await referralRow(referral.id)
    expect(row.rag_rating).toBe('red')
    expect(new Date(row.decision_due_at).getTime()).toBe(referral.receivedAt.getTime() + 4 * HOUR)
    const events = await auditOf('referral.rag-rated')
    expect(events).toHaveLength(1)
    expect(events[0]?.fields).toMatchObject({ ragRating: { from: null, to: 'red' } })
    expect(events[0]?.fields).toHaveProperty('decisionDueAt')

    // A manager gives red 2 hours; a new rating uses it.
    const manager = await as('front-door-manager')
    const settingsPage = await manager.get('/front-door/settings')
    expect(settingsPage.statusCode).toBe(200)
    expect(settingsPage.body).toContain('value="4"')
    expect(
      await manager.step('/front-door/settings', {
        redHours: '2',
        amberWorkingDays: '1',
        greenWorkingDays: '3',
        requiresAuthorisation: 'yes',
        ...UNCHANGED_SETTINGS,
      }),
    ).toBe('/front-door?notice=front-door-settings-saved')
    expect((await auditOf('front-door-settings.updated'))[0]?.fields).toEqual({
      redHours: { from: 4, to: 2 },
      greenWorkingDays: { from: 1, to: 3 },
    })
    await practitioner.step(`/referrals/${referral.id}/rag`, { ragRating: 'amber' })
    await practitioner.step(`/referrals/${referral.id}/rag`, { ragRating: 'red' })
    expect(new Date((await referralRow(referral.id)).decision_due_at).getTime()).toBe(
      referral.receivedAt.getTime() + 2 * HOUR,
    )
    const queue = await practitioner.get('/front-door')
    expect(queue.body).toContain('Red')
  })

  it('refuses a missing rating and bad settings with GOV.UK messages', async () => {
    const referral = await insertReferral()
    const manager = await as('front-door-manager')
    const noRating = await expectNothingWritten(t, () =>
      manager.post(`/referrals/${referral.id}/rag`, { ragRating: 'purple' }),
    )
    expect(noRating.statusCode).toBe(400)
    expect(noRating.body).toContain('Select a RAG rating')
    expect(noRating.body).toContain('There is a problem')
    const bad = await expectNothingWritten(t, () =>
      manager.post('/front-door/settings', {
        redHours: '0',
        amberWorkingDays: 'one',
        greenWorkingDays: '',
      }),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Hours for a red rating must be a whole number from 1 to 72')
    expect(bad.body).toContain(
      'Working days for an amber rating must be a whole number from 1 to 10',
    )
    expect(bad.body).toContain('Enter working days for a green rating')
    expect(bad.body).toContain('Select yes if a manager must authorise decisions')
    expect(await t.database.owner.selectFrom('front_door_setting').selectAll().execute()).toEqual(
      [],
    )
    // Practitioners and referrers do not change the settings or triage beyond their role.
    const practitioner = await as('front-door-practitioner')
    expect((await practitioner.get('/front-door/settings')).statusCode).toBe(403)
    const referrer = await as('referrer')
    expect(
      (await referrer.post(`/referrals/${referral.id}/rag`, { ragRating: 'red' })).statusCode,
    ).toBe(403)
  })
})

describe('decisions and manager authorisation', () => {
  it('holds a practitioner’s decision for a manager, then tells the referrer the outcome', async () => {
    const referral = await insertReferral()
    await linkAll(referral)
    const practitioner = await as('front-door-practitioner')
    const empty = await expectNothingWritten(t, () =>
      practitioner.post(`/referrals/${referral.id}/decision`, {}),
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Select a decision')
    expect(empty.body).toContain('Enter the reasons for the decision')

    await practitioner.step(`/referrals/${referral.id}/decision`, {
      decision: 'early-help',
      decisionReasons: 'Needs met by family support',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    let row = await referralRow(referral.id)
    expect(row).toMatchObject({ status: 'awaiting-authorisation', decision: 'early-help' })
    expect(row.feedback_sent_at).toBeNull()
    const waiting = await practitioner.get('/front-door?show=awaiting-authorisation')
    expect(waiting.body).toContain('NSCP-2026-000001')
    expect(waiting.body).toContain('Awaiting authorisation')
    expect((await practitioner.get(`/referrals/${referral.id}`)).body).toContain(
      'waiting for a manager to authorise it',
    )
    // Not yet final: the referrer sees no outcome and nothing is sent.
    const referrer = await as('referrer')
    expect((await referrer.get('/referrals')).body).toContain('Not decided yet')
    expect(await t.database.owner.selectFrom('outbox_message').selectAll().execute()).toEqual([])
    // Practitioners cannot authorise.
    expect(
      (await practitioner.post(`/referrals/${referral.id}/authorisation`, { outcome: 'authorise' }))
        .statusCode,
    ).toBe(403)

    const manager = await as('front-door-manager')
    const page = await manager.get(`/referrals/${referral.id}`)
    expect(page.body).toContain('Authorise the decision')
    expect((await manager.post(`/referrals/${referral.id}/authorisation`, {})).statusCode).toBe(400)
    await manager.step(`/referrals/${referral.id}/authorisation`, { outcome: 'authorise' })
    row = await referralRow(referral.id)
    expect(row).toMatchObject({
      status: 'decided',
      authorised_by: t.userId('front-door-manager'),
    })
    expect(row.feedback_sent_at).not.toBeNull()
    const mail = await t.database.owner.selectFrom('outbox_message').selectAll().execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]).toMatchObject({
      to_address: 'referrer@northbridge.example',
      subject: 'Outcome of your referral NSCP-2026-000001',
    })
    expect(mail[0]?.body_text).toContain('Outcome: Early help.')

    const mine = await referrer.get('/referrals')
    expect(mine.body).toContain('Early help')
    const own = await referrer.get(`/referrals/${referral.id}`)
    expect(own.body).toContain('Outcome')
    expect(own.body).toContain('Early help')
    // The reasons stay with the front door.
    expect(own.body).not.toContain('Needs met by family support')
    expect(own.body).not.toContain('RAG rating</legend>')

    expect((await auditOf('referral.decided'))[0]?.fields).toEqual({
      status: { from: 'received', to: 'awaiting-authorisation' },
      decision: { from: null, to: 'early-help' },
      decisionReasons: 'changed',
      censusReferralSource: { from: null, to: '6' },
      primaryNeedCode: { from: null, to: 'N1' },
    })
    expect(await auditOf('referral.decision-authorised')).toHaveLength(1)
    expect(await auditOf('referral.feedback-sent')).toHaveLength(1)

    // Final is final.
    const again = await expectNothingWritten(t, () =>
      manager.post(`/referrals/${referral.id}/decision`, {
        decision: 'no-further-action',
        decisionReasons: 'Changed my mind',
        referralSource: '6',
        primaryNeed: 'N1',
      }),
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('A final decision has already been made')
    expect(
      (await manager.post(`/referrals/${referral.id}/rag`, { ragRating: 'red' })).statusCode,
    ).toBe(400)
  })

  it('lets a manager send a decision back', async () => {
    const referral = await insertReferral()
    await linkAll(referral)
    const practitioner = await as('front-door-practitioner')
    await practitioner.step(`/referrals/${referral.id}/decision`, {
      decision: 'no-further-action',
      decisionReasons: 'Not a safeguarding concern',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    const manager = await as('front-door-manager')
    await manager.step(`/referrals/${referral.id}/authorisation`, { outcome: 'return' })
    expect(await referralRow(referral.id)).toMatchObject({ status: 'received', decision: null })
    expect(await auditOf('referral.decision-returned')).toHaveLength(1)
    const none = await expectNothingWritten(t, () =>
      manager.post(`/referrals/${referral.id}/authorisation`, {
        outcome: 'authorise',
      }),
    )
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('There is no decision waiting for authorisation')
  })

  it('makes a decision final at once where the partnership does not ask for authorisation', async () => {
    const referral = await insertReferral()
    await linkAll(referral)
    const manager = await as('front-door-manager')
    await manager.step('/front-door/settings', {
      redHours: '4',
      amberWorkingDays: '1',
      greenWorkingDays: '1',
      requiresAuthorisation: 'no',
      ...UNCHANGED_SETTINGS,
    })
    const practitioner = await as('front-door-practitioner')
    await practitioner.step(`/referrals/${referral.id}/decision`, {
      decision: 'strategy-discussion',
      decisionReasons: 'Risk of significant harm',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    const row = await referralRow(referral.id)
    expect(row).toMatchObject({
      status: 'decided',
      decision: 'strategy-discussion',
      authorised_by: null,
    })
    expect(row.feedback_sent_at).not.toBeNull()
  })

  it('does not let the Southbridge front door decide a Northbridge referral', async () => {
    const referral = await insertReferral()
    const other = await as('front-door-manager', t.southbridge)
    const response = await other.post(`/referrals/${referral.id}/decision`, {
      decision: 'early-help',
      decisionReasons: 'x',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    expect(response.statusCode).toBe(404)
    expect(await referralRow(referral.id)).toMatchObject({ status: 'received' })
  })
})

describe('feedback to referrers', () => {
  it('shows which referrals still owe feedback, and only professionals are owed it', async () => {
    const owed = await insertReferral({ reference: 'NSCP-2026-000001' })
    await linkAll(owed)
    await insertReferral({ reference: 'NSCP-2026-000002', professional: false })
    const manager = await as('front-door-manager')
    let list = await manager.get('/front-door?show=feedback-owed')
    expect(list.body).toContain('NSCP-2026-000001')
    expect(list.body).not.toContain('NSCP-2026-000002')
    expect(list.body).toContain('Owed')
    await manager.step(`/referrals/${owed.id}/decision`, {
      decision: 'information-and-advice',
      decisionReasons: 'Advice given to the school',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    list = await manager.get('/front-door?show=feedback-owed')
    expect(list.body).not.toContain('NSCP-2026-000001')
    const all = await manager.get('/front-door')
    expect(all.body).toContain('Feedback: sent')
    expect(all.body).toContain('Feedback: not needed')
  })
})

describe('one child, one record', () => {
  it('lists likely matches with why they match, including census records without names', async () => {
    const referral = await insertReferral()
    await insertChild({
      laChildId: 'C1',
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
    })
    await insertChild({
      laChildId: 'C2',
      givenName: 'Amirah',
      familyName: 'Kahn',
      birthDate: '2018-04-03',
    })
    await insertChild({ laChildId: 'C3', birthDate: '2018-04-03' })
    await insertChild({
      laChildId: 'C4',
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-03-04',
    })
    await insertChild({
      laChildId: 'C5',
      givenName: 'Oliver',
      familyName: 'Smith',
      birthDate: '2015-01-01',
    })
    await insertChild({
      laChildId: 'S1',
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      partnership: t.southbridge,
    })
    const practitioner = await as('front-door-practitioner')
    const page = await practitioner.get(`/referrals/${referral.id}`)
    expect(page.statusCode).toBe(200)
    const order = [...page.body.matchAll(/LA child ID (\w+)/g)].map(m => m[1])
    expect(order).toEqual(['C1', 'C4', 'C2', 'C3'])
    expect(page.body).toContain('Same date of birth; Same family name; Same first name')
    expect(page.body).toContain('Similar family name (Kahn)')
    expect(page.body).toContain('Date of birth with day and month swapped')
    expect(page.body).toContain('Imported from the census: no name held')
    expect(page.body).not.toContain('Oliver')
  })

  it('finds a record by UPN and links the referred child to it, audited', async () => {
    const referral = await insertReferral({
      child: { givenName: 'Amy', familyName: null, birthDate: null, approximateAge: 7 },
    })
    const recordId = await insertChild({ laChildId: 'C9', upn: 'A123456789012' })
    const practitioner = await as('front-door-practitioner')
    const before = await practitioner.get(`/referrals/${referral.id}`)
    expect(before.body).not.toContain('LA child ID C9')
    const found = await practitioner.get(
      `/referrals/${referral.id}?identifier-${referral.childId}=a123456789012`,
    )
    expect(found.body).toContain('Same UPN')
    const noRecord = await expectNothingWritten(t, () =>
      practitioner.post(`/referrals/${referral.id}/children/${referral.childId}/link`, {}),
    )
    expect(noRecord.statusCode).toBe(400)
    expect(noRecord.body).toContain('Select the child’s record')
    expect(
      await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/link`, {
        recordId,
      }),
    ).toBe(`/referrals/${referral.id}?notice=referral-linked#child-${referral.childId}`)
    const linked = await t.database.owner
      .selectFrom('referral_child')
      .selectAll()
      .where('id', '=', referral.childId)
      .executeTakeFirstOrThrow()
    expect(linked).toMatchObject({ child_id: recordId, previous_referral_on: null })
    const events = await auditOf('referral-child.linked')
    expect(events[0]).toMatchObject({ child_id: recordId, resource_id: referral.id })
    expect((await practitioner.get(`/referrals/${referral.id}`)).body).toContain(
      `href="/children/${recordId}"`,
    )
  })

  it('refuses another partnership’s record', async () => {
    const referral = await insertReferral()
    const elsewhere = await insertChild({ laChildId: 'S1', partnership: t.southbridge })
    const practitioner = await as('front-door-practitioner')
    const response = await expectNothingWritten(t, () =>
      practitioner.post(`/referrals/${referral.id}/children/${referral.childId}/link`, {
        recordId: elsewhere,
      }),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select one of the child records listed')
  })

  it('creates a new child record when none matches', async () => {
    const referral = await insertReferral()
    const practitioner = await as('front-door-practitioner')
    await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/new-record`, {})
    const child = await t.database.owner.selectFrom('child').selectAll().executeTakeFirstOrThrow()
    expect(child).toMatchObject({
      partnership_id: t.northbridge.id,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
    })
    expect(child.la_child_id).toMatch(/^KS[0-9A-F]{10}$/)
    expect(await auditOf('child.created')).toHaveLength(1)
    const again = await expectNothingWritten(t, () =>
      practitioner.post(`/referrals/${referral.id}/children/${referral.childId}/new-record`, {}),
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('This child is already linked to a record')
  })

  it('flags a re-referral within 12 months, from the census or the front door', async () => {
    const now = Date.now()
    const recordId = await insertChild({ laChildId: 'C1', givenName: 'Amira', familyName: 'Khan' })
    const first = await insertReferral({
      reference: 'NSCP-2026-000001',
      receivedAt: new Date(now - 100 * 24 * HOUR),
    })
    const second = await insertReferral({
      reference: 'NSCP-2026-000002',
      receivedAt: new Date(now - HOUR),
    })
    const practitioner = await as('front-door-practitioner')
    for (const referral of [first, second]) {
      await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/link`, {
        recordId,
      })
    }
    const rows = await t.database.owner
      .selectFrom('referral_child')
      .select(['referral_id', 'previous_referral_on'])
      .execute()
    expect(rows.find(r => r.referral_id === first.id)?.previous_referral_on).toBeNull()
    expect(rows.find(r => r.referral_id === second.id)?.previous_referral_on).not.toBeNull()
    const queue = await practitioner.get('/front-door')
    const queueRows = queue.body.split('<tr class="govuk-table__row">').slice(2)
    expect(queueRows.find(r => r.includes('NSCP-2026-000002'))).toContain('Re-referral')
    expect(queueRows.find(r => r.includes('NSCP-2026-000001'))).not.toContain('Re-referral')
    expect((await practitioner.get(`/referrals/${second.id}`)).body).toContain('within 12 months')

    // A census episode 13 months back is not a re-referral; one 3 months back is.
    const census = await insertChild({ laChildId: 'C2', givenName: 'Yusuf', familyName: 'Khan' })
    const third = await insertReferral({
      reference: 'NSCP-2026-000003',
      child: { givenName: 'Yusuf', familyName: 'Khan', birthDate: null, approximateAge: 3 },
    })
    const day = (days: number) => new Date(now - days * 24 * HOUR).toISOString().slice(0, 10)
    await t.database.owner
      .insertInto('cin_episode')
      .values({ partnership_id: t.northbridge.id, child_id: census, referral_date: day(400) })
      .execute()
    await practitioner.step(`/referrals/${third.id}/children/${third.childId}/link`, {
      recordId: census,
    })
    const notAgain = await t.database.owner
      .selectFrom('referral_child')
      .select('previous_referral_on')
      .where('id', '=', third.childId)
      .executeTakeFirstOrThrow()
    expect(notAgain.previous_referral_on).toBeNull()
    await t.database.owner
      .insertInto('cin_episode')
      .values({ partnership_id: t.northbridge.id, child_id: census, referral_date: day(90) })
      .execute()
    await practitioner.step(`/referrals/${third.id}/children/${third.childId}/link`, {
      recordId: census,
    })
    const flagged = await t.database.owner
      .selectFrom('referral_child')
      .select('previous_referral_on')
      .where('id', '=', third.childId)
      .executeTakeFirstOrThrow()
    expect(flagged.previous_referral_on).toBe(day(90))
  })
})

describe('unknown ids and empty forms', () => {
  it('answers 404 for an unknown referral or child and 400 for an empty settings form', async () => {
    const manager = await as('front-door-manager')
    const id = '00000000-0000-4000-8000-000000000000'
    for (const url of [
      `/referrals/${id}/rag`,
      `/referrals/${id}/decision`,
      `/referrals/${id}/authorisation`,
      `/referrals/${id}/children/${id}/link`,
      `/referrals/${id}/children/${id}/new-record`,
      '/referrals/not-an-id/rag',
    ]) {
      expect((await manager.post(url, {})).statusCode, url).toBe(404)
    }
    const referral = await insertReferral()
    expect(
      (await manager.post(`/referrals/${referral.id}/children/${id}/new-record`, {})).statusCode,
    ).toBe(404)
    expect((await manager.post('/front-door/settings', {})).statusCode).toBe(400)
  })
})
