/**
 * The `keepsafe` command. Declaring the commands loads nothing heavy: each action imports the code
 * it runs, so `keepsafe --help` starts in a fraction of the time the server takes.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander'
import type { Config } from '../config.js'
import type { DatabaseHandles } from '../db/database.js'
import { registerCensusCommands } from '../modules/census/commands.js'
import { withDatabase } from '../platform/command-line.js'
import { whyFileCannotBeRead } from '../platform/input-file.js'

/** Exit codes: 0 done; 1 findings present or nothing imported; 2 bad arguments or unusable input. */
export const EXIT_BAD_ARGUMENTS = 2

async function config(): Promise<Config> {
  const { loadConfig } = await import('../config.js')
  return loadConfig()
}

async function mailerFor(settings: Config) {
  const { createMailer } = await import('../platform/mail.js')
  return createMailer({
    smtpUrl: settings.smtpUrl,
    notify: settings.notify,
    from: settings.mailFrom,
  })
}

async function migrate(database: DatabaseHandles) {
  const { migrateToLatest } = await import('../db/migrate.js')
  return migrateToLatest(database.owner)
}

function positiveInteger(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('Give a whole number of 1 or more.')
  return parsed
}

function fraction(value: string): number {
  const parsed = Number(value)
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1)
    throw new InvalidArgumentError('Give a fraction from 0 to 1, like 0.05.')
  return parsed
}

interface DemoGenerateOptions {
  partnerships: number
  seed: number
  children?: number
  years?: number
  breaches?: number
  out?: string
}

async function writeDemoCensusFiles(out: string, options: DemoGenerateOptions): Promise<void> {
  const { DEMO_CENSUS_DEFAULTS, writeCensusDemoFiles } = await import('../modules/census/demo.js')
  const written = await writeCensusDemoFiles(out, {
    children: options.children ?? DEMO_CENSUS_DEFAULTS.children,
    years: options.years ?? 1,
    seed: options.seed,
    breaches: options.breaches ?? 0,
  })
  for (const { file, children } of written) console.log(`Wrote ${children} children to ${file}`)
}

