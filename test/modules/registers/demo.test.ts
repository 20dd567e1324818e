import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { registersDemoContributor } from '../../../src/modules/registers/demo.js'
import { missingFigures } from '../../../src/modules/registers/queries.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

describe('demo children at particular risk', () => {
  it('fills every register once, through the services, and not again', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    expect(await registersDemoContributor.contribute(context)).toEqual({
      cohort: 6,
      missing: 6,
      fgm: 3,
      privateFostering: 4,
      intelligence: 3,
      panels: 3,
      agendaChildren: 9,
      actions: 3,
    })
    const today = londonToday()
    const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      missingFigures(trx, { from: addCalendarDays(today, -365), to: today }),
    )
    expect(figures.repeatChildren).toBe(1)
    expect(figures.episodes).toBe(6)
    // Each panel's meeting has its due children on the agenda, an action on the first.
    const agenda = await t.database.owner
      .selectFrom('panel_agenda_child')
      .select(['register'])
      .execute()
    expect(new Set(agenda.map(a => a.register))).toEqual(
      new Set(['exploitation', 'fgm', 'missing']),
    )
    expect(await registersDemoContributor.contribute(context)).toEqual({ cohort: 0 })
  })
})
