/**
 * DfE's Local Authority Interactive Tool (LAIT) figures, read at run time from the shared data
 * folder (never copied into the repository): the comparators (England, region, statistical
 * neighbours) and a population of children aged 0 to 17 derived from LAIT's pairs of a count and
 * its rate per 10,000 (population = count / rate x 10,000). The folder is
 * `KEEPSAFE_LAIT_DIR`, by default `../shared/data/lait` beside the repository; when it is absent
 * the figures are shown without comparators and the page says why.
 */
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'

const here = path.dirname(fileURLToPath(import.meta.url))
export const DEFAULT_LAIT_DIR = path.resolve(here, '../../../../shared/data/lait')
const ENGLAND = 970

/** LAIT's pairs of a count and the same count per 10,000 children, for the derived population. */
const POPULATION_PAIRS: [string, string][] = [
  ['CPP_Num', 'CPP_rate'],
  ['CPP_Total_NumRef', 'CPP_Total_Rateper10,000'],
]

export interface LaitArea {
  laNumber: number
  name: string
  region: string
}

export interface Lait {
  dir: string
  areas: Map<number, LaitArea>
  /** measure → year → LA number → value. */
  values: Map<string, Map<number, Map<number, number>>>
  /** LA number → its statistical neighbours' LA numbers, from the newest sn_*.xlsx. */
  neighbours: Map<number, number[]>
  neighboursFile: string | null
}

export interface Comparators {
  measure: string
  /** The LAIT year: the year ending 31 March of this year. */
  year: number
  england: number | null
  region: number | null
  regionName: string | null
  neighbours: number | null
}

export type LaitLoad = { ok: true; lait: Lait } | { ok: false; message: string }
/** What a page can show now: LAIT, why it is missing, or that it is still being read. */
export type LaitState = LaitLoad | { ok: false; loading: true; message: string }

const cache = new Map<string, Promise<LaitLoad>>()
const settled = new Map<string, LaitLoad>()

export const LAIT_LOADING_MESSAGE =
  'The comparators (DfE’s LAIT figures for England, the region and statistical neighbours) and the population derived from them are still being read after the service started: they are not shown yet. Reload the page in a few seconds.'

export function laitDir(): string {
  return process.env.KEEPSAFE_LAIT_DIR ?? DEFAULT_LAIT_DIR
}

/**
 * LAIT from the folder, read once per process. The server starts it at start-up
 * (`startLaitLoading`); the command line and tests await it.
 */
export function loadLait(dir = laitDir()): Promise<LaitLoad> {
  let load = cache.get(dir)
  if (!load) {
    load = readLait(dir).catch((error: unknown) => ({
      ok: false as const,
      message: `The LAIT figures could not be read (${error instanceof Error ? error.message : String(error)}). Comparators and the derived population are not shown.`,
    }))
    load.then(
      result => settled.set(dir, result),
      () => undefined,
    )
    cache.set(dir, load)
  }
  return load
}

/** Starts reading LAIT in the background, so that no page view waits for it. */
export function startLaitLoading(dir = laitDir()): void {
  void loadLait(dir)
}

/** LAIT if it has been read, without waiting: a page shows "loading" rather than waiting ~5 s. */
export function laitState(dir = laitDir()): LaitState {
  const done = settled.get(dir)
  if (done) return done
  startLaitLoading(dir)
  return { ok: false, loading: true, message: LAIT_LOADING_MESSAGE }
}

async function readLait(dir: string): Promise<LaitLoad> {
  const file = path.join(dir, 'lait_csc.csv')
  if (!existsSync(file)) {
    return {
      ok: false,
      message: `The LAIT figures were not found (looked for ${file}; set KEEPSAFE_LAIT_DIR to the folder that holds lait_csc.csv). Comparators and the derived population are not shown.`,
    }
  }
  // Streamed, so that requests are served between chunks while the ~13 MB file is read.
  const records = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }))
  const areas = new Map<number, LaitArea>()
  const values: Lait['values'] = new Map()
  for await (const record of records as AsyncIterable<Record<string, string>>) {
    const laNumber = Number(record.la_number)
    const year = Number(record.year)
    const value = Number(record.value)
    if (!Number.isFinite(laNumber) || !Number.isFinite(year)) continue
    areas.set(laNumber, { laNumber, name: record.area ?? '', region: record.region ?? '' })
    if (record.value === '' || !Number.isFinite(value)) continue
    const measure = record.measure ?? ''
    const byYear = values.get(measure) ?? new Map<number, Map<number, number>>()
    values.set(measure, byYear)
    const byLa = byYear.get(year) ?? new Map<number, number>()
    byYear.set(year, byLa)
    byLa.set(laNumber, value)
  }
  const { neighbours, neighboursFile } = await readNeighbours(dir)
  return { ok: true, lait: { dir, areas, values, neighbours, neighboursFile } }
}

