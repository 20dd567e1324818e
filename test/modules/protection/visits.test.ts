import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { visitsDue } from '../../../src/modules/protection/queries.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, dateFields, insertChild, openEpisode } from './helpers.js'

const t = useTestApp()

/** An open plan started on `startDate`, led by the social worker. */
async function openPlan(laChildId: string, startDate: string) {
  const childId = await insertChild(t, laChildId)
  const episodeId = await openEpisode(t, childId, '2026-10-01')
  const plan = await t.database.owner
    .insertInto('child_protection_plan')
    .values({
      partnership_id: t.northbridge.id,
      episode_id: episodeId,
      start_date: startDate,
      initial_category: 'NEG',
      latest_category: 'NEG',
      lead_worker_id: t.userId('social-worker'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { childId, planId: plan.id as string }
}

function due(today: string, until?: string) {
  const scope = { partnershipId: t.northbridge.id, userId: t.userId('social-worker') }
  return inPartnership(t.database.db, scope, trx =>
    visitsDue(trx, t.northbridge.id, { today, ...(until ? { until } : {}) }),
  )
}

describe('statutory child protection visits', () => {
  it('records a visit (child seen, seen alone) and moves the next visit 10 working days on', async () => {
    const { planId } = await openPlan('CPV1', '2026-11-02')
    // Monday 2 November + 10 working days = Monday 16 November.
    expect(await due('2026-11-20')).toMatchObject([
      { planId, lastSeenOn: null, dueOn: '2026-11-16', isOverdue: true },
    ])
    const worker = await as(t, 'social-worker')
    await worker.step(`/protection/plans/${planId}/visits`, {
      ...dateFields('visitedOn', '2026-11-13'),
      childSeen: 'yes',
      seenAlone: 'yes',
    })
    const page = await worker.get(`/protection/plans/${planId}/visits`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('27 November 2026')
    expect(await due('2026-11-20')).toMatchObject([
      { planId, lastSeenOn: '2026-11-13', dueOn: '2026-11-27', isOverdue: false },
    ])
    expect(await due('2026-11-20', '2026-11-26')).toEqual([])
    const visit = await t.database.owner
      .selectFrom('cp_visit')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(visit).toMatchObject({ child_seen: true, seen_alone: true, visited_on: '2026-11-13' })
  })

  it('takes the interval between visits from the child protection settings page', async () => {
    const { planId } = await openPlan('CPV5', '2026-11-02')
    const manager = await as(t, 'front-door-manager')
    const page = await manager.get('/protection/settings')
    expect(page.body).toContain('Statutory visits: working days after the last visit')
    await manager.step('/protection/settings', {
      icpcWorkingDays: '15',
      coreGroupWorkingDays: '10',
      firstReviewMonths: '3',
      reviewIntervalMonths: '6',
      reportDueWorkingDays: '3',
      preBirthIcpcByWeek: '32',
      preBirthReviewWorkingDays: '20',
      visitWorkingDays: '5',
    })
    // Monday 2 November + 5 working days = Monday 9 November.
    expect(await due('2026-11-20')).toMatchObject([{ planId, dueOn: '2026-11-09' }])
  })

  it('puts the visit due in the lead worker’s work tray, and not in another worker’s', async () => {
    const { planId } = await openPlan('CPV4', '2026-11-02')
    const worker = await as(t, 'social-worker')
    const tray = await worker.get('/work-tray')
    expect(tray.statusCode).toBe(200)
    expect(tray.body).toContain('Child protection visit due')
    expect(tray.body).toContain(`/protection/plans/${planId}/visits`)
    const chair = await as(t, 'conference-chair')
    expect((await chair.get('/work-tray')).body).not.toContain(`/protection/plans/${planId}/visits`)
  })

  it('a visit where the child was not seen does not stop the clock', async () => {
    const { planId } = await openPlan('CPV2', '2026-11-02')
    const worker = await as(t, 'social-worker')
    await worker.step(`/protection/plans/${planId}/visits`, {
      ...dateFields('visitedOn', '2026-11-10'),
      childSeen: 'no',
      seenAlone: 'no',
    })
    expect(await due('2026-11-20')).toMatchObject([{ planId, dueOn: '2026-11-16' }])
  })

  it('refuses bad input with a message next to the field, and writes nothing', async () => {
    const { planId } = await openPlan('CPV3', '2026-11-02')
    const worker = await as(t, 'social-worker')
    const cases: [Record<string, string>, string][] = [
      [{ childSeen: 'yes', seenAlone: 'no' }, 'Enter the date of the visit'],
      [
        { ...dateFields('visitedOn', '2026-11-10'), seenAlone: 'no' },
        'Select yes if the child was seen',
      ],
      [
        { ...dateFields('visitedOn', '2026-11-10'), childSeen: 'no', seenAlone: 'yes' },
        'A child who was not seen cannot have been seen alone',
      ],
      [
        { ...dateFields('visitedOn', '2026-10-20'), childSeen: 'yes', seenAlone: 'no' },
        'The visit must be on or after the date the plan started',
      ],
      [
        { ...dateFields('visitedOn', '2099-01-01'), childSeen: 'yes', seenAlone: 'no' },
        'must be today or in the past',
      ],
    ]
    for (const [fields, message] of cases) {
      const response = await expectNothingWritten(t, () =>
        worker.post(`/protection/plans/${planId}/visits`, fields),
      )
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain(message)
    }
    const trainer = await as(t, 'trainer')
    expect((await trainer.get(`/protection/plans/${planId}/visits`)).statusCode).toBe(403)
  })
})
