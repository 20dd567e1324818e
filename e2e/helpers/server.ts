import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { DatabaseHandles } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { seedDemoPartnership } from '../../src/demo/platform-data.js'
import { createMailer } from '../../src/platform/mail.js'
import { createTestDatabase } from '../../test/helpers/test-app.js'

export { DEMO_PASSWORD, demoEmail } from '../../src/demo/platform-data.js'

export interface TestServer {
  /** Like http://127.0.0.1:41234, without a trailing slash. */
  baseUrl: string
  /** For a spec's own setup: seeding the records its journey starts from. */
  database: DatabaseHandles
  close(): Promise<void>
}

/** A port nobody is listening on, so that PUBLIC_URL (used in email links) can name it. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => {
        resolve(port)
      })
    })
  })
}

/**
 * The real app on 127.0.0.1 with the Northbridge demo partnership, in a fresh database (embedded
 * PGlite, or on the server TEST_DATABASE_URL names, as CI runs it), copied from the run's migrated
 * one (see test/helpers/global-setup.ts) and deleted on close: each spec file starts from the same
 * known state.
 */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-e2e-'))
  const port = await freePort()
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
  })
  const { database } = await createTestDatabase({ migrated: true })
  try {
    await migrateToLatest(database.owner)
    await seedDemoPartnership(database.owner)
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logger: false,
    })
    await app.listen({ port, host: config.host })
    return {
      baseUrl: config.publicUrl,
      database,
      async close() {
        await app.close()
        await database.close()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await database.close()
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
}
