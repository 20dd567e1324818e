import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { exportCensus } from '../../../src/modules/census/export.js'
import { validateCensus, type Finding } from '../../../src/modules/census/validator.js'
import { readCensusBatches } from '../../../src/modules/census/xml-reader.js'
import { previousPlanCount } from '../../../src/modules/protection/service.js'
import { useTestApp } from '../../helpers/test-app.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { capture } from '../census/records-helpers.js'
import { as, dateFields, expect400, idFrom, insertChild, openEpisode } from './helpers.js'

const t = useTestApp()

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
  return {
    xml,
    errors: findings.filter(f => f.ruleType === 'error' && f.laChildId === laChildId),
  }
}

async function insertProtectionPlan(episodeId: string, startDate: string, previous = 0) {
  const row = await t.database.owner
    .insertInto('child_protection_plan')
    .values({
      partnership_id: t.northbridge.id,
      episode_id: episodeId,
      start_date: startDate,
      initial_category: 'NEG',
      latest_category: 'NEG',
      number_of_previous_plans: previous,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

describe('the child’s journey: assessment, CIN plan, closure', () => {
  it('takes a child from referral to closure, and the census return carries it all', async () => {
    const childId = await insertChild(t, 'JOURNEYA')
    const episodeId = await openEpisode(t, childId, '2024-06-03')
    const worker = await as(t, 'social-worker')
    const manager = await as(t, 'front-door-manager')

    expect((await worker.get(`/protection/children/${childId}/journey`)).statusCode).toBe(200)
    expect((await worker.get(`/protection/children/${childId}/assessments/new`)).statusCode).toBe(
      200,
    )
    // Before the referral: refused next to the date, nothing written.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(
          `/protection/children/${childId}/assessments`,
          dateFields('startedOn', '2024-06-01'),
        ),
        'The assessment cannot start before the referral',
      ),
    )
    const assessmentId = idFrom(
      await worker.step(
        `/protection/children/${childId}/assessments`,
        dateFields('startedOn', '2024-06-04'),
      ),
    )
    const page = await worker.get(`/protection/assessments/${assessmentId}`)
    expect(page.body).toContain('Neglect (16A)')

    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/assessments/${assessmentId}/record`, {
          outcome: 'cin-plan',
        }),
        'Select the factors the assessment found',
      ),
    )
    // A manager who records the assessment may not authorise it (the default setting).
    await manager.step(`/protection/assessments/${assessmentId}/record`, {
      factors: '16A',
      outcome: 'cin-plan',
    })
    await expectNothingWritten(t, async () =>
      expect400(
        await manager.post(
          `/protection/assessments/${assessmentId}/authorise`,
          dateFields('authorisedOn', '2024-07-10'),
        ),
        'You recorded this assessment: another manager must authorise it',
      ),
    )
    await worker.step(`/protection/assessments/${assessmentId}/record`, {
      factors: '16A',
      outcome: 'cin-plan',
    })
    // Workers do not authorise.
    expect(
      (
        await worker.post(
          `/protection/assessments/${assessmentId}/authorise`,
          dateFields('authorisedOn', '2024-07-10'),
        )
      ).statusCode,
    ).toBe(403)
    await manager.step(
      `/protection/assessments/${assessmentId}/authorise`,
      dateFields('authorisedOn', '2024-07-10'),
    )

    const planId = idFrom(
      await worker.step(
        `/protection/children/${childId}/cin-plans`,
        dateFields('startedOn', '2024-07-10'),
      ),
    )
    await worker.step(
      `/protection/cin-plans/${planId}/reviews`,
      dateFields('reviewedOn', '2024-10-01'),
    )

    // Closing with the plan open is refused next to the reason.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/episodes/${episodeId}/close`, {
          ...dateFields('closedOn', '2024-11-01'),
          reason: 'RC7',
        }),
        'The child in need plan is still open: end it before closing',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(
          `/protection/cin-plans/${planId}/end`,
          dateFields('endedOn', '2024-11-01'),
        ),
        'Select why the plan ended',
      ),
    )
    await worker.step(`/protection/cin-plans/${planId}/end`, {
      ...dateFields('endedOn', '2024-11-01'),
      reason: 'no-longer-in-need',
    })
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/episodes/${episodeId}/close`, {
          ...dateFields('closedOn', '2024-11-01'),
        }),
        'Select the reason for closure',
      ),
    )
    await worker.step(`/protection/episodes/${episodeId}/close`, {
      ...dateFields('closedOn', '2024-11-01'),
      reason: 'RC7',
    })
    // Closed in a census year already returned: not re-opened.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/episodes/${episodeId}/reopen`, {}),
        'in a census year already returned',
      ),
    )

    const actions = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('child_id', '=', childId)
      .where('action', '!=', 'child.viewed')
      .execute()
    expect(actions.map(row => row.action)).toEqual(
      expect.arrayContaining([
        'assessment.started',
        'assessment.submitted',
        'assessment.authorised',
        'cin-plan.started',
        'cin-plan.reviewed',
        'cin-plan.ended',
        'episode.closed',
      ]),
    )

    const { xml, errors } = await censusFindings('JOURNEYA')
    expect(xml).toContain('<AssessmentActualStartDate>2024-06-04</AssessmentActualStartDate>')
    expect(xml).toContain('<AssessmentAuthorisationDate>2024-07-10</AssessmentAuthorisationDate>')
    expect(xml).toContain('<AssessmentFactors>16A</AssessmentFactors>')
    expect(xml).toContain('<CINPlanStartDate>2024-07-10</CINPlanStartDate>')
    expect(xml).toContain('<CINPlanEndDate>2024-11-01</CINPlanEndDate>')
    expect(xml).toContain('<ReasonForClosure>RC7</ReasonForClosure>')
    expect(errors).toEqual([])
  })

  it('lets the partnership allow a manager to authorise their own assessment', async () => {
    const childId = await insertChild(t, 'JOURNEYSELF')
    await openEpisode(t, childId, '2024-06-03')
    const manager = await as(t, 'front-door-manager')
    await manager.step('/protection/settings/assessments', { selfAuthorisation: 'yes' })
    const id = idFrom(
      await manager.step(
        `/protection/children/${childId}/assessments`,
        dateFields('startedOn', '2024-06-04'),
      ),
    )
    await manager.step(`/protection/assessments/${id}/record`, {
      factors: '21',
      outcome: 'no-further-action',
    })
    await manager.step(
      `/protection/assessments/${id}/authorise`,
      dateFields('authorisedOn', '2024-06-20'),
    )
    const row = await t.database.owner
      .selectFrom('assessment')
      .select(['authorisation_date', 'factors', 'outcome'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ factors: ['21'], outcome: 'no-further-action' })
  })

  it('re-opens the latest episode closed in this census year', async () => {
    const childId = await insertChild(t, 'JOURNEYREOPEN')
    const episodeId = await openEpisode(t, childId, '2026-05-01')
    const worker = await as(t, 'social-worker')
    await worker.step(`/protection/episodes/${episodeId}/close`, {
      ...dateFields('closedOn', '2026-06-01'),
      reason: 'RC7',
    })
    await worker.step(`/protection/episodes/${episodeId}/reopen`, {})
    const row = await t.database.owner
      .selectFrom('cin_episode')
      .select(['closure_date', 'reason_for_closure'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ closure_date: null, reason_for_closure: null })
  })
})

