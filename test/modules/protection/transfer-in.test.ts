import { describe, expect, it } from 'vitest'
import { exportCensus } from '../../../src/modules/census/export.js'
import { validateCensus, type Finding } from '../../../src/modules/census/validator.js'
import { readCensusBatches } from '../../../src/modules/census/xml-reader.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture } from '../census/records-helpers.js'
import { as, dateFields, expect400, idFrom, insertChild, openEpisode } from './helpers.js'

const t = useTestApp()

// Told on Monday 2 September 2024: the conference is due 15 working days on, Monday 23 September.
const TRANSFER = {
  authority: 'Southshire County Council',
  ...dateFields('notifiedOn', '2024-09-02'),
  category: 'PHY',
  ...dateFields('startedOn', '2024-03-04'),
}

async function censusFindings(laChildId: string) {
  const out = capture()
  await exportCensus(
    t.database.db,
    { partnershipId: t.northbridge.id, userId: null, year: '2024-25', lea: '201' },
    out.stream,
  )
  const xml = out.text()
  const findings: Finding[] = []
  for await (const finding of validateCensus(readCensusBatches([xml]))) findings.push(finding)
  return { xml, errors: findings.filter(f => f.ruleType === 'error' && f.laChildId === laChildId) }
}

function schedule(date: string) {
  return {
    ...dateFields('date', date),
    time: '10:00',
    venue: 'Civic Centre',
    chairId: t.userId('conference-chair'),
  }
}

