/**
 * Milton Keynes' 2011/12 annual report (Appendix 3) as records: the children's tables filled so
 * that the DfE figures for 2010/11 and 2011/12 come out as printed. Shared by the dataset's and
 * the annual report's reproduction tests.
 */
import { readFileSync } from 'node:fs'
import { addRecords, repeat } from '../modules/dataset/records.js'
import type { TestApp } from './test-app.js'

const SEEDS = new URL('../../../shared/data/seed-fixtures/', import.meta.url)

export interface Mk1112 {
  child_protection_dataset: { columns: string[]; rows: { indicator: string; values: number[] }[] }
  rate_per_10000_2011_12: number
  comparators_2010_11_per_10000: { England: number; 'Statistical neighbours': number }
}

export function miltonKeynes2011Seed(): Mk1112 {
  return JSON.parse(readFileSync(new URL('mk-2011-12-board.json', SEEDS), 'utf8')) as Mk1112
}

/** The printed value of the row whose indicator starts with `text`: column 0 is 2010/11, 1 is 2011/12. */
export function printed(seed: Mk1112, text: string, column: 0 | 1): number | undefined {
  return seed.child_protection_dataset.rows.find(r => r.indicator.startsWith(text))?.values[column]
}

/**
 * 2010/11: 391 enquiries (87 with an initial conference); 66 plans open on 1 April 2010, all
 * ending in the year (2 of them after more than two years); 84 started (2 had a plan before),
 * 44 of them ending in the year: 66 + 84 - 110 = 40 open at 31 March 2011.
 * 2011/12: 312 enquiries (97 with a conference); of the 40 open, 35 end; 95 start (4 had a plan
 * before), 45 of them end: 40 + 95 - 80 = 55.
 */
export async function addMiltonKeynes2011Records(t: TestApp, partnershipId: string) {
  await addRecords(
    t,
    partnershipId,
    repeat(391, i => ({
      referralDate: '2010-05-03',
      s47: { startDate: '2010-05-04', icpc: i < 87 ? '2010-05-20' : undefined },
    })),
  )
  await addRecords(
    t,
    partnershipId,
    repeat(66, i =>
      i < 2
        ? { referralDate: '2008-03-01', plan: { startDate: '2008-04-01', endDate: '2010-06-01' } }
        : { referralDate: '2009-09-01', plan: { startDate: '2009-10-01', endDate: '2010-09-01' } },
    ),
  )
  await addRecords(
    t,
    partnershipId,
    repeat(84, i => ({
      referralDate: '2010-09-01',
      plan: {
        startDate: '2010-10-01',
        endDate: i < 44 ? '2011-02-01' : i < 79 ? '2011-09-01' : undefined,
        previous: i < 2 ? 1 : 0,
      },
    })),
  )
  await addRecords(
    t,
    partnershipId,
    repeat(312, i => ({
      referralDate: '2011-05-03',
      s47: { startDate: '2011-05-04', icpc: i < 97 ? '2011-05-20' : undefined },
    })),
  )
  await addRecords(
    t,
    partnershipId,
    repeat(95, i => ({
      referralDate: '2011-05-03',
      plan: {
        startDate: '2011-06-01',
        endDate: i < 45 ? '2012-01-15' : undefined,
        previous: i < 4 ? 1 : 0,
      },
    })),
  )
}
