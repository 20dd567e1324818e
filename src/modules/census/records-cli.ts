/** `keepsafe census import FILE` and `keepsafe census export --year YYYY-YY`: need a database. */
import type { Writable } from 'node:stream'
import { resolvePartnership, writeLine } from '../../platform/command-line.js'
import type { DatabaseHandles } from '../../db/database.js'
import { exportCensus } from './export.js'
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inPartnership } from '../../db/database.js'
import { JobRunner } from '../../platform/jobs.js'
import {
  IMPORT_LEASE_MS,
  PROGRESS_EVERY_MS,
  UPLOAD_FILE,
  censusJobs,
  startImportJob,
} from './jobs.js'
import type { CollectionYear } from './rules/years.js'
import { findImport } from './repo.js'
import type { SaveCounts } from '../children/service.js'

export const EXIT_IMPORTED = 0
export const EXIT_NOT_IMPORTED = 1
export const EXIT_USAGE = 2

interface Output {
  stdout: Writable
  stderr: Writable
}

/**
 * Imports through the jobs table, as the web's upload does: the import is logged and its progress
 * stored on its row (so `/census/imports` shows it while it runs, from any instance), and if this
 * process dies the job runner of a running server takes it over. Progress goes to stderr.
 */
export async function runImportCommand(
  database: DatabaseHandles,
  input: { file: string; partnership?: string },
  { stdout, stderr }: Output,
): Promise<number> {
  const partnership = await resolvePartnership(database.owner, input.partnership)
  if (typeof partnership === 'string') {
    await writeLine(stderr, partnership)
    return EXIT_USAGE
  }
  const upload = await copyToUploadDir(input.file)
  if (typeof upload === 'string') {
    await writeLine(stderr, `Cannot import ${input.file}: ${upload}`)
    return EXIT_USAGE
  }
  const scope = { partnershipId: partnership.id, userId: null }
  const { importId, jobId } = await startImportJob(database.db, {
    ...scope,
    fileName: input.file.split('/').at(-1) ?? input.file,
    fileBytes: upload.bytes,
    dir: upload.dir,
    requestId: null,
  })
  await writeLine(stderr, `Import started: see /census/imports/${importId}`)
  const runner = new JobRunner(database.db, censusJobs({ db: database.db }).handlers, {
    leaseMs: IMPORT_LEASE_MS,
  })
  const row = await followImport(database, scope, importId, runner.runNow(jobId), stderr)
  if (row?.status !== 'succeeded') {
    await writeProblems(stderr, input.file, row?.problems)
    return EXIT_NOT_IMPORTED
  }
  await writeLine(stdout, importedSummary(partnership.slug, row))
  return EXIT_IMPORTED
}

async function copyToUploadDir(file: string): Promise<{ dir: string; bytes: number } | string> {
  const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-cli-'))
  try {
    await copyFile(file, join(dir, UPLOAD_FILE))
    return { dir, bytes: (await stat(file)).size }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    return error instanceof Error ? error.message : String(error)
  }
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>

/** Prints the stored progress each second until the job has run; gives the import's last row. */
async function followImport(
  database: DatabaseHandles,
  scope: { partnershipId: string; userId: null },
  importId: string,
  running: Promise<unknown>,
  stderr: Writable,
): Promise<ImportRow | undefined> {
  const read = () =>
    inPartnership(database.db, scope, trx => findImport(trx, scope.partnershipId, importId))
  let last = ''
  const ended = running.then(
    () => true,
    () => true,
  )
  const tick = () =>
    new Promise<false>(resolve => setTimeout(() => resolve(false), PROGRESS_EVERY_MS))
  while (!(await Promise.race([ended, tick()]))) {
    const row = await read()
    const line = row ? progressLine(row) : last
    if (line !== last) await writeLine(stderr, line)
    last = line
  }
  await running
  return read()
}

function progressLine(row: ImportRow): string {
  const percent = Math.round(row.progressFraction * 100)
  const phase = row.progressPhase === 'saving' ? 'Saving' : 'Checking'
  return `${phase}: ${String(percent)}% (${String(row.progressChildren)} children)`
}

async function writeProblems(stderr: Writable, file: string, stored: unknown): Promise<void> {
  const { problems = [], moreProblems = 0 } = (stored ?? {}) as {
    problems?: { message: string; line?: number }[]
    moreProblems?: number
  }
  await writeLine(stderr, `Nothing was imported: ${file} has problems to put right first.`)
  for (const problem of problems) {
    await writeLine(
      stderr,
      problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`,
    )
  }
  if (moreProblems > 0) await writeLine(stderr, `… and ${moreProblems} more problems`)
}

function importedSummary(slug: string, row: ImportRow): string {
  const c = row.counts as SaveCounts
  const line = (name: string, n: { inserted: number; updated: number; unchanged: number }) =>
    `  ${name}: ${n.inserted} new, ${n.updated} updated, ${n.unchanged} unchanged`
  return [
    `Imported ${row.children} children into ${slug} (reference date ${row.referenceDate ?? 'unknown'}).`,
    line('children', c.child),
    line('CIN episodes', c.cinEpisode),
    line('assessments', c.assessment),
    line('CIN plans', c.cinPlan),
    line('Section 47 enquiries', c.section47),
    line('child protection plans', c.childProtectionPlan),
    line('pre-proceedings', c.preProceedings),
  ].join('\n')
}

export async function runExportCommand(
  database: DatabaseHandles,
  input: { year: CollectionYear; partnership?: string; lea?: string },
  { stdout, stderr }: Output,
): Promise<number> {
  const partnership = await resolvePartnership(database.owner, input.partnership)
  if (typeof partnership === 'string') {
    await writeLine(stderr, partnership)
    return EXIT_USAGE
  }
  if (input.lea !== undefined && !/^\d{3}$/.test(input.lea)) {
    await writeLine(stderr, 'The LA code (--lea) is three digits, like 201.')
    return EXIT_USAGE
  }
  const { children } = await exportCensus(
    database.db,
    { partnershipId: partnership.id, userId: null, year: input.year, lea: input.lea },
    stdout,
  )
  await writeLine(stderr, `Exported ${children} children for ${input.year}.`)
  return 0
}
