/** `keepsafe census import FILE` and `keepsafe census export --year YYYY-YY`: need a database. */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { InvalidArgumentError, type Command } from 'commander'
import { loadConfig } from '../../config.js'
import { openDatabase, type DatabaseHandles } from '../../db/database.js'
import { migrateToLatest } from '../../db/migrate.js'
import { exportCensus } from './export.js'
import { importCensusFile, type ImportOutcome } from './import.js'
import { COLLECTION_YEARS, isCollectionYear, type CollectionYear } from './rules/rule-sets.js'

export const EXIT_IMPORTED = 0
export const EXIT_NOT_IMPORTED = 1
export const EXIT_USAGE = 2

export function registerRecordCommands(census: Command): void {
  census
    .command('import')
    .description(
      'import a CIN census XML file into a partnership’s children’s records (all or nothing)',
    )
    .argument('<file>', 'census XML file')
    .option('--partnership <slug>', 'the partnership’s short name (needed when there are several)')
    .action(async (file: string, options: { partnership?: string }) => {
      process.exitCode = await withDatabase(database =>
        runImportCommand(database, { file, partnership: options.partnership }, process),
      )
    })
  census
    .command('export')
    .description('write the CIN census XML for a collection year from the database')
    .requiredOption('--year <year>', `collection year (${COLLECTION_YEARS.join(', ')})`, parseYear)
    .option('--partnership <slug>', 'the partnership’s short name (needed when there are several)')
    .option('--lea <code>', 'three-digit LA code for the header (default: from the last import)')
    .action(async (options: { year: CollectionYear; partnership?: string; lea?: string }) => {
      process.exitCode = await withDatabase(database =>
        runExportCommand(database, options, process),
      )
    })
}

function parseYear(value: string): CollectionYear {
  if (!isCollectionYear(value)) {
    throw new InvalidArgumentError(`Use one of ${COLLECTION_YEARS.join(', ')}.`)
  }
  return value
}

async function withDatabase(work: (database: DatabaseHandles) => Promise<number>) {
  const config = loadConfig()
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    await migrateToLatest(database.owner)
    return await work(database)
  } finally {
    await database.close()
  }
}

interface Output {
  stdout: Writable
  stderr: Writable
}

/** The partnership a command acts for: named by slug, or the only one there is. */
export async function resolvePartnership(
  database: DatabaseHandles,
  slug: string | undefined,
): Promise<{ id: string; slug: string } | string> {
  const partnerships = (await database.owner
    .selectFrom('partnership')
    .select(['id', 'slug'])
    .orderBy('slug')
    .execute()) as { id: string; slug: string }[]
  if (slug !== undefined) {
    return (
      partnerships.find(p => p.slug === slug) ??
      `There is no partnership "${slug}". Known: ${partnerships.map(p => p.slug).join(', ') || 'none'}.`
    )
  }
  const [only, ...others] = partnerships
  if (!only) return 'There are no partnerships yet: create one with keepsafe users create-admin.'
  if (others.length > 0) {
    return `Say which partnership with --partnership (${partnerships.map(p => p.slug).join(', ')}).`
  }
  return only
}

export async function runImportCommand(
  database: DatabaseHandles,
  input: { file: string; partnership?: string },
  { stdout, stderr }: Output,
): Promise<number> {
  const partnership = await resolvePartnership(database, input.partnership)
  if (typeof partnership === 'string') {
    await write(stderr, partnership)
    return EXIT_USAGE
  }
  let outcome: ImportOutcome
  try {
    outcome = await importCensusFile(database.db, {
      partnershipId: partnership.id,
      userId: null,
      path: input.file,
      fileName: input.file.split('/').at(-1) ?? input.file,
    })
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && 'path' in error)) throw error
    await write(stderr, `Cannot import ${input.file}: ${error.message}`)
    return EXIT_USAGE
  }
  if (!outcome.ok) {
    await write(stderr, `Nothing was imported: ${input.file} has problems to put right first.`)
    for (const problem of outcome.problems) {
      await write(
        stderr,
        problem.line === undefined ? problem.message : `line ${problem.line}: ${problem.message}`,
      )
    }
    if (outcome.moreProblems > 0) await write(stderr, `… and ${outcome.moreProblems} more problems`)
    return EXIT_NOT_IMPORTED
  }
  const c = outcome.counts
  const line = (name: string, n: { inserted: number; updated: number; unchanged: number }) =>
    `  ${name}: ${n.inserted} new, ${n.updated} updated, ${n.unchanged} unchanged`
  await write(
    stdout,
    [
      `Imported ${outcome.children} children into ${partnership.slug} (reference date ${outcome.referenceDate ?? 'unknown'}).`,
      line('children', c.child),
      line('CIN episodes', c.cinEpisode),
      line('assessments', c.assessment),
      line('CIN plans', c.cinPlan),
      line('Section 47 enquiries', c.section47),
      line('child protection plans', c.childProtectionPlan),
      line('pre-proceedings', c.preProceedings),
    ].join('\n'),
  )
  return EXIT_IMPORTED
}

export async function runExportCommand(
  database: DatabaseHandles,
  input: { year: CollectionYear; partnership?: string; lea?: string },
  { stdout, stderr }: Output,
): Promise<number> {
  const partnership = await resolvePartnership(database, input.partnership)
  if (typeof partnership === 'string') {
    await write(stderr, partnership)
    return EXIT_USAGE
  }
  if (input.lea !== undefined && !/^\d{3}$/.test(input.lea)) {
    await write(stderr, 'The LA code (--lea) is three digits, like 201.')
    return EXIT_USAGE
  }
  const { children } = await exportCensus(
    database.db,
    { partnershipId: partnership.id, userId: null, year: input.year, lea: input.lea },
    stdout,
  )
  await write(stderr, `Exported ${children} children for ${input.year}.`)
  return 0
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain')
}
