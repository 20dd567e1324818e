import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { MK_2016_17, seedTrainingYear } from '../../../src/modules/training/demo.js'
import { trainingFigures } from '../../../src/modules/training/queries.js'
import { setRequirement } from '../../../src/modules/training/catalogue/service.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { useTestApp } from '../../helpers/test-app.js'
import { officer } from './helpers.js'

const t = useTestApp()

const here = path.dirname(fileURLToPath(import.meta.url))
const BOARD_FIXTURE = path.resolve(
  here,
  '../../../../shared/data/seed-fixtures/mk-2016-17-board.json',
)
// The seed figures live beside the checkout (../shared); without them the reproduction is skipped.
const HAS_FIXTURE = existsSync(BOARD_FIXTURE)
const board = (HAS_FIXTURE ? JSON.parse(readFileSync(BOARD_FIXTURE, 'utf8')) : {}) as {
  training: {
    course_subjects: number
    events: number
    bookings: number
    attendance: number
    no_show_percent: Record<string, number>
    utilisation_percent: Record<string, number>
    evaluation_completion_percent: Record<string, number>
    basic_course_single_agency_deliveries: {
      occasions: number
      trainers: number
      delegates: number
    }
    follow_up_interviews: { delegates: number; percent_showing_impact: number }
  }
}

describe('training figures', () => {
  it.skipIf(!HAS_FIXTURE)('reproduces Milton Keynes 2016/17 from generated records', async () => {
    await seedTrainingYear(
      t.database.db,
      t.northbridge.id,
      t.northbridge.agencyIds,
      MK_2016_17,
      new SeededRandom(2017),
    )
    // A year outside the period is not counted.
    await seedTrainingYear(
      t.database.db,
      t.northbridge.id,
      t.northbridge.agencyIds,
      {
        ...MK_2016_17,
        from: '2015-04-01',
        to: '2016-03-31',
        subjects: 3,
        events: 3,
        places: 60,
        bookings: 50,
        attended: 40,
        evaluationsCompleted: 10,
        followUpsSent: 0,
        followUpsCompleted: 0,
        followUpsWithImpact: 0,
        deliveries: 2,
        trainers: 2,
        delegates: 20,
      },
      new SeededRandom(2016),
    )
    const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      trainingFigures(trx, { from: '2016-04-01', to: '2017-03-31' }),
    )
    const mk = board.training
    expect(figures.subjects).toBe(mk.course_subjects)
    expect(figures.events).toBe(mk.events)
    expect(figures.bookings).toBe(mk.bookings)
    expect(figures.attended).toBe(mk.attendance)
    expect(figures.noShowPercent).toBe(mk.no_show_percent['2016/17'])
    expect(figures.utilisationPercent).toBe(mk.utilisation_percent['2016/17'])
    expect(figures.evaluationCompletionPercent).toBe(mk.evaluation_completion_percent['2016/17'])
    expect(figures.singleAgencyDeliveries).toBe(mk.basic_course_single_agency_deliveries.occasions)
    expect(figures.singleAgencyTrainers).toBe(mk.basic_course_single_agency_deliveries.trainers)
    expect(figures.singleAgencyDelegates).toBe(mk.basic_course_single_agency_deliveries.delegates)
    expect(figures.followUpsCompleted).toBe(mk.follow_up_interviews.delegates)
    expect(figures.followUpImpactPercent).toBe(mk.follow_up_interviews.percent_showing_impact)
    // Delegates by agency and by sector add up to everyone trained.
    const trained = mk.attendance + mk.basic_course_single_agency_deliveries.delegates
    expect(figures.agencies.reduce((s, a) => s + a.delegates, 0)).toBe(trained)
    expect(figures.sectors.reduce((s, a) => s + a.delegates, 0)).toBe(trained)
  })

  it('measures each agency against its training requirement', async () => {
    await seedTrainingYear(
      t.database.db,
      t.northbridge.id,
      [t.northbridge.agencyIds[0] ?? ''],
      {
        ...MK_2016_17,
        subjects: 1,
        events: 1,
        places: 20,
        bookings: 10,
        attended: 8,
        evaluationsCompleted: 0,
        followUpsSent: 0,
        followUpsCompleted: 0,
        followUpsWithImpact: 0,
        deliveries: 1,
        trainers: 1,
        delegates: 12,
      },
      new SeededRandom(1),
    )
    await setRequirement(t.database.db, officer(t), {
      agencyId: t.northbridge.agencyIds[0] ?? '',
      delegatesPerYear: 40,
    })
    const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      trainingFigures(trx, { from: '2016-04-01', to: '2017-03-31' }),
    )
    const [row] = figures.agencies
    expect(row).toMatchObject({
      attended: 8,
      singleAgencyDelegates: 12,
      delegates: 20,
      required: 40,
      compliancePercent: 50,
    })
    // Southbridge sees none of it.
    const other = await inPartnership(t.database.db, { partnershipId: t.southbridge.id }, trx =>
      trainingFigures(trx, { from: '2016-04-01', to: '2017-03-31' }),
    )
    expect(other).toMatchObject({ events: 0, bookings: 0, agencies: [] })
  })
})
