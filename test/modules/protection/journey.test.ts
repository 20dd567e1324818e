import { describe, expect, it } from 'vitest'
import { exportCensus } from '../../../src/modules/census/export.js'
import { validateCensus, type Finding } from '../../../src/modules/census/validator.js'
import { readCensusBatches } from '../../../src/modules/census/xml-reader.js'
import { decideReferral } from '../../../src/modules/frontdoor/decisions.js'
import type { Actor } from '../../../src/platform/http/types.js'
import { createMailer } from '../../../src/platform/mail.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture } from '../census/records-helpers.js'
import { agency, as, dateFields, idFrom, insertChild, strategyForm } from './helpers.js'

const t = useTestApp()

function manager(): Actor {
  return {
    userId: t.userId('front-door-manager'),
    email: 'manager@northbridge.example',
    displayName: 'Manager',
    partnershipId: t.northbridge.id,
    partnershipName: 'Northbridge',
    roles: ['front-door-manager'],
    agencyIds: [],
    via: 'session',
  }
}

/** A referral received and decided (strategy discussion) by the front door, for one child. */
async function referralDecidedForStrategy(childId: string, receivedAt: Date, decidedAt: Date) {
  const referral = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference: 'NSCP-2024-000001',
      draft_id: crypto.randomUUID(),
      source: 'professional',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 86_400_000),
      household: 'Mother and stepfather',
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
      referral_id: referral.id,
      position: 1,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      child_id: childId,
    })
    .execute()
  const decided = await decideReferral(
    t.database.db,
    createMailer({ from: 'frontdoor@northbridge.example' }),
    {
      actor: manager(),
      referralId: referral.id as string,
      input: {
        decision: 'strategy-discussion',
        decisionReasons: 'Physical injury disclosed',
        referralSource: '5A',
        primaryNeed: 'N1',
      },
      requestId: 'test',
      now: decidedAt,
    },
  )
  expect(decided.kind).toBe('decided')
  return referral.id as string
}

async function row(table: string, id: string) {
  const found = await t.database.owner
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  // pg returns date[] as Date objects (PGlite as strings): compare as calendar dates.
  if (Array.isArray(found.review_dates)) {
    found.review_dates = found.review_dates.map((date: Date | string) =>
      typeof date === 'string' ? date : date.toISOString().slice(0, 10),
    )
  }
  return found
}

async function actions() {
  const events = await t.database.owner
    .selectFrom('audit_event')
    .select(['action', 'fields'])
    .where('action', '!=', 'child.viewed')
    .orderBy('seq')
    .execute()
  return events.map(event => event.action as string)
}

