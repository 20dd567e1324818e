import cluster from 'node:cluster'
import { buildApp } from './app.js'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandles } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { DEMO_PASSWORD, demoEmail, seedDemoPartnership } from './demo/platform-data.js'
import { contributeDemoOnce } from './demo/start.js'
import { returnJobs } from './modules/dataset/returns/jobs.js'
// dataset: DfE's LAIT comparators are read in the background at start-up, not on a page view.
import { startLaitLoading } from './modules/dataset/lait.js'
import { assuranceJobs } from './modules/assurance/jobs.js'
import { frontdoorJobs } from './modules/frontdoor/jobs.js'
import { trainingJobs } from './modules/training/jobs.js'
// reports: reminders to contributors
import { reportJobs } from './modules/reports/jobs.js'
import { privacyJobs } from './modules/privacy/jobs.js'
import { worktrayJobs } from './modules/worktray/jobs.js'
// ops (issue 16): census imports as jobs, taken over from a process that died
import { censusJobs } from './modules/census/jobs.js'
import { JobRunner, type JobHandlers, type JobLog } from './platform/jobs.js'
import { createMailer, type Mailer } from './platform/mail.js'
import { serveClusterMetrics } from './platform/metrics.js'
import { ROLES, roleSeesChildIdentity } from './platform/permissions.js'

export function openConfiguredDatabase(config: Config): Promise<DatabaseHandles> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
}

export async function startServer(config: Config, options: { demo: boolean }): Promise<void> {
  if (options.demo && config.isProduction) {
    throw new Error(
      'Demo data is never seeded in production: remove --demo / DEMO_DATA, or unset NODE_ENV=production',
    )
  }
  const withDemo = options.demo || config.demoData
  if (cluster.isWorker) return serveRequests(config, await openConfiguredDatabase(config))
  const database = await prepareDatabase(config, withDemo)
  if (config.webConcurrency > 1) {
    await database.close()
    superviseWorkers(config.webConcurrency)
  } else {
    await serveRequests(config, database)
  }
  const where = `${config.publicUrl} (database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}, ${config.webConcurrency} process(es))`
  console.log(`Keepsafe is running at ${where}`)
  if (withDemo) printDemoHelp()
}

/** Migrations and demo data run once, in the first process, before any request is served. */
async function prepareDatabase(config: Config, withDemo: boolean): Promise<DatabaseHandles> {
  const database = await openConfiguredDatabase(config)
  await migrateToLatest(database.owner)
  if (withDemo) {
    const northbridge = await seedDemoPartnership(database.owner)
    // Every module's demo records, once: a restart finds them and adds nothing.
    await contributeDemoOnce(database, northbridge)
  }
  return database
}

/** The background job runner with every module's jobs: each server process runs one. */
export function createJobRunner(
  config: Config,
  database: DatabaseHandles,
  mailer: Mailer,
  log?: JobLog,
): JobRunner {
  const modules = [
    worktrayJobs({ db: database.db, mailer, publicUrl: config.publicUrl }),
    frontdoorJobs({ db: database.db }),
    trainingJobs({ db: database.db, mailer, publicUrl: config.publicUrl }),
    returnJobs({ db: database.db, mailer, publicUrl: config.publicUrl }),
    assuranceJobs({ db: database.db, mailer, publicUrl: config.publicUrl }),
    // reports: reminders to contributors
    reportJobs({ db: database.db, mailer, publicUrl: config.publicUrl }),
    // ops (issue 16): census imports
    censusJobs({ db: database.db }),
    // privacy: retention rules applied daily
    privacyJobs({ db: database.db }),
  ]
  const handlers = Object.assign({}, ...modules.map(module => module.handlers)) as JobHandlers
  return new JobRunner(database.db, handlers, {
    recurring: modules.flatMap(module => module.recurring),
    ...(log ? { log } : {}),
  })
}

async function serveRequests(config: Config, database: DatabaseHandles): Promise<void> {
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    notify: config.notify,
    from: config.mailFrom,
  })
  const { app } = await buildApp({ config, database, mailer })
  const jobs = createJobRunner(config, database, mailer, app.log)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing requests in flight')
    const timer = setTimeout(() => process.exit(1), 10_000)
    timer.unref()
    await jobs.stop()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
  jobs.start()
  startLaitLoading() // dataset
}

/**
 * Several server processes share the port (node:cluster), each with its own connection pool; a
 * process that dies is replaced. Nothing in the app assumes it is the only instance.
 */
function superviseWorkers(count: number): void {
  let stopping = false
  serveClusterMetrics() // ops (issue 16): /metrics sums every server process
  for (let index = 0; index < count; index++) cluster.fork()
  cluster.on('exit', (worker, code) => {
    if (stopping) return
    console.error(
      `Server process ${worker.process.pid ?? '?'} ended (code ${code}); starting another`,
    )
    cluster.fork()
  })
  const stop = () => {
    if (stopping) return
    stopping = true
    const workers = Object.values(cluster.workers ?? {})
    let running = workers.length
    if (running === 0) process.exit(0)
    for (const worker of workers) {
      worker?.on('exit', () => {
        running -= 1
        if (running === 0) process.exit(0)
      })
      worker?.process.kill('SIGTERM')
    }
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

function printDemoHelp(): void {
  console.log(`
Demo mode: the fictional Northbridge Safeguarding Children Partnership is loaded.
Sign in with any of these demo accounts; the password of each is: ${DEMO_PASSWORD}
${ROLES.map(role => `  ${demoEmail(role)}${roleSeesChildIdentity(role) ? '  (two-factor)' : ''}`).join('\n')}
Accounts marked (two-factor) can see who a child is: they set up two-factor authentication at
their first sign-in (any authenticator app). Emails (invitations, password resets) go to Administration > Outbox.`)
}
