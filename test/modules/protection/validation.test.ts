import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  as,
  dateFields,
  expect400,
  idFrom,
  insertChild,
  openEpisode,
  snapshot,
  strategyForm,
  toPlan,
  toScheduledConference,
} from './helpers.js'

const t = useTestApp()

/** Posts, expects a 400 naming the problem, and checks that nothing was written. */
async function refused(
  visitor: Awaited<ReturnType<typeof as>>,
  url: string,
  fields: Record<string, string>,
  message: string,
) {
  const before = await snapshot(t)
  const response = await expectNothingWritten(t, () => visitor.post(url, fields))
  expect400(response, message)
  expect(response.body).toContain('There is a problem')
  expect(await snapshot(t)).toEqual(before)
}

describe('refusals on the child protection journey', () => {
  it('refuses strategy discussions that cannot be right, and writes nothing', async () => {
    const childId = await insertChild(t, 'CPREFUSE')
    await openEpisode(t, childId, '2024-09-02')
    const worker = await as(t, 'social-worker')
    const url = `/protection/children/${childId}/strategy-discussions`
    await refused(
      worker,
      url,
      strategyForm(t, '2099-01-05'),
      'The date of the strategy discussion must be today or in the past',
    )
    await refused(
      worker,
      url,
      { ...strategyForm(t, '2024-09-04'), 'heldOn-day': '31', 'heldOn-month': '2' },
      'The date of the strategy discussion must be a real date',
    )
    await refused(
      worker,
      url,
      strategyForm(t, '2024-08-30'),
      'cannot be before the referral date of the open episode',
    )
    const noParticipants: Record<string, string> = strategyForm(t, '2024-09-04')
    for (const key of Object.keys(noParticipants)) {
      if (key.startsWith('participant-')) noParticipants[key] = ''
    }
    await refused(worker, url, noParticipants, 'Enter at least one participant')
    await refused(
      worker,
      url,
      strategyForm(t, '2024-09-04', { 'participant-1-name': '' }),
      'Enter the participant’s name',
    )
    await refused(worker, url, strategyForm(t, '2024-09-04', { outcome: '' }), 'Select the outcome')
    await refused(
      worker,
      url,
      strategyForm(t, '2024-09-04', { leadWorkerId: t.userId('referrer') }),
      'Select a lead worker from the list',
    )
  })

  it('refuses a second enquiry started on the same day, writing no discussion (issue 16)', async () => {
    const childId = await insertChild(t, 'CPTWICE')
    await openEpisode(t, childId, '2024-09-02')
    const worker = await as(t, 'social-worker')
    const url = `/protection/children/${childId}/strategy-discussions`
    const section47Id = idFrom(await worker.step(url, strategyForm(t, '2024-09-04')))
    await worker.step(`/protection/section47s/${section47Id}/outcome`, {
      ...dateFields('completedOn', '2024-09-04'),
      outcome: 'no-conference-cin-plan',
    })
    // The discussion, its participants and its audit event came before this refusal: all roll back.
    for (let attempt = 0; attempt < 2; attempt++) {
      await refused(
        worker,
        url,
        strategyForm(t, '2024-09-04'),
        'A Section 47 enquiry already started on this date',
      )
    }
  })

  it('refuses a strategy discussion before the child was born', async () => {
    const childId = await insertChild(t, 'CPBORN', { birthDate: '2024-09-20' })
    await openEpisode(t, childId, '2024-09-01')
    const worker = await as(t, 'social-worker')
    await refused(
      worker,
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-15'),
      'cannot be before the child’s date of birth',
    )
  })

  it('refuses a strategy discussion for a child with no open episode, and says why', async () => {
    const childId = await insertChild(t, 'CPNOEPISODE')
    const closed = await insertChild(t, 'CPCLOSED')
    await t.database.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: t.northbridge.id,
        child_id: closed,
        referral_date: '2024-06-01',
        referral_source: '6',
        referral_nfa: false,
        primary_need_code: 'N1',
        closure_date: '2024-08-01',
        reason_for_closure: 'RC8',
      })
      .execute()
    const worker = await as(t, 'social-worker')
    const form = await worker.get(`/protection/children/${childId}/strategy-discussions/new`)
    expect(form.body).toContain('This child has no open child in need episode')
    for (const id of [childId, closed]) {
      await refused(
        worker,
        `/protection/children/${id}/strategy-discussions`,
        strategyForm(t, '2024-09-04'),
        'This child has no open child in need episode',
      )
    }
  })

  it('refuses an enquiry ending before it started, and a second outcome', async () => {
    const childId = await insertChild(t, 'CPENQUIRY')
    await openEpisode(t, childId, '2024-09-02')
    const worker = await as(t, 'social-worker')
    const section47Id = idFrom(
      await worker.step(
        `/protection/children/${childId}/strategy-discussions`,
        strategyForm(t, '2024-09-04'),
      ),
    )
    await refused(
      worker,
      `/protection/section47s/${section47Id}/outcome`,
      { ...dateFields('completedOn', '2024-09-03'), outcome: 'no-conference-cin-plan' },
      'The enquiry cannot end before it started',
    )
    await worker.step(`/protection/section47s/${section47Id}/outcome`, {
      ...dateFields('completedOn', '2024-09-20'),
      outcome: 'no-conference-cin-plan',
    })
    expect(
      await t.database.owner.selectFrom('section47').selectAll().executeTakeFirstOrThrow(),
    ).toMatchObject({ icpc_not_required: true, outcome: 'no-conference-cin-plan' })
    expect(await t.database.owner.selectFrom('conference').selectAll().execute()).toEqual([])
    await refused(
      worker,
      `/protection/section47s/${section47Id}/outcome`,
      { ...dateFields('completedOn', '2024-09-20'), outcome: 'conference' },
      'The outcome of this enquiry is already recorded',
    )
  })

  it('refuses conference outcomes held before the enquiry, at a weekend, in the future or without a category', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    const url = `/protection/conferences/${conferenceId}/outcome`
    await refused(
      worker,
      url,
      { ...dateFields('heldOn', '2024-09-03'), outcome: 'plan', category: 'NEG' },
      'The conference cannot be held before the Section 47 enquiry started',
    )
    await refused(
      worker,
      url,
      { ...dateFields('heldOn', '2024-09-28'), outcome: 'plan', category: 'NEG' },
      'An initial conference cannot be held on a Saturday or Sunday',
    )
    await refused(
      worker,
      url,
      { ...dateFields('heldOn', '2099-10-01'), outcome: 'plan', category: 'NEG' },
      'must be today or in the past',
    )
    await refused(
      worker,
      url,
      { ...dateFields('heldOn', '2024-10-01'), outcome: 'plan' },
      'Select the category of abuse or neglect',
    )
    await refused(
      worker,
      url,
      { ...dateFields('heldOn', '2024-10-01'), outcome: 'end-plan' },
      'Select the outcome of the conference',
    )
  })

  it('refuses scheduling without a chair or before the enquiry started', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    const url = `/protection/conferences/${conferenceId}/schedule`
    await refused(
      worker,
      url,
      {
        ...dateFields('date', '2024-10-02'),
        time: '10:00',
        venue: 'Online',
        chairId: t.userId('social-worker'),
      },
      'Select a chair from the list',
    )
    await refused(
      worker,
      url,
      {
        ...dateFields('date', '2024-09-01'),
        time: '10:00',
        venue: 'Online',
        chairId: t.userId('conference-chair'),
      },
      'The conference must be on or after the day the enquiry started (4 September 2024)',
    )
    // Recording would refuse a weekend (census rule 8875): scheduling refuses it first.
    await refused(
      worker,
      url,
      {
        ...dateFields('date', '2024-10-05'),
        time: '10:00',
        venue: 'Online',
        chairId: t.userId('conference-chair'),
      },
      'An initial conference cannot be held on a Saturday or Sunday',
    )
    await refused(
      worker,
      url,
      {
        ...dateFields('date', '2024-10-02'),
        time: '25:00',
        venue: 'Online',
        chairId: t.userId('conference-chair'),
      },
      'Enter the time of the conference',
    )
  })

  it('refuses core groups before the plan or in the future, and plan ends before the start', async () => {
    const { planId, worker } = await toPlan(t)
    const everyone = t.northbridge.agencyIds[0] ?? ''
    await refused(
      worker,
      `/protection/plans/${planId}/core-groups`,
      { ...dateFields('heldOn', '2024-09-30'), agencyIds: everyone },
      'A core group meeting cannot be before the plan started',
    )
    await refused(
      worker,
      `/protection/plans/${planId}/core-groups`,
      { ...dateFields('heldOn', '2099-01-01'), agencyIds: everyone },
      'The date of the core group meeting must be today or in the past',
    )
    await refused(
      worker,
      `/protection/plans/${planId}/core-groups`,
      { ...dateFields('heldOn', '2024-10-08') },
      'Select the agencies present',
    )
    await refused(
      worker,
      `/protection/plans/${planId}/end`,
      { ...dateFields('endedOn', '2024-09-30'), reason: 'moved-area' },
      'The plan must end after the day it started',
    )
    await refused(
      worker,
      `/protection/plans/${planId}/end`,
      { ...dateFields('endedOn', '2024-10-01'), reason: 'moved-area' },
      'The plan must end after the day it started',
    )
    await refused(
      worker,
      `/protection/plans/${planId}/end`,
      { ...dateFields('endedOn', '2024-11-01'), reason: 'other' },
      'Enter why the plan ended',
    )
  })

  it('ends a plan outside a conference and cancels the review still to come', async () => {
    const { planId, worker } = await toPlan(t)
    await worker.step(`/protection/plans/${planId}/end`, {
      ...dateFields('endedOn', '2024-11-15'),
      reason: 'moved-area',
      endNotes: 'Moved to Southshire; transfer-in conference requested',
    })
    const plan = await t.database.owner
      .selectFrom('child_protection_plan')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(plan).toMatchObject({
      end_date: '2024-11-15',
      end_reason: 'moved-area',
      end_reason_notes: 'Moved to Southshire; transfer-in conference requested',
      ending_conference_id: null,
    })
    const review = await t.database.owner
      .selectFrom('conference')
      .selectAll()
      .where('kind', '=', 'review')
      .executeTakeFirstOrThrow()
    expect(review).toMatchObject({ status: 'cancelled' })
    const ended = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'plan.ended')
      .executeTakeFirstOrThrow()
    expect(ended.fields).toMatchObject({
      endDate: { from: null, to: '2024-11-15' },
      endReason: { from: null, to: 'moved-area' },
    })
    await refused(
      worker,
      `/protection/plans/${planId}/end`,
      { ...dateFields('endedOn', '2024-11-20'), reason: 'moved-area' },
      'This plan has already ended',
    )
  })

  it('refuses a second plan while the child has one open', async () => {
    const first = await toPlan(t, 'CPTWICE')
    // Another enquiry in the same episode, after the first conference.
    const worker = first.worker
    const section47 = await worker.step(
      `/protection/children/${first.childId}/strategy-discussions`,
      strategyForm(t, '2024-11-04'),
    )
    const conferenceAt = await worker.step(`${section47.split('?')[0]}/outcome`, {
      ...dateFields('completedOn', '2024-11-08'),
      outcome: 'conference',
    })
    // A redirect may carry the notice of what was done (`?notice=`): the page is the path.
    const conference = conferenceAt.split('?')[0]
    await worker.step(`${conference}/schedule`, {
      ...dateFields('date', '2024-11-20'),
      time: '10:00',
      venue: 'Civic Centre',
      chairId: t.userId('conference-chair'),
    })
    await refused(
      worker,
      `${conference}/outcome`,
      { ...dateFields('heldOn', '2024-11-20'), outcome: 'plan', category: 'PHY' },
      'The child already has a child protection plan that has not ended',
    )
  })
})
