import { Command, InvalidArgumentError } from 'commander'
import { loadConfig, ConfigError, type Config } from '../config.js'
import { migrateToLatest } from '../db/migrate.js'
import { generateDemoData } from '../demo/generate.js'
import { seedDemoPartnership } from '../demo/platform-data.js'
import { verifyAuditChains } from '../platform/audit.js'
import { createMailer } from '../platform/mail.js'
import { createJobRunner, openConfiguredDatabase, startServer } from '../server.js'
import { registerCensusCommands } from '../modules/census/cli.js'
import { DEMO_CENSUS_DEFAULTS, writeCensusDemoFiles } from '../modules/census/demo.js'
import { createAdmin } from './create-admin.js'

function config(): Config {
  return loadConfig()
}

function positiveInteger(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('Give a whole number of 1 or more.')
  return parsed
}

async function withDatabase<T>(
  work: (
    database: Awaited<ReturnType<typeof openConfiguredDatabase>>,
    config: Config,
  ) => Promise<T>,
): Promise<T> {
  const settings = config()
  const database = await openConfiguredDatabase(settings)
  try {
    return await work(database, settings)
  } finally {
    await database.close()
  }
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
  const written = await writeCensusDemoFiles(out, {
    children: options.children ?? DEMO_CENSUS_DEFAULTS.children,
    years: options.years ?? 1,
    seed: options.seed,
    breaches: options.breaches ?? 0,
  })
  for (const { file, children } of written) console.log(`Wrote ${children} children to ${file}`)
}

export function buildProgram(): Command {
  const program = new Command('keepsafe').description(
    'Keepsafe: the information system of a safeguarding children partnership',
  )

  program
    .command('serve')
    .description('Start the web server (migrates the database first)')
    .option('--demo', 'load the fictional Northbridge demo partnership (never in production)')
    .action(async (options: { demo?: boolean }) => {
      await startServer(config(), { demo: options.demo === true })
    })

  program
    .command('migrate')
    .description('Apply pending database migrations (safe to run again)')
    .action(() =>
      withDatabase(async database => {
        const { applied } = await migrateToLatest(database.owner)
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
      withDatabase(async (database, settings) => {
        if (settings.isProduction) throw new Error('Demo data is never seeded in production')
        await migrateToLatest(database.owner)
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
        : withDatabase(async (database, settings) => {
            if (settings.isProduction) throw new Error('Demo data is never generated in production')
            await migrateToLatest(database.owner)
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
        withDatabase(async (database, settings) => {
          await migrateToLatest(database.owner)
          const mailer = createMailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom })
          const outcome = await createAdmin(database, mailer, {
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
      withDatabase(async database => {
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
      withDatabase(async (database, settings) => {
        const mailer = createMailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom })
        const { done, retried, gaveUp } = await createJobRunner(settings, database, mailer).runDue()
        console.log(`Jobs run: ${done} done, ${retried} to try again later, ${gaveUp} given up.`)
      }),
    )

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

  return program
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    console.error(
      error instanceof ConfigError || error instanceof Error ? error.message : String(error),
    )
    process.exitCode = 2
  }
}

await main(process.argv)