function conferenceRow(id: string) {
  return t.database.owner
    .selectFrom('conference')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

/** A child with an open episode, the transfer recorded, its conference scheduled. */
async function transferredChild(laChildId: string) {
  const childId = await insertChild(t, laChildId)
  await openEpisode(t, childId, '2024-09-02')
  const worker = await as(t, 'social-worker')
  const conferenceId = idFrom(
    await worker.step(`/protection/children/${childId}/transfer-in`, TRANSFER),
  )
  return { childId, worker, conferenceId }
}

async function insertOpenPlan(childId: string) {
  const episode = await t.database.owner
    .selectFrom('cin_episode')
    .select('id')
    .where('child_id', '=', childId)
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('child_protection_plan')
    .values({
      partnership_id: t.northbridge.id,
      episode_id: episode.id,
      start_date: '2024-09-03',
      initial_category: 'NEG',
      latest_category: 'NEG',
    })
    .execute()
}

describe('transfer-in conferences: a child arriving on a plan from another authority', () => {
  it('records the transfer, holds the conference within its clock, and continues the plan here', async () => {
    const childId = await insertChild(t, 'TRANSIN1')
    await openEpisode(t, childId, '2024-09-02')
    const worker = await as(t, 'social-worker')
    const page = await worker.get(`/protection/children/${childId}`)
    expect(page.body).toContain(`/protection/children/${childId}/transfer-in/new`)
    const form = await worker.get(`/protection/children/${childId}/transfer-in/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('within 15 working days')

    // Bad input: refused next to each field, nothing written.
    const empty = await expectNothingWritten(t, () =>
      worker.post(`/protection/children/${childId}/transfer-in`, {}),
    )
    expect400(empty, 'Enter the local authority the child came from')
    expect(empty.body).toContain('Enter the date we were told of the transfer')
    expect(empty.body).toContain('Select the plan’s category of abuse or neglect')
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/children/${childId}/transfer-in`, {
          ...TRANSFER,
          ...dateFields('startedOn', '2024-09-03'),
        }),
        'The plan must have started on or before the day we were told of the transfer',
      ),
    )

    const conferenceId = idFrom(
      await worker.step(`/protection/children/${childId}/transfer-in`, TRANSFER),
    )
    const conference = await conferenceRow(conferenceId)
    expect(conference).toMatchObject({
      kind: 'transfer-in',
      status: 'to-schedule',
      notified_on: '2024-09-02',
      target_date: '2024-09-23',
      section47_id: null,
      plan_id: null,
    })
    const previous = await t.database.owner
      .selectFrom('previous_protection_plan')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(previous).toMatchObject({
      id: conference.previous_plan_id,
      authority: 'Southshire County Council',
      start_date: '2024-03-04',
      end_date: null,
      category: 'PHY',
    })

    // The clock on the child's page, the conference page and the worker's tray.
    const child = await worker.get(`/protection/children/${childId}`)
    expect(child.body).toContain('Transfer-in conference to schedule')
    expect(child.body).toContain('Due by 23 September 2024')
    expect(child.body).toContain('Overdue')
    expect(child.body).not.toContain(`/protection/children/${childId}/transfer-in/new`)
    const conferencePage = await worker.get(`/protection/conferences/${conferenceId}`)
    expect(conferencePage.body).toContain('Transfer-in child protection conference')
    expect(conferencePage.body).toContain('Southshire County Council')
    expect(conferencePage.body).toContain('Physical abuse, from 4 March 2024')
    const tray = await worker.get('/work-tray')
    expect(tray.body).toContain('Transfer-in conference due')
    expect(tray.body).toContain(`/protection/conferences/${conferenceId}`)

    // A second transfer while this one is open is refused.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/children/${childId}/transfer-in`, {
          ...TRANSFER,
          ...dateFields('startedOn', '2024-04-01'),
        }),
        'A transfer-in conference for this child is already due by 23 September 2024',
      ),
    )

    // Scheduling: not on a weekend, not before we were told.
    const scheduleAt = `/protection/conferences/${conferenceId}/schedule`
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(scheduleAt, schedule('2024-09-07')),
        'A transfer-in conference cannot be held on a Saturday or Sunday',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(scheduleAt, schedule('2024-08-30')),
        'The conference must be on or after the day we were told of the transfer (2 September 2024)',
      ),
    )
    await worker.step(scheduleAt, schedule('2024-09-16'))
    expect(await conferenceRow(conferenceId)).toMatchObject({ status: 'scheduled' })

    // Recording: the same refusals for the day it was held.
    const outcomeAt = `/protection/conferences/${conferenceId}/outcome`
    const continuePlan = { outcome: 'plan', category: 'PHY' }
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(outcomeAt, { ...dateFields('heldOn', '2024-09-14'), ...continuePlan }),
        'A transfer-in conference cannot be held on a Saturday or Sunday',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(outcomeAt, { ...dateFields('heldOn', '2024-08-30'), ...continuePlan }),
        'The conference cannot be held before we were told of the transfer (2 September 2024)',
      ),
    )
    const planId = idFrom(
      await worker.step(outcomeAt, { ...dateFields('heldOn', '2024-09-16'), ...continuePlan }),
    )
    const plan = await t.database.owner
      .selectFrom('child_protection_plan')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirstOrThrow()
    expect(plan).toMatchObject({
      start_date: '2024-09-16',
      initial_category: 'PHY',
      number_of_previous_plans: 1,
      initial_conference_id: conferenceId,
      lead_worker_id: t.userId('social-worker'),
      end_date: null,
    })
    expect(await conferenceRow(conferenceId)).toMatchObject({
      status: 'held',
      held_on: '2024-09-16',
      outcome: 'plan',
    })
    const review = await t.database.owner
      .selectFrom('conference')
      .selectAll()
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow()
    expect(review).toMatchObject({ kind: 'review', target_date: '2024-12-16' })
    expect(
      (
        await t.database.owner
          .selectFrom('previous_protection_plan')
          .select('end_date')
          .executeTakeFirstOrThrow()
      ).end_date,
    ).toBe('2024-09-16')
    expect((await worker.get(`/protection/plans/${planId}`)).statusCode).toBe(200)
    expect((await worker.get(`/protection/children/${childId}`)).body).toContain(
      'Held: Continue the plan here (Physical abuse)',
    )

    const actions = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('child_id', '=', childId)
      .execute()
    expect(actions.map(row => row.action)).toEqual(
      expect.arrayContaining([
        'previous-plan.recorded',
        'conference.created',
        'conference.scheduled',
        'previous-plan.ended',
        'episode.conference-held',
        'plan.started',
        'conference.outcome-recorded',
      ]),
    )

    // The census return carries the plan here, counting the one there, with no error finding.
    const { xml, errors } = await censusFindings('TRANSIN1')
    expect(xml).toContain('<CPPstartDate>2024-09-16</CPPstartDate>')
    expect(xml).toContain('<NumberOfPreviousCPP>1</NumberOfPreviousCPP>')
    // Counted as the initial conference, on the episode (there is no enquiry here).
    expect(xml).toContain('<DateOfInitialCPC>2024-09-16</DateOfInitialCPC>')
    expect(errors).toEqual([])
  })

  it('"no plan needed" opens no plan here and ends the plan there', async () => {
    const { worker, conferenceId } = await transferredChild('TRANSIN2')
    await worker.step(`/protection/conferences/${conferenceId}/schedule`, schedule('2024-09-16'))
    const location = await worker.step(`/protection/conferences/${conferenceId}/outcome`, {
      ...dateFields('heldOn', '2024-09-16'),
      outcome: 'no-plan',
    })
    expect(location).toContain(`/protection/conferences/${conferenceId}`)
    expect(
      await t.database.owner.selectFrom('child_protection_plan').selectAll().execute(),
    ).toEqual([])
    expect(await conferenceRow(conferenceId)).toMatchObject({ status: 'held', outcome: 'no-plan' })
    const previous = await t.database.owner
      .selectFrom('previous_protection_plan')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(previous.end_date).toBe('2024-09-16')
  })

  it('refuses a transfer for a child already on a plan here, and one with no open episode', async () => {
    const childId = await insertChild(t, 'TRANSIN3')
    const worker = await as(t, 'social-worker')
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/children/${childId}/transfer-in`, TRANSFER),
        'The child has no open child in need episode',
      ),
    )
    await openEpisode(t, childId, '2024-06-03')
    await insertOpenPlan(childId)
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/children/${childId}/transfer-in`, TRANSFER),
        'The child already has a child protection plan here that has not ended',
      ),
    )
  })

  it('refuses to continue the plan when the child is on a plan here by then', async () => {
    const { childId, worker, conferenceId } = await transferredChild('TRANSIN4')
    await worker.step(`/protection/conferences/${conferenceId}/schedule`, schedule('2024-09-16'))
    await insertOpenPlan(childId)
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/conferences/${conferenceId}/outcome`, {
          ...dateFields('heldOn', '2024-09-16'),
          outcome: 'plan',
          category: 'PHY',
        }),
        'The child already has a child protection plan here that has not ended',
      ),
    )
    expect(await conferenceRow(conferenceId)).toMatchObject({ status: 'scheduled', held_on: null })
  })

  it('lets only those who may record protection work record a transfer (403)', async () => {
    const childId = await insertChild(t, 'TRANSIN5')
    await openEpisode(t, childId, '2024-09-02')
    const referrer = await as(t, 'referrer')
    expect((await referrer.get(`/protection/children/${childId}/transfer-in/new`)).statusCode).toBe(
      403,
    )
    const refused = await referrer.post(`/protection/children/${childId}/transfer-in`, TRANSFER)
    expect(refused.statusCode).toBe(403)
    expect(await t.database.owner.selectFrom('conference').selectAll().execute()).toEqual([])
  })
})