/** The newest `sn_<month>_<year>.xlsx`: LA number in column A, SN1..SN10 every other column from F. */
async function readNeighbours(dir: string) {
  const files = readdirSync(dir)
    .filter(name => /^sn_.*\.xlsx$/.test(name))
    .sort((a, b) => (a.match(/\d{4}/)?.[0] ?? '').localeCompare(b.match(/\d{4}/)?.[0] ?? ''))
  const newest = files.at(-1)
  const neighbours = new Map<number, number[]>()
  if (!newest) return { neighbours, neighboursFile: null }
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path.join(dir, newest))
  const sheet = workbook.worksheets[0]
  sheet?.eachRow(row => {
    const laNumber = Number(row.getCell(1).value)
    if (!Number.isInteger(laNumber) || laNumber < 100) return
    const list: number[] = []
    for (let column = 6; column <= 24; column += 2) {
      const value = Number(row.getCell(column).value)
      if (Number.isInteger(value) && value >= 100) list.push(value)
    }
    neighbours.set(laNumber, list)
  })
  return { neighbours, neighboursFile: newest }
}

const mean = (list: number[]) =>
  list.length ? Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 10) / 10 : null

/**
 * England, the region and the statistical neighbours for a measure, in the latest LAIT year up
 * to `upToYear` that has England's figure (DfE publishes a year's figures months after it ends).
 */
export function comparatorsFor(
  lait: Lait,
  measure: string,
  laNumber: number | null,
  upToYear: number,
): Comparators | null {
  const byYear = lait.values.get(measure)
  if (!byYear) return null
  const years = [...byYear.keys()].filter(y => y <= upToYear && byYear.get(y)?.has(ENGLAND))
  const year = Math.max(...years)
  if (!Number.isFinite(year)) return null
  const byLa = byYear.get(year) ?? new Map<number, number>()
  const area = laNumber === null ? undefined : lait.areas.get(laNumber)
  const regionLas = area
    ? [...lait.areas.values()].filter(a => a.region === area.region && a.laNumber !== ENGLAND)
    : []
  const pick = (las: number[]) => las.flatMap(la => (byLa.has(la) ? [byLa.get(la) ?? 0] : []))
  return {
    measure,
    year,
    england: byLa.get(ENGLAND) ?? null,
    region: area ? mean(pick(regionLas.map(a => a.laNumber))) : null,
    regionName: area?.region ?? null,
    neighbours: laNumber === null ? null : mean(pick(lait.neighbours.get(laNumber) ?? [])),
  }
}

/**
 * The population aged 0 to 17 of an LA in a LAIT year, derived from LAIT's count and rate pairs
 * (the mean of the pairs that have both), to the nearest 10; null when no pair has both.
 */
export function derivedPopulation(lait: Lait, laNumber: number, year: number): number | null {
  const estimates = POPULATION_PAIRS.flatMap(([countMeasure, rateMeasure]) => {
    const count = lait.values.get(countMeasure)?.get(year)?.get(laNumber)
    const rate = lait.values.get(rateMeasure)?.get(year)?.get(laNumber)
    return count !== undefined && rate !== undefined && rate > 0 ? [(count / rate) * 10_000] : []
  })
  if (!estimates.length) return null
  return Math.round(estimates.reduce((a, b) => a + b, 0) / estimates.length / 10) * 10
}

/** The LAIT areas that are local authorities, for the settings page's list. */
export function localAuthorities(lait: Lait): LaitArea[] {
  return [...lait.areas.values()]
    .filter(area => area.laNumber !== ENGLAND && area.region !== 'NA')
    .sort((a, b) => a.name.localeCompare(b.name))
}
