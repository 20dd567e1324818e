import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { cdopDemoContributor } from '../../../src/modules/cdop/demo.js'
import { cdopAnnualFigures } from '../../../src/modules/cdop/queries.js'
import { ladoDemoContributor } from '../../../src/modules/lado/demo.js'
import { ladoAnnualFigures } from '../../../src/modules/lado/queries.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

describe('demo child deaths and allegations', () => {
  it('adds six years of reviews and a year of allegations once, and not again', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    const deaths = await cdopDemoContributor.contribute(context)
    const allegations = await ladoDemoContributor.contribute(context)
    expect(deaths.notifications).toBeGreaterThanOrEqual(180)
    expect(allegations.referrals).toBeGreaterThanOrEqual(128)

    const today = londonToday()
    const lastYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 2 : 1)
    const [cdop, lado] = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id },
      async trx =>
        [
          await cdopAnnualFigures(trx, { startYear: lastYear }),
          await ladoAnnualFigures(trx, { startYear: lastYear }),
        ] as const,
    )
    expect(cdop).toMatchObject({ notified: 30, reviewsCompleted: 28 })
    expect(cdop.modifiableFactors).toEqual({
      identified: 8,
      noneIdentified: 19,
      inadequateInformation: 1,
    })
    expect(lado).toMatchObject({ referrals: 128, repeatReferrals: 6 })
    expect(lado.bands['within-one-month']).toBe(97)
    expect(lado.bySector.education).toBe(59)

    expect(await cdopDemoContributor.contribute(context)).toEqual({ notifications: 0 })
    expect(await ladoDemoContributor.contribute(context)).toEqual({ referrals: 0 })
  })
})