describe('stepping down and previous plans', () => {
  it('ends a child protection plan by stepping down to a CIN plan, counted as a step', async () => {
    const childId = await insertChild(t, 'JOURNEYB')
    const episodeId = await openEpisode(t, childId, '2024-06-03')
    const planId = await insertProtectionPlan(episodeId, '2024-07-01')
    const worker = await as(t, 'social-worker')
    // A step-down without an end reason: refused next to the reason, nothing written.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/plans/${planId}/end`, dateFields('endedOn', '2024-12-02')),
        'Select why the plan ended',
      ),
    )
    // A CIN plan cannot start beside the protection plan.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(
          `/protection/children/${childId}/cin-plans`,
          dateFields('startedOn', '2024-08-01'),
        ),
        'The child has a child protection plan on this date',
      ),
    )
    await worker.step(`/protection/plans/${planId}/end`, {
      ...dateFields('endedOn', '2024-12-02'),
      reason: 'stepped-down',
    })
    const cinPlans = await t.database.owner
      .selectFrom('cin_plan')
      .select(['start_date', 'end_date', 'started_from_plan_id'])
      .where('episode_id', '=', episodeId)
      .execute()
    expect(cinPlans).toEqual([
      { start_date: '2024-12-02', end_date: null, started_from_plan_id: planId },
    ])
    const steps = await t.database.owner
      .selectFrom('journey_step')
      .select(['kind', 'stepped_on'])
      .where('child_id', '=', childId)
      .execute()
    expect(steps).toEqual([{ kind: 'protection-plan-to-cin-plan', stepped_on: '2024-12-02' }])
    // Closing with the CIN plan open is refused.
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/episodes/${episodeId}/close`, {
          ...dateFields('closedOn', '2025-01-02'),
          reason: 'RC7',
        }),
        'The child in need plan is still open',
      ),
    )
    const journey = await worker.get(`/protection/children/${childId}/journey`)
    expect(journey.body).toContain(
      'Stepped down from a child protection plan to a child in need plan',
    )
  })

  it('never numbers previous plans below the child’s known history', async () => {
    const childId = await insertChild(t, 'JOURNEYPREV')
    const episodeId = await openEpisode(t, childId, '2021-01-04')
    await insertProtectionPlan(episodeId, '2021-02-01', 3)
    await t.database.owner
      .updateTable('child_protection_plan')
      .set({ end_date: '2021-09-01' })
      .where('episode_id', '=', episodeId)
      .execute()
    const worker = await as(t, 'social-worker')
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(
          `/protection/children/${childId}/previous-plans`,
          dateFields('startedOn', '2019-03-01'),
        ),
        'Enter the local authority that made the plan',
      ),
    )
    await worker.step(`/protection/children/${childId}/previous-plans`, {
      authority: 'Southshire County Council',
      ...dateFields('startedOn', '2019-03-01'),
      ...dateFields('endedOn', '2019-10-01'),
    })
    const count = (date: string) =>
      inPartnership(
        t.database.db,
        { partnershipId: t.northbridge.id, userId: t.userId('social-worker') },
        trx => previousPlanCount(trx, t.northbridge.id, childId, date),
      )
    // The imported plan carried 3 earlier plans: a new one has at least 4.
    expect(await count('2024-06-01')).toBe(4)
    // Before the imported plan, only the plan known from elsewhere counts.
    expect(await count('2020-01-01')).toBe(1)
  })
})
