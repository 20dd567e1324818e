import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { insertLadoReferrals, ladoYearRows } from '../../../src/modules/lado/generate.js'
import { ladoAnnualFigures } from '../../../src/modules/lado/queries.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { englandAndWales } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const FIXTURES = path.resolve(here, '../../../../shared/data/seed-fixtures')
const HAS_FIXTURES = existsSync(FIXTURES)
if (!HAS_FIXTURES)
  console.warn(`seed fixtures not found at ${FIXTURES}: the LADO figures tests need ../shared`)

interface Birmingham {
  lado: {
    referrals: number
    closed_within_one_month: number
    closed_within_one_month_percent: number
    standard_within_one_month_percent: number
    standard_within_three_months_percent: number
    schools_and_education_referrals: number
  }
}

const t = useTestApp()

describe.skipIf(!HAS_FIXTURES)(
  'the seeds’ allegation figures, reproduced from generated records',
  () => {
    it('Birmingham 2016/17: 1,284 referrals, 971 (75%) closed within a month against 80%, 586 from education', async () => {
      const { lado } = JSON.parse(
        readFileSync(path.join(FIXTURES, 'birmingham-2016-17-key-figures.json'), 'utf8'),
      ) as Birmingham
      const others = lado.referrals - lado.schools_and_education_referrals
      const withinThree = Math.ceil(
        (lado.referrals * lado.standard_within_three_months_percent) / 100,
      )
      const rows = ladoYearRows(
        t.northbridge.id,
        {
          startYear: 2016,
          bySector: {
            education: lado.schools_and_education_referrals,
            'social-care': Math.floor(others * 0.3),
            health: Math.floor(others * 0.2),
            sports: Math.floor(others * 0.1),
            faith: Math.floor(others * 0.1),
            voluntary:
              others -
              Math.floor(others * 0.3) -
              Math.floor(others * 0.2) -
              2 * Math.floor(others * 0.1),
          },
          bands: {
            withinOneMonth: lado.closed_within_one_month,
            withinThreeMonths: withinThree,
            overThreeMonths: lado.referrals - lado.closed_within_one_month - withinThree - 20,
            open: 20,
          },
          repeats: 40,
        },
        englandAndWales,
        new SeededRandom(2016),
      )
      // Last year's referrals are outside the year and must not be counted.
      const before = ladoYearRows(
        t.northbridge.id,
        {
          startYear: 2015,
          bySector: { education: 10 },
          bands: { withinOneMonth: 10, withinThreeMonths: 0, overThreeMonths: 0, open: 0 },
        },
        englandAndWales,
        new SeededRandom(2015),
      )
      await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        insertLadoReferrals(trx, [...before, ...rows]),
      )

      const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        ladoAnnualFigures(trx, { startYear: 2016 }),
      )

      expect(figures.referrals).toBe(lado.referrals)
      expect(figures.bands['within-one-month']).toBe(lado.closed_within_one_month)
      expect(figures.percentWithinOneMonth).toBe(lado.closed_within_one_month_percent)
      expect(figures.meetsOneMonthStandard).toBe(false)
      expect(figures.percentWithinThreeMonths).toBe(lado.standard_within_three_months_percent)
      expect(figures.bySector.education).toBe(lado.schools_and_education_referrals)
      expect(Object.values(figures.bySector).reduce((a, b) => a + b, 0)).toBe(lado.referrals)
      expect(Object.values(figures.byOutcome).reduce((a, b) => a + b, 0)).toBe(lado.referrals)
      expect(figures.byOutcome.open).toBe(20)
      expect(figures.repeatReferrals).toBe(40)
      expect(figures.initialConsiderationOnTime + figures.initialConsiderationLate).toBe(
        lado.referrals,
      )
    })
  },
)