describe('the child protection journey', () => {
  it('takes a child from referral to a plan that ends, in the census tables, and the return validates', async () => {
    const childId = await insertChild(t, 'CPJOURNEY')
    // The partnership's own holiday on 10 September 2024 pushes the conference target a day.
    await t.database.owner
      .insertInto('bank_holiday')
      .values({ partnership_id: t.northbridge.id, holiday_on: '2024-09-10', name: 'Local holiday' })
      .execute()
    const referralId = await referralDecidedForStrategy(
      childId,
      new Date('2024-09-02T08:00:00Z'),
      new Date('2024-09-02T15:00:00Z'),
    )

    // The front door sees the way on from its decision.
    const frontDoor = await as(t, 'front-door-manager')
    const referralPage = await frontDoor.get(`/referrals/${referralId}`)
    expect(referralPage.body).toContain(
      `/protection/children/${childId}/strategy-discussions/new?referralId=${referralId}`,
    )
    expect(referralPage.body).toContain('Record the strategy discussion')

    const worker = await as(t, 'social-worker')
    const form = await worker.get(
      `/protection/children/${childId}/strategy-discussions/new?referralId=${referralId}`,
    )
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('From referral NSCP-2024-000001')

    // Strategy discussion on Wednesday 4 September starts the Section 47 enquiry.
    const toEnquiry = await worker.step(
      `/protection/children/${childId}/strategy-discussions?referralId=${referralId}`,
      strategyForm(t, '2024-09-04'),
    )
    const section47Id = idFrom(toEnquiry)
    expect(toEnquiry.split('?')[0]).toBe(`/protection/section47s/${section47Id}`)
    expect(await row('section47', section47Id)).toMatchObject({
      start_date: '2024-09-04',
      // 15 working days, less the local holiday: 26 rather than 25 September.
      icpc_target_date: '2024-09-26',
      icpc_not_required: false,
      date_of_initial_cpc: null,
      lead_worker_id: t.userId('social-worker'),
    })
    const discussions = await t.database.owner
      .selectFrom('strategy_discussion')
      .selectAll()
      .execute()
    expect(discussions).toHaveLength(1)
    expect(discussions[0]).toMatchObject({ referral_id: referralId, pre_birth: false })
    const participants = await t.database.owner
      .selectFrom('strategy_participant')
      .selectAll()
      .execute()
    expect(participants.map(p => p.agency_id).sort()).toEqual([agency(t, 0), agency(t, 1)].sort())

    // A further discussion during the enquiry moves the target: 15 working days after it.
    const again = await worker.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-11'),
    )
    expect(again.split('?')[0]).toBe(`/protection/section47s/${section47Id}`)
    expect(await t.database.owner.selectFrom('section47').selectAll().execute()).toHaveLength(1)
    expect(await row('section47', section47Id)).toMatchObject({ icpc_target_date: '2024-10-02' })

    // The enquiry substantiates the concerns: an initial conference to schedule.
    const toConference = await worker.step(`/protection/section47s/${section47Id}/outcome`, {
      ...dateFields('completedOn', '2024-09-20'),
      outcome: 'conference',
    })
    const conferenceId = idFrom(toConference)
    expect(await row('conference', conferenceId)).toMatchObject({
      kind: 'initial',
      status: 'to-schedule',
      target_date: '2024-10-02',
      section47_id: section47Id,
      pre_birth: false,
    })
    expect(await row('section47', section47Id)).toMatchObject({
      completed_on: '2024-09-20',
      outcome: 'conference',
      icpc_not_required: false,
    })

    const chair = await as(t, 'conference-chair')
    await chair.step(`/protection/conferences/${conferenceId}/schedule`, {
      ...dateFields('date', '2024-10-01'),
      time: '10:00',
      venue: 'Northbridge Civic Centre, room 2',
      chairId: t.userId('conference-chair'),
    })
    expect(await row('conference', conferenceId)).toMatchObject({
      status: 'scheduled',
      scheduled_at: new Date('2024-10-01T09:00:00Z'),
      chair_id: t.userId('conference-chair'),
    })
    await chair.step(`/protection/conferences/${conferenceId}/invitations`, {
      'invitation-0-agency': agency(t, 1),
      'invitation-0-name': 'DS Pat Officer',
      'invitation-0-email': 'pat.officer@police.example',
      'invitation-1-agency': agency(t, 2),
      'invitation-1-name': 'Jo Nurse',
    })
    const invitations = await t.database.owner
      .selectFrom('conference_invitation')
      .selectAll()
      .orderBy('invitee_name')
      .execute()
    expect(invitations).toHaveLength(2)
    // Reports are due 3 working days before the conference: by the end of 26 September.
    for (const invitation of invitations) {
      expect(invitation.report_due_at).toEqual(new Date('2024-09-26T22:59:59Z'))
    }
    const [police, health] = [
      invitations.find(i => i.agency_id === agency(t, 1))!,
      invitations.find(i => i.agency_id === agency(t, 2))!,
    ]
    await chair.step(`/protection/conferences/${conferenceId}/invitations/sent`, {
      invitationIds: police.id,
      ...dateFields('sentOn', '2024-09-23'),
    })
    const sent = await chair.post(`/protection/conferences/${conferenceId}/invitations/sent`, {
      invitationIds: health.id,
    })
    expect(sent.statusCode).toBe(303)
    expect((await row('conference_invitation', police.id)).sent_at).toEqual(
      new Date('2024-09-23T11:00:00Z'),
    )
    expect((await row('conference_invitation', health.id)).sent_at).not.toBeNull()
    await chair.step(`/protection/conferences/${conferenceId}/invitations/${police.id}/report`, {
      ...dateFields('receivedOn', '2024-09-25'),
      receivedTime: '14:00',
      reportText: 'Police checks: two call-outs this year.',
    })
    await chair.step(`/protection/conferences/${conferenceId}/invitations/${health.id}/report`, {
      ...dateFields('receivedOn', '2024-09-30'),
      receivedTime: '09:15',
    })
    const page = await chair.get(`/protection/conferences/${conferenceId}`)
    expect(page.body).toContain('(on time)')
    expect(page.body).toContain('(late)')

    // Held on 1 October: a plan under neglect, with its first review and core group due.
    const toPlan = await chair.step(`/protection/conferences/${conferenceId}/outcome`, {
      ...dateFields('heldOn', '2024-10-01'),
      [`attendance-${police.id}`]: 'attended',
      [`attendance-${health.id}`]: 'apologies',
      outcome: 'plan',
      category: 'NEG',
    })
    const planId = idFrom(toPlan)
    expect(toPlan.split('?')[0]).toBe(`/protection/plans/${planId}`)
    expect(await row('section47', section47Id)).toMatchObject({ date_of_initial_cpc: '2024-10-01' })
    const [episode] = await t.database.owner
      .selectFrom('cin_episode')
      .selectAll()
      .where('child_id', '=', childId)
      .execute()
    // Census rule 2884: the conference is on the enquiry, not also on the episode.
    expect(episode?.date_of_initial_cpc).toBeNull()
    expect(await row('child_protection_plan', planId)).toMatchObject({
      episode_id: episode?.id,
      start_date: '2024-10-01',
      initial_category: 'NEG',
      latest_category: 'NEG',
      number_of_previous_plans: 0,
      initial_conference_id: conferenceId,
      end_date: null,
      pre_birth: false,
      lead_worker_id: t.userId('social-worker'),
    })
    expect(await row('conference', conferenceId)).toMatchObject({
      status: 'held',
      held_on: '2024-10-01',
      outcome: 'plan',
      category: 'NEG',
    })
    expect((await row('conference_invitation', police.id)).attendance).toBe('attended')
    expect((await row('conference_invitation', health.id)).attendance).toBe('apologies')
    const firstReview = await t.database.owner
      .selectFrom('conference')
      .selectAll()
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow()
    expect(firstReview).toMatchObject({
      kind: 'review',
      status: 'to-schedule',
      target_date: '2025-01-01',
    })

    const planPage = await worker.get(`/protection/plans/${planId}`)
    expect(planPage.body).toContain('1 January 2025')
    // The first core group: 10 working days after 1 October is 15 October.
    expect(planPage.body).toContain('15 October 2024 (overdue: not yet held)')

    await worker.step(`/protection/plans/${planId}/core-groups`, {
      ...dateFields('heldOn', '2024-10-10'),
      agencyIds: agency(t, 0),
      notes: 'Safety plan agreed',
    })
    const coreGroup = await t.database.owner
      .selectFrom('core_group_meeting')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(coreGroup).toMatchObject({ held_on: '2024-10-10', agencies_present: [agency(t, 0)] })
    expect((await worker.get(`/protection/plans/${planId}`)).body).toContain(
      '15 October 2024 (met)',
    )

    // The first review, a week late: the plan continues under emotional abuse.
    await chair.step(`/protection/conferences/${firstReview.id}/schedule`, {
      ...dateFields('date', '2025-01-08'),
      time: '14:00',
      venue: 'Online',
      chairId: t.userId('conference-chair'),
    })
    await chair.step(`/protection/conferences/${firstReview.id}/outcome`, {
      ...dateFields('heldOn', '2025-01-08'),
      outcome: 'continue-plan',
      category: 'EMO',
    })
    expect(await row('child_protection_plan', planId)).toMatchObject({
      review_dates: ['2025-01-08'],
      latest_category: 'EMO',
      initial_category: 'NEG',
    })
    const reviews = await t.database.owner
      .selectFrom('conference')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('target_date')
      .execute()
    expect(reviews.map(r => [r.status, r.target_date])).toEqual([
      ['held', '2025-01-01'],
      ['to-schedule', '2025-07-08'],
    ])
    const late = await worker.get(`/protection/plans/${planId}`)
    expect(late.body).toContain('Late')

    // The second review ends the plan.
    const secondReview = reviews[1]!
    await chair.step(`/protection/conferences/${secondReview.id}/schedule`, {
      ...dateFields('date', '2025-03-10'),
      time: '10:00',
      venue: 'Northbridge Civic Centre',
      chairId: t.userId('conference-chair'),
    })
    await chair.step(`/protection/conferences/${secondReview.id}/outcome`, {
      ...dateFields('heldOn', '2025-03-10'),
      outcome: 'end-plan',
      endReason: 'no-longer-at-risk',
    })
    expect(await row('child_protection_plan', planId)).toMatchObject({
      end_date: '2025-03-10',
      ending_conference_id: secondReview.id,
      end_reason: 'no-longer-at-risk',
      review_dates: ['2025-01-08', '2025-03-10'],
    })
    expect(
      await t.database.owner
        .selectFrom('conference')
        .selectAll()
        .where('status', '!=', 'held')
        .execute(),
    ).toEqual([])

    // The child's protection page lists the journey in date order, with links.
    const summary = await worker.get(`/protection/children/${childId}`)
    expect(summary.statusCode).toBe(200)
    const order = [
      `/protection/strategy-discussions/${discussions[0]!.id as string}`,
      `/protection/section47s/${section47Id}`,
      `/protection/conferences/${conferenceId}`,
      `/protection/plans/${planId}`,
      `/protection/conferences/${secondReview.id}`,
    ].map(link => summary.body.indexOf(link))
    expect(order.every(index => index > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)

    expect(await actions()).toEqual(
      expect.arrayContaining([
        'strategy-discussion.recorded',
        'section47.started',
        'section47.target-moved',
        'section47.completed',
        'conference.created',
        'conference.scheduled',
        'conference-invitation.created',
        'conference-invitation.sent',
        'conference-invitation.report-received',
        'section47.conference-held',
        'plan.started',
        'conference.outcome-recorded',
        'core-group.recorded',
        'plan.reviewed',
        'plan.ended',
      ]),
    )
    const moved = await t.database.owner
      .selectFrom('audit_event')
      .select(['fields', 'child_id'])
      .where('action', '=', 'section47.target-moved')
      .executeTakeFirstOrThrow()
    expect(moved).toMatchObject({
      child_id: childId,
      fields: { icpcTargetDate: { from: '2024-09-26', to: '2024-10-02' } },
    })
    const views = await t.database.owner
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'child.viewed')
      .where('child_id', '=', childId)
      .execute()
    expect(views.map(view => (view.detail as { page: string }).page)).toEqual(
      expect.arrayContaining(['strategy-discussion-form', 'conference', 'plan', 'protection']),
    )

    // The census return for 2024-25 comes straight from this work, and passes validation.
    const out = capture()
    await exportCensus(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null, year: '2024-25', lea: '201' },
      out.stream,
    )
    const xml = out.text()
    expect(xml).toContain('<S47ActualStartDate>2024-09-04</S47ActualStartDate>')
    expect(xml).toContain('<InitialCPCtarget>2024-10-02</InitialCPCtarget>')
    expect(xml).toContain('<DateOfInitialCPC>2024-10-01</DateOfInitialCPC>')
    expect(xml).toContain('<CPPstartDate>2024-10-01</CPPstartDate>')
    expect(xml).toContain('<CPPendDate>2025-03-10</CPPendDate>')
    expect(xml).toContain('<CPPreviewDate>2025-01-08</CPPreviewDate>')
    const findings: Finding[] = []
    for await (const finding of validateCensus(readCensusBatches([xml]))) findings.push(finding)
    expect(
      findings.filter(f => f.ruleType === 'error' && (f.laChildId === 'CPJOURNEY' || !f.laChildId)),
    ).toEqual([])
  })

  it('starts a pre-birth enquiry with the pre-birth conference target', async () => {
    const childId = await insertChild(t, 'CPUNBORN', {
      birthDate: null,
      expectedBirthDate: '2025-01-20',
    })
    await t.database.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: t.northbridge.id,
        child_id: childId,
        referral_date: '2024-09-02',
        referral_source: '3B',
        primary_need_code: 'N1',
        referral_nfa: false,
      })
      .execute()
    const worker = await as(t, 'social-worker')
    const form = await worker.get(`/protection/children/${childId}/strategy-discussions/new`)
    expect(form.body).toContain('Pre-birth')
    const to = await worker.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-04'),
    )
    // Week 32 of the pregnancy (8 weeks before 20 January) is 25 November: after the
    // 15-working-day target, so the usual target stands. A later discussion would be brought forward.
    expect(await row('section47', idFrom(to))).toMatchObject({ icpc_target_date: '2024-09-25' })
    const discussion = await t.database.owner
      .selectFrom('strategy_discussion')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(discussion.pre_birth).toBe(true)
  })

  it('records a strategy discussion with no further action without starting an enquiry', async () => {
    const childId = await insertChild(t, 'CPNFA')
    await t.database.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: t.northbridge.id,
        child_id: childId,
        referral_date: '2024-09-02',
        referral_source: '6',
        primary_need_code: 'N1',
        referral_nfa: false,
      })
      .execute()
    const worker = await as(t, 'front-door-practitioner')
    const to = await worker.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-04', { outcome: 'no-further-action', leadWorkerId: '' }),
    )
    expect(to).toMatch(/^\/protection\/strategy-discussions\//)
    expect(await t.database.owner.selectFrom('section47').selectAll().execute()).toEqual([])
    const page = await worker.get(to)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('DS Pat Officer')
  })
})
