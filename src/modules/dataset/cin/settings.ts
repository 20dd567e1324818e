/**
 * The dataset's settings: commands and the schemas of their forms. Each command is one
 * transaction with its audit event; a population file with any bad row writes nothing.
 */
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  findDatasetSetting,
  listPopulations,
  listTargets,
  saveDatasetSetting,
  upsertPopulation,
  upsertTarget,
} from './repo.js'

export const AGE_BANDS = [
  '0-17',
  '0-4',
  '5-10',
  '11-17',
  '11-15',
  '16-17',
  // For rates by age as DfE publishes plans at 31 March (migration T2121).
  'under-1',
  '1-4',
  '5-9',
  '10-15',
] as const
const scope = (actor: Actor) => ({ partnershipId: actor.partnershipId, userId: actor.userId })
const one = (message: string) => z.string({ error: message })

export const settingsSchema = z
  .object({
    laNumber: one('Enter the local authority number')
      .trim()
      .regex(/^(\d{3})?$/, 'Enter the local authority’s 3-digit number, like 330'),
    dfeCalendar: z.enum(['england-and-wales', 'partnership'], {
      error: 'Choose the calendar for DfE-comparable timescales',
    }),
  })
  .strict()

const decimal = (label: string) =>
  one(`Enter the ${label}`)
    .trim()
    .regex(/^(-?\d{1,7}(\.\d{1,2})?)?$/, `Enter the ${label} as a number, like 24 or 24.5`)

export const targetSchema = z
  .object({
    indicatorKey: one('Enter the indicator')
      .trim()
      .regex(/^[A-Za-z0-9_,.%-]{1,80}$/, 'Enter the indicator’s key, like ReReferral'),
    year: one('Enter the year')
      .trim()
      .regex(/^(19|20|21)\d{2}$/, 'Enter the financial year’s ending year, like 2025'),
    polarity: z.enum(['higher', 'lower', 'range'], {
      error: 'Choose whether higher or lower is better, or a range',
    }),
    target: decimal('target'),
    rangeLow: decimal('lowest value of the range'),
    rangeHigh: decimal('highest value of the range'),
    tolerance: decimal('tolerance'),
    notes: z.string().trim().max(1000, 'Notes must be 1,000 characters or fewer').default(''),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.polarity === 'range') {
      if (!value.rangeLow)
        ctx.addIssue({
          code: 'custom',
          path: ['rangeLow'],
          message: 'Enter the lowest value of the range',
        })
      if (!value.rangeHigh)
        ctx.addIssue({
          code: 'custom',
          path: ['rangeHigh'],
          message: 'Enter the highest value of the range',
        })
      if (value.rangeLow && value.rangeHigh && Number(value.rangeLow) > Number(value.rangeHigh))
        ctx.addIssue({
          code: 'custom',
          path: ['rangeHigh'],
          message: 'The highest value must be the same as or more than the lowest',
        })
    } else if (!value.target) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'Enter the target' })
    }
  })

export type TargetInput = z.infer<typeof targetSchema>

export function datasetSettingsPage(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), async trx => ({
    setting: await findDatasetSetting(trx, actor.partnershipId),
    populations: await listPopulations(trx, actor.partnershipId),
    targets: await listTargets(trx, actor.partnershipId),
  }))
}

export function saveSettings(
  db: Db,
  actor: Actor,
  input: z.infer<typeof settingsSchema>,
  requestId: string,
) {
  return inPartnership(db, scope(actor), async trx => {
    const laNumber = input.laNumber ? Number(input.laNumber) : null
    await saveDatasetSetting(trx, {
      partnershipId: actor.partnershipId,
      laNumber,
      dfeCalendar: input.dfeCalendar,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'dataset.settings-updated',
      resourceType: 'dataset-settings',
      fields: { laNumber, dfeCalendar: input.dfeCalendar },
      requestId,
    })
  })
}

export function saveTarget(db: Db, actor: Actor, input: TargetInput, requestId: string) {
  const number = (text: string) => (text ? Number(text) : null)
  const row = {
    indicatorKey: input.indicatorKey,
    year: Number(input.year),
    polarity: input.polarity,
    target: input.polarity === 'range' ? null : number(input.target),
    rangeLow: input.polarity === 'range' ? number(input.rangeLow) : null,
    rangeHigh: input.polarity === 'range' ? number(input.rangeHigh) : null,
    tolerance: number(input.tolerance) ?? 0,
    notes: input.notes || null,
  }
  return inPartnership(db, scope(actor), async trx => {
    await upsertTarget(trx, { ...row, partnershipId: actor.partnershipId, updatedBy: actor.userId })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'dataset.target-saved',
      resourceType: 'dataset-target',
      fields: row,
      requestId,
    })
  })
}

export interface PopulationRow {
  year: number
  ageBand: string
  population: number
}
export interface RowProblem {
  row: number
  message: string
}

/** Reads `year,age_band,population` rows (ONS mid-year estimates); every problem, by row. */
export function readPopulationCsv(text: string): { rows: PopulationRow[]; problems: RowProblem[] } {
  let records: Record<string, string>[]
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map(c => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    })
  } catch {
    return {
      rows: [],
      problems: [{ row: 1, message: 'The file is not a CSV file that can be read' }],
    }
  }
  const rows: PopulationRow[] = []
  const problems: RowProblem[] = []
  if (!records.length)
    problems.push({ row: 1, message: 'The file has no rows: add a row for each year and age band' })
  records.forEach((record, index) => {
    const row = index + 2
    const year = Number(record.year)
    const population = Number((record.population ?? '').replaceAll(',', ''))
    const ageBand = record.age_band ?? ''
    if (!/^\d{4}$/.test(record.year ?? '') || year < 1990 || year > 2100)
      problems.push({ row, message: 'Enter the year of the mid-year estimate, like 2024' })
    else if (!(AGE_BANDS as readonly string[]).includes(ageBand))
      problems.push({ row, message: `Enter an age band: ${AGE_BANDS.join(', ')}` })
    else if (!Number.isInteger(population) || population < 1 || population > 10_000_000)
      problems.push({ row, message: 'Enter the population as a whole number, like 286000' })
    else rows.push({ year, ageBand, population })
  })
  return { rows, problems }
}

export function importPopulation(db: Db, actor: Actor, rows: PopulationRow[], requestId: string) {
  return inPartnership(db, scope(actor), async trx => {
    for (const row of rows) {
      await upsertPopulation(trx, {
        ...row,
        partnershipId: actor.partnershipId,
        source: 'ONS mid-year estimate',
      })
    }
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'dataset.population-imported',
      resourceType: 'dataset-settings',
      detail: { rows: rows.length, years: [...new Set(rows.map(r => r.year))] },
      requestId,
    })
  })
}
