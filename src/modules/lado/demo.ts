/**
 * Demo allegations: last year's referrals in the shape of a large city's annual report (scaled
 * down), with a few about adults referred before, and this year's so far.
 */
import { sql } from 'kysely'
import { inPartnership } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import { londonToday } from '../../platform/calendar.js'
import { calendarIn } from './service.js'
import { insertLadoReferrals, ladoYearRows } from './generate.js'

export const ladoDemoContributor: DemoContributor = {
  name: 'lado',
  async contribute({ database, partnerships, random }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const existing = await sql<{ count: string }>`
      select count(*) as count from lado_referral where partnership_id = ${northbridge.id}`.execute(
      database.owner,
    )
    if (Number(existing.rows[0]?.count ?? 0) > 0) return { referrals: 0 }
    const today = londonToday()
    const currentStartYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
    const referrals = await inPartnership(
      database.db,
      { partnershipId: northbridge.id },
      async trx => {
        const calendar = await calendarIn(trx)
        const lastYear = ladoYearRows(
          northbridge.id,
          {
            startYear: currentStartYear - 1,
            bySector: {
              education: 59,
              'early-years': 10,
              faith: 4,
              health: 9,
              police: 6,
              'social-care': 16,
              'foster-care': 8,
              voluntary: 7,
              sports: 6,
              transport: 3,
            },
            bands: { withinOneMonth: 97, withinThreeMonths: 17, overThreeMonths: 12, open: 2 },
            repeats: 6,
          },
          calendar,
          random,
        )
        const thisYear = ladoYearRows(
          northbridge.id,
          {
            startYear: currentStartYear,
            bySector: { education: 20, health: 4, 'social-care': 6, sports: 3, voluntary: 3 },
            bands: { withinOneMonth: 14, withinThreeMonths: 4, overThreeMonths: 0, open: 18 },
          },
          calendar,
          random,
        ).filter(row => row.receivedOn <= today && (!row.closedOn || row.closedOn <= today))
        return insertLadoReferrals(trx, [...lastYear, ...thisYear])
      },
    )
    return { referrals }
  },
}