export function buildProgram(): Command {
  // Set before any command is added, so every sub-command inherits it: a bad argument becomes a
  // CommanderError for runCli to turn into an exit code, never a process.exit from inside a test.
  const program = new Command('keepsafe')
    .description('Keepsafe: the information system of a safeguarding children partnership')
    .exitOverride()

  program
    .command('serve')
    .description('Start the web server (migrates the database first)')
    .option('--demo', 'load the fictional Northbridge demo partnership (never in production)')
    .action(async (options: { demo?: boolean }) => {
      const { startServer } = await import('../server.js')
      await startServer(await config(), { demo: options.demo === true })
    })

  program
    .command('migrate')
    .description('Apply pending database migrations (safe to run again)')
    .action(() =>
      withDatabase({ migrate: false }, async database => {
        const { applied } = await migrate(database)
        console.log(
          applied.length
            ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
            : 'The database is up to date: nothing to apply.',
        )
      }),
    )

  const demo = program.command('demo').description('Fictional data for demonstrations and tests')
  demo
    .command('seed')
    .description('Load the Northbridge demo partnership with one user per role')
    .action(() =>
      withDatabase({ migrate: false }, async (database, settings) => {
        if (settings.isProduction) throw new Error('Demo data is never seeded in production')
        await migrate(database)
        const { seedDemoPartnership } = await import('../demo/platform-data.js')
        const seeded = await seedDemoPartnership(database.owner)
        console.log(
          `Seeded ${seeded.name}: ${seeded.agencyIds.length} agencies, ${seeded.users.length} users.`,
        )
      }),
    )
  demo
    .command('generate')
    .description(
      'Generate seeded random demo data: partnerships, agencies, users (and each module’s records)',
    )
    .option('--partnerships <n>', 'how many partnerships, Northbridge included', positiveInteger, 1)
    .option('--seed <n>', 'random seed: the same seed gives the same data', positiveInteger, 1)
    .option('--children <n>', 'census: children referred each year (Northbridge)', positiveInteger)
    .option('--years <n>', 'census: how many collection years, ending 2024-25', positiveInteger)
    .option('--breaches <f>', 'census: fraction (0 to 1) of children with a rule breach', fraction)
    .option('--out <file>', 'census: write XML file(s) instead of the database')
    .action((options: DemoGenerateOptions) =>
      options.out !== undefined
        ? writeDemoCensusFiles(options.out, options)
        : withDatabase({ migrate: false }, async (database, settings) => {
            if (settings.isProduction) throw new Error('Demo data is never generated in production')
            await migrate(database)
            const { generateDemoData } = await import('../demo/generate.js')
            const summary = await generateDemoData(database, options)
            console.log(JSON.stringify(summary, null, 2))
          }),
    )

  program
    .command('users')
    .description('Manage user accounts')
    .command('create-admin')
    .description(
      'Create a partnership (if new) and its administrator; prints a one-time link to set the password',
    )
    .requiredOption('--email <email>', 'the administrator’s email address')
    .requiredOption('--name <name>', 'the administrator’s full name')
    .requiredOption('--partnership <slug>', 'the partnership’s short name, such as northbridge')
    .option('--partnership-name <name>', 'the partnership’s full name, when it is new')
    .action(
      (options: { email: string; name: string; partnership: string; partnershipName?: string }) =>
        withDatabase({ migrate: true }, async (database, settings) => {
          const { createAdmin } = await import('./create-admin.js')
          const outcome = await createAdmin(database, await mailerFor(settings), {
            ...options,
            publicUrl: settings.publicUrl,
          })
          console.log(outcome)
        }),
    )

  program
    .command('audit')
    .description('The audit trail')
    .command('verify')
    .description('Check every audit chain; exits 1 and names the first broken link')
    .action(() =>
      withDatabase({ migrate: false }, async database => {
        const { verifyAuditChains } = await import('../platform/audit.js')
        const outcome = await verifyAuditChains(database.owner)
        if (outcome.firstBreak) {
          const b = outcome.firstBreak
          console.error(
            `Audit trail BROKEN in chain ${b.chainKey} at event seq ${b.seq} (id ${b.id}): ${b.reason}`,
          )
          process.exitCode = 1
          return
        }
        console.log(`Audit trail intact: ${outcome.events} events in ${outcome.chains} chain(s).`)
      }),
    )

  program
    .command('jobs')
    .description('Background jobs: reminders and housekeeping')
    .command('run')
    .description(
      'Run every job that is due once, then exit (for cron, or instead of the server’s timer)',
    )
    .action(() =>
      withDatabase({ migrate: false }, async (database, settings) => {
        const { createJobRunner } = await import('../server.js')
        const runner = createJobRunner(settings, database, await mailerFor(settings))
        const { done, retried, gaveUp } = await runner.runDue()
        console.log(`Jobs run: ${done} done, ${retried} to try again later, ${gaveUp} given up.`)
      }),
    )

  program
    .command('backup')
    .description(
      'copy the embedded database to one file (stop the server first; PostgreSQL: pg_dump)',
    )
    .requiredOption('--out <file>', 'the backup file to write (never overwritten)')
    .action(async (options: { out: string }) => {
      const settings = await config()
      if (settings.databaseUrl) {
        throw new Error('DATABASE_URL names a PostgreSQL server: back it up with pg_dump (README).')
      }
      const { backupEmbeddedDatabase } = await import('../db/backup.js')
      const bytes = await backupEmbeddedDatabase(settings.dataDir, options.out)
      console.log(`Backed up ${settings.dataDir} to ${options.out} (${bytes} bytes).`)
    })

  program
    .command('restore')
    .description('restore a backup into DATA_DIR, which must be a new or empty folder')
    .argument('<file>', 'a file written by keepsafe backup')
    .action(async (file: string) => {
      const settings = await config()
      const reason = await whyFileCannotBeRead(file)
      if (reason !== null) throw new Error(reason)
      const { restoreEmbeddedDatabase } = await import('../db/backup.js')
      await restoreEmbeddedDatabase(file, settings.dataDir)
      console.log(`Restored ${file} into ${settings.dataDir}. Check it with: keepsafe audit verify`)
    })

  registerCensusCommands(program)

  program
    .command('dataset')
    .description('The partnership’s dataset')
    .command('figures')
    .description('print the DfE-comparable figures for a period from the database')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--partnership <slug>', 'the partnership’s short name (needed when there are several)')
    .option('--format <format>', 'json or csv', 'json')
    .action(async (options: { from: string; to: string; partnership?: string; format: string }) => {
      const { figuresCommand } = await import('../modules/dataset/cli.js')
      process.exitCode = await figuresCommand(options)
    })

  // reports: the annual report, built from the records
  program
    .command('report')
    .description('The annual report')
    .command('build')
    .description('write the year’s annual report (published version, else the draft) to a file')
    .requiredOption('--partnership <slug>', 'the partnership’s short name')
    .requiredOption('--year <year>', 'the financial year, like 2016-17')
    .option('--format <format>', 'html, pdf or docx', 'pdf')
    .option('--kind <kind>', 'full or young-people', 'full')
    .requiredOption('--out <file>', 'where to write it')
    .action(
      async (options: {
        partnership: string
        year: string
        format: string
        out: string
        kind: string
      }) => {
        const { buildCommand } = await import('../modules/reports/cli.js')
        process.exitCode = await buildCommand(options)
      },
    )

  return program
}

function exitCodeSetByCommand(): number {
  const code: string | number | undefined = process.exitCode
  return code === undefined ? 0 : Number(code)
}

/**
 * Runs one command line and returns its exit code (0 done, 1 findings present or nothing imported,
 * 2 bad arguments or unusable input), leaving process.exitCode as it found it so that tests can
 * run commands in-process.
 */
export async function runCli(argv: string[]): Promise<number> {
  const before = process.exitCode
  process.exitCode = undefined
  try {
    await buildProgram().parseAsync(argv)
    return exitCodeSetByCommand()
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_ARGUMENTS
    console.error(error instanceof Error ? error.message : String(error))
    return EXIT_BAD_ARGUMENTS
  } finally {
    process.exitCode = before
  }
}
