import { describe, expect, it } from 'vitest'
import { SeededRandom } from '../../../src/platform/random.js'
import { generateCensusDemoRecords } from '../../../src/modules/census/demo.js'
import { protectionDemoContributor } from '../../../src/modules/protection/demo.js'
import { useTestApp } from '../../helpers/test-app.js'
import { countRows } from './helpers.js'

const t = useTestApp()

describe('demo children on the child protection journey', () => {
  it('takes three census children through the journey once, and not again', async () => {
    await generateCensusDemoRecords(t.database.db, t.northbridge.id, {
      children: 80,
      years: 2,
      seed: 3,
      breaches: 0,
    })
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    expect(await protectionDemoContributor.contribute(context)).toEqual({ children: 3 })
    const counts = await countRows(t, ['strategy_discussion', 'conference', 'core_group_meeting'])
    expect(counts).toEqual({ strategy_discussion: 3, conference: 3, core_group_meeting: 1 })
    const statuses = await t.database.owner
      .selectFrom('conference')
      .select(['kind', 'status'])
      .orderBy('kind')
      .orderBy('status')
      .execute()
    expect(statuses).toEqual([
      { kind: 'initial', status: 'held' },
      { kind: 'initial', status: 'scheduled' },
      { kind: 'review', status: 'to-schedule' },
    ])
    expect(await protectionDemoContributor.contribute(context)).toEqual({ children: 0 })
    expect(await countRows(t, ['strategy_discussion'])).toEqual({ strategy_discussion: 3 })
  })
})
