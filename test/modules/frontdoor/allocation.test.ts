import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import {
  allocationsDue,
  allocationsWaiting,
  contactProcessingFigure,
} from '../../../src/modules/frontdoor/queries.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import { decide, insertChild, insertReferral } from '../earlyhelp/fixtures.js'
import { Visitor } from './journey.js'

const t = useTestApp()

function inNorthbridge<T>(work: Parameters<typeof inPartnership<T>>[2]) {
  const scope = { partnershipId: t.northbridge.id, userId: t.userId('front-door-manager') }
  return inPartnership(t.database.db, scope, work)
}

async function decidedForAssessment(laChildId: string, receivedAt: Date, decidedAt: Date) {
  const childId = await insertChild(t, laChildId)
  const referralId = await insertReferral(t, receivedAt, childId)
  await decide(
    t,
    referralId,
    { decision: 'assessment', decisionReasons: 'Reasons', referralSource: '2A', primaryNeed: 'N1' },
    decidedAt,
  )
  return referralId
}

describe('the allocation clock and the 48-hour figure', () => {
  it('a referral decided for assessment is due for allocation 7 working days after the decision', async () => {
    // Decided Monday 2 November 2026; 7 working days later is Wednesday 11 November.
    const referralId = await decidedForAssessment(
      'AL1',
      new Date('2026-11-02T09:00:00Z'),
      new Date('2026-11-02T15:00:00Z'),
    )
    const rows = await inNorthbridge(trx =>
      allocationsDue(trx, t.northbridge.id, { today: '2026-11-12' }),
    )
    expect(rows).toMatchObject([
      { referralId, decidedOn: '2026-11-02', dueOn: '2026-11-11', isOverdue: true },
    ])
    await t.database.owner
      .insertInto('front_door_setting')
      .values({ partnership_id: t.northbridge.id, allocation_working_days: 10 })
      .execute()
    const later = await inNorthbridge(trx =>
      allocationsDue(trx, t.northbridge.id, { today: '2026-11-12', until: '2026-11-13' }),
    )
    expect(later).toEqual([])
    await t.database.owner
      .updateTable('referral')
      .set({ allocated_to: t.userId('social-worker') })
      .where('id', '=', referralId)
      .execute()
    expect(
      await inNorthbridge(trx => allocationsDue(trx, t.northbridge.id, { today: '2026-11-12' })),
    ).toEqual([])
  })

  it('counts contacts decided within 48 hours of receipt, and shows both on the queue', async () => {
    const now = Date.now()
    await decidedForAssessment('AL2', new Date(now - 30 * 3_600_000), new Date(now - 3_600_000))
    await decidedForAssessment('AL3', new Date(now - 80 * 3_600_000), new Date(now - 3_600_000))
    const figure = await inNorthbridge(trx =>
      contactProcessingFigure(trx, t.northbridge.id, {
        start: new Date(now - 24 * 3_600_000),
        end: new Date(now),
      }),
    )
    expect(figure).toEqual({ decided: 2, within48Hours: 1 })
    const manager = new Visitor(t, await t.signInAs('front-door-manager'))
    const queue = await manager.get('/front-door')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).toMatch(/id="processed-48-hours">\s*1 of 2/)
    expect(queue.body).toMatch(/id="allocations-due">\s*2/)
  })
})

describe('the queue page’s allocation summary', () => {
  it('counts and dates what waits for a worker as the full list does, for any day, and lists the 20 soonest', async () => {
    // 24 decisions from 20 October to 5 December 2026: weekends, the clocks going back (25
    // October) and late evenings in summer time, when London's date is a day ahead of UTC's.
    const start = Date.parse('2026-10-20T22:30:00Z')
    for (let index = 0; index < 24; index++) {
      const decidedAt = new Date(start + index * 2 * 86_400_000 - (index % 3) * 3_600_000)
      await decidedForAssessment(
        `AW${String(index)}`,
        new Date(decidedAt.getTime() - 3_600_000),
        decidedAt,
      )
    }
    for (let day = 0; day < 60; day += 3) {
      const today = addCalendarDays('2026-10-21', day)
      const [full, summary] = await inNorthbridge(async trx => [
        await allocationsDue(trx, t.northbridge.id, { today }),
        await allocationsWaiting(trx, t.northbridge.id, { today, shown: 20 }),
      ])
      expect(summary.count, today).toBe(full.length)
      expect(summary.overdue, today).toBe(full.filter(row => row.isOverdue).length)
      expect(
        summary.soonest.map(row => row.dueOn),
        today,
      ).toEqual(full.slice(0, 20).map(row => row.dueOn))
    }
    const queue = await new Visitor(t, await t.signInAs('front-door-manager')).get('/front-door')
    expect(queue.body).toMatch(/id="allocations-due">\s*24/)
    expect(queue.body).toContain('The 20 due soonest of 24.')
    expect(queue.body.match(/allocate by/g)).toHaveLength(20)
  })
})
