import { parse } from 'csv-parse/sync'
import type { Db } from '../../../db/database.js'
import { TIME_PATTERN, type Ctx, audit, londonDateTime, scoped } from '../shared.js'
import { isValidIsoDate } from '../../../platform/working-days.js'
import { findRegisterChildByLaId } from '../../children/queries.js'
import * as repo from './repo.js'

/**
 * Missing episodes from a police CSV export. Every row is checked first; when any row is wrong
 * the whole file is refused with one line per problem, and nothing is written.
 */

export const IMPORT_MAX_BYTES = 1024 * 1024
export const IMPORT_MAX_ROWS = 2000
export const IMPORT_COLUMNS = [
  'police_reference',
  'la_child_id',
  'missing_from',
  'reported',
  'found',
] as const

export interface RowError {
  row: number
  message: string
}

export type ImportOutcome =
  | { kind: 'imported'; count: number }
  | { kind: 'rejected'; errors: RowError[] }
  | { kind: 'refused'; message: string }

interface ParsedRow {
  row: number
  policeReference: string
  childId: string
  missingFrom: 'home' | 'care'
  reportedAt: Date
  foundAt: Date | null
}

/** '2026-12-01 14:30' in London time, or null. */
function parseLondon(value: string): Date | null {
  const [date = '', time = ''] = value.trim().split(/\s+/)
  if (!isValidIsoDate(date) || !TIME_PATTERN.test(time)) return null
  return londonDateTime(date, time)
}

function readRecords(file: Buffer): string[][] | string {
  if (file.length > IMPORT_MAX_BYTES) return 'The file must be smaller than 1 MB'
  try {
    return parse(file, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true })
  } catch {
    return 'The file must be a CSV file'
  }
}

export function importPoliceEpisodes(db: Db, ctx: Ctx, file: Buffer): Promise<ImportOutcome> {
  const records = readRecords(file)
  if (typeof records === 'string') return Promise.resolve({ kind: 'refused', message: records })
  const [header, ...rows] = records
  if (!header || header.map(h => h.toLowerCase()).join(',') !== IMPORT_COLUMNS.join(','))
    return Promise.resolve({
      kind: 'refused',
      message: `The first row must name the columns ${IMPORT_COLUMNS.join(', ')}`,
    })
  if (rows.length === 0)
    return Promise.resolve({ kind: 'refused', message: 'The file has no episodes' })
  if (rows.length > IMPORT_MAX_ROWS)
    return Promise.resolve({
      kind: 'refused',
      message: `The file must have ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} episodes or fewer`,
    })

  return scoped(db, ctx.actor, async trx => {
    const errors: RowError[] = []
    const parsed: ParsedRow[] = []
    const seen = new Set<string>()
    const taken = new Set(
      (await repo.findPoliceReferences(trx, rows.map(r => r[0] ?? '').filter(Boolean))).map(
        r => r.policeReference,
      ),
    )
    for (const [index, cells] of rows.entries()) {
      const row = index + 2
      const fail = (message: string) => errors.push({ row, message })
      const [reference = '', laChildId = '', from = '', reported = '', found = ''] = cells
      if (cells.length !== IMPORT_COLUMNS.length) {
        fail(`Row has ${cells.length} columns, not ${IMPORT_COLUMNS.length}`)
        continue
      }
      if (!/^[A-Za-z0-9/-]{1,40}$/.test(reference))
        fail('Enter a police reference of up to 40 letters, numbers, dashes or slashes')
      else if (seen.has(reference))
        fail(`Police reference ${reference} appears more than once in the file`)
      else if (taken.has(reference)) fail(`Police reference ${reference} is already recorded`)
      seen.add(reference)
      const child = /^[A-Za-z0-9]{1,20}$/.test(laChildId)
        ? await findRegisterChildByLaId(trx, laChildId)
        : undefined
      if (!child) fail(`No child has the LA child ID ${laChildId || '(blank)'}`)
      const missingFrom = from.toLowerCase()
      if (missingFrom !== 'home' && missingFrom !== 'care')
        fail('Missing from must be home or care')
      const reportedAt = parseLondon(reported)
      if (!reportedAt) fail('Reported must be a date and time like 2026-12-01 14:30')
      const foundAt = found ? parseLondon(found) : null
      if (found && !foundAt) fail('Found must be a date and time like 2026-12-02 09:15, or blank')
      if (reportedAt && foundAt && foundAt < reportedAt) fail('Found must be after reported')
      if (child && reportedAt && (missingFrom === 'home' || missingFrom === 'care'))
        parsed.push({
          row,
          policeReference: reference,
          childId: child.id,
          missingFrom,
          reportedAt,
          foundAt,
        })
    }
    if (errors.length) return { kind: 'rejected' as const, errors }
    for (const entry of parsed) {
      const { id } = await repo.insertEpisode(trx, {
        partnershipId: ctx.actor.partnershipId,
        childId: entry.childId,
        reportedAt: entry.reportedAt,
        foundAt: entry.foundAt,
        missingFrom: entry.missingFrom,
        policeReference: entry.policeReference,
        source: 'police-import',
        createdBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.missing.imported',
        resourceType: 'missing-episode',
        resourceId: id,
        childId: entry.childId,
        fields: {
          missingFrom: entry.missingFrom,
          reportedAt: entry.reportedAt,
          foundAt: entry.foundAt,
        },
      })
    }
    return { kind: 'imported' as const, count: parsed.length }
  })
}
