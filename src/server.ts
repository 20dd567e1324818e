import { buildApp } from './app.js'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandles } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { DEMO_PASSWORD, demoEmail, seedDemoPartnership } from './demo/platform-data.js'
import { createMailer } from './platform/mail.js'
import { ROLES } from './platform/permissions.js'

export function openConfiguredDatabase(config: Config): Promise<DatabaseHandles> {
  return openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
}

export async function startServer(config: Config, options: { demo: boolean }): Promise<void> {
  if (options.demo && config.isProduction) {
    throw new Error(
      'Demo data is never seeded in production: remove --demo / DEMO_DATA, or unset NODE_ENV=production',
    )
  }
  const database = await openConfiguredDatabase(config)
  await migrateToLatest(database.owner)
  if (options.demo || config.demoData) await seedDemoPartnership(database.owner)

  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom })
  const { app } = await buildApp({ config, database, mailer })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing requests in flight')
    const timer = setTimeout(() => process.exit(1), 10_000)
    timer.unref()
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
  const where = `${config.publicUrl} (database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`
  console.log(`Keepsafe is running at ${where}`)
  if (options.demo || config.demoData) printDemoHelp()
}

function printDemoHelp(): void {
  console.log(`
Demo mode: the fictional Northbridge Safeguarding Children Partnership is loaded.
Sign in with any of these demo accounts; the password of each is: ${DEMO_PASSWORD}
${ROLES.map(role => `  ${demoEmail(role)}`).join('\n')}
Roles that can see children's records set up two-factor authentication at their first sign-in
(any authenticator app). Emails (invitations, password resets) go to Administration > Outbox.`)
}
