/**
 * Builds census-aligned records for dataset tests straight into the children's tables (as a
 * census import would), and a small LAIT folder of comparators written at run time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { TestApp } from '../../helpers/test-app.js'

export interface ChildRecord {
  referralDate: string
  closureDate?: string
  /** An earlier referral of the same child (its episode closed a month later). */
  previousReferral?: string
  s47?: { startDate: string; icpc?: string }
  plan?: { startDate: string; endDate?: string; previous?: number }
  /** Born on 1 January 2008 unless given. */
  birthDate?: string
  assessment?: { authorised: string; factors: string[] }
}

let counter = 0

/** One child, one CIN episode each, with its Section 47 enquiry and plan when given. */
export async function addRecords(t: TestApp, partnershipId: string, records: ChildRecord[]) {
  const owner = t.database.owner
  for (let i = 0; i < records.length; i += 500) {
    const batch = records.slice(i, i + 500)
    const children = await owner
      .insertInto('child')
      .values(
        batch.map(r => ({
          partnership_id: partnershipId,
          la_child_id: `T${++counter}`,
          birth_date: r.birthDate ?? '2008-01-01',
          sex: 'F',
          ethnicity: 'WBRI',
        })),
      )
      .returning('id')
      .execute()
    const episodes = await owner
      .insertInto('cin_episode')
      .values(
        batch.map((r, k) => ({
          partnership_id: partnershipId,
          child_id: children[k]?.id,
          referral_date: r.referralDate,
          closure_date: r.closureDate ?? null,
          referral_source: '6',
          primary_need_code: 'N1',
          referral_nfa: false,
        })),
      )
      .returning('id')
      .execute()
    const earlier = batch.flatMap((r, k) =>
      r.previousReferral
        ? [
            {
              partnership_id: partnershipId,
              child_id: children[k]?.id,
              referral_date: r.previousReferral,
              closure_date: r.previousReferral.replace(/-(\d\d)-/, '-$1-').slice(0, 8) + '28',
              referral_source: '6',
              referral_nfa: false,
            },
          ]
        : [],
    )
    if (earlier.length) await owner.insertInto('cin_episode').values(earlier).execute()
    const s47s = batch.flatMap((r, k) =>
      r.s47
        ? [
            {
              partnership_id: partnershipId,
              episode_id: episodes[k]?.id,
              start_date: r.s47.startDate,
              date_of_initial_cpc: r.s47.icpc ?? null,
            },
          ]
        : [],
    )
    if (s47s.length) await owner.insertInto('section47').values(s47s).execute()
    const plans = batch.flatMap((r, k) =>
      r.plan
        ? [
            {
              partnership_id: partnershipId,
              episode_id: episodes[k]?.id,
              start_date: r.plan.startDate,
              end_date: r.plan.endDate ?? null,
              initial_category: 'NEG',
              latest_category: 'NEG',
              number_of_previous_plans: r.plan.previous ?? 0,
            },
          ]
        : [],
    )
    if (plans.length) await owner.insertInto('child_protection_plan').values(plans).execute()
    const assessments = batch.flatMap((r, k) =>
      r.assessment
        ? [
            {
              partnership_id: partnershipId,
              episode_id: episodes[k]?.id,
              start_date: r.referralDate,
              authorisation_date: r.assessment.authorised,
              factors: r.assessment.factors,
            },
          ]
        : [],
    )
    if (assessments.length) await owner.insertInto('assessment').values(assessments).execute()
  }
}

export function repeat<T>(count: number, make: (index: number) => T): T[] {
  return Array.from({ length: count }, (_, index) => make(index))
}

/** Ten neighbours per authority whose values average exactly `mean`. */
function neighbourValues(mean: number): number[] {
  return [-4.5, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 4.5].map(
    d => Math.round((mean + d) * 10) / 10,
  )
}

/**
 * A LAIT folder with Milton Keynes' (826) plan rate for 2010/11 (England 38.3, neighbours 44.3)
 * and Birmingham's (330) re-referrals for 2014/15 (England 24, neighbours 21), as the seeds quote.
 */
export async function writeSeedLait(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lait-'))
  const mkNeighbours = [901, 902, 903, 904, 905, 906, 907, 908, 909, 910]
  const bhamNeighbours = [911, 912, 913, 914, 915, 916, 917, 918, 919, 920]
  const rows = ['measure,description,year,area,value,la_number,region']
  rows.push(
    'CPP_rate,,2011,England,38.3,970.0,NA',
    'CPP_rate,,2011,Milton Keynes,10.1,826.0,South East',
  )
  neighbourValues(44.3).forEach((v, k) =>
    rows.push(`CPP_rate,,2011,Neighbour ${k},${v},${mkNeighbours[k]}.0,Elsewhere`),
  )
  rows.push(
    'ReReferral,,2015,England,24,970.0,NA',
    'ReReferral,,2015,Birmingham,25,330.0,West Midlands',
  )
  neighbourValues(21).forEach((v, k) =>
    rows.push(`ReReferral,,2015,"Neighbour, ${k}",${v},${bhamNeighbours[k]}.0,Elsewhere`),
  )
  writeFileSync(join(dir, 'lait_csc.csv'), `${rows.join('\n')}\n`)
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('LA SN Groups')
  sheet.addRow(['LA num', 'LA Name', 'LA number', 'GOInd', 'GOReg', 'SN1'])
  for (const [la, name, list] of [
    [826, 'Milton Keynes', mkNeighbours],
    [330, 'Birmingham', bhamNeighbours],
  ] as const) {
    sheet.addRow([la, name, la, 1, 'Region', ...list.flatMap(n => [n, 'Close'])])
  }
  await workbook.xlsx.writeFile(join(dir, 'sn_test_2025.xlsx'))
  return dir
}
