import { spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { migrations } from '../../src/db/migrations/index.js'
import { ROLES } from '../../src/platform/permissions.js'
import { createTestDatabase } from '../helpers/test-app.js'

const cli = path.resolve('src/cli/main.ts')
const tsx = path.resolve('node_modules/tsx/dist/cli.mjs')

let env: Record<string, string> = {}
let dataDir = ''
let dropDatabase: () => Promise<void> = () => Promise.resolve()

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'keepsafe-cli-'))
  env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' }
  if (process.env.TEST_DATABASE_URL) {
    const created = await createTestDatabase()
    await created.database.close()
    env.DATABASE_URL = created.databaseUrl ?? ''
    dropDatabase = created.drop
  }
})

afterAll(async () => {
  rmSync(dataDir, { recursive: true, force: true })
  await dropDatabase().catch(() => undefined)
})

function keepsafe(...args: string[]) {
  const result = spawnSync(process.execPath, [tsx, cli, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function asOwner<T>(
  work: (owner: Awaited<ReturnType<typeof openDatabase>>['owner']) => Promise<T>,
): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir })
  try {
    return await work(database.owner)
  } finally {
    await database.close()
  }
}

// Each command starts a TypeScript runner (10-15 s on a busy 2-core machine), some tests two.
describe('the keepsafe command', { timeout: 120_000 }, () => {
  it('migrates, and migrating again changes nothing', () => {
    const first = keepsafe('migrate')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain(`Applied ${Object.keys(migrations).length} migration`)
    const second = keepsafe('migrate')
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('up to date')
  })

  it('seeds the demo partnership, twice without duplicates', async () => {
    expect(keepsafe('demo', 'seed').status).toBe(0)
    expect(keepsafe('demo', 'seed').stdout).toContain(`${ROLES.length} users`)
    const users = await asOwner(owner => owner.selectFrom('app_user').select('email').execute())
    expect(users.filter(user => String(user.email).endsWith('@northbridge.example'))).toHaveLength(
      ROLES.length,
    )
  })

  it('generates more partnerships from a seed', async () => {
    const result = keepsafe('demo', 'generate', '--partnerships', '3', '--seed', '7')
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ partnerships: 3, users: 3 * ROLES.length })
    expect(keepsafe('demo', 'generate', '--partnerships', 'lots').status).not.toBe(0)
  })

  it('creates a partnership’s first administrator with a one-time link', () => {
    const result = keepsafe(
      'users',
      'create-admin',
      '--email',
      'lead@eastshire.example',
      '--name',
      'Sam Lead',
      '--partnership',
      'eastshire',
      '--partnership-name',
      'Eastshire Safeguarding Children Partnership',
    )
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/\/set-password\/[\w-]+/)
    const missing = keepsafe(
      'users',
      'create-admin',
      '--email',
      'x@y.example',
      '--name',
      'X',
      '--partnership',
      'westshire',
    )
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toContain('--partnership-name')
  })

  it('verifies the audit trail, and names the first broken link when an event is altered', async () => {
    const intact = keepsafe('audit', 'verify')
    expect(intact.status).toBe(0)
    expect(intact.stdout).toContain('Audit trail intact')
    const altered = await asOwner(async owner => {
      const event = await owner
        .selectFrom('audit_event')
        .select(['id', 'seq', 'chain_key'])
        .orderBy('id')
        .executeTakeFirstOrThrow()
      await sql`update audit_event set detail = '{"forged": true}' where id = ${event.id}`.execute(
        owner,
      )
      return event
    })
    const broken = keepsafe('audit', 'verify')
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain(`seq ${String(altered.seq)}`)
    expect(broken.stderr).toContain(String(altered.chain_key))
  })

  it('refuses to start in production with default secrets, saying which', () => {
    const production = spawnSync(process.execPath, [tsx, cli, 'serve'], {
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(production.status).toBe(2)
    expect(production.stderr).toContain('SESSION_SECRET')
    expect(production.stderr).toContain('PUBLIC_URL')
  })

  it('serves, answers its health check, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort()
    const server = spawn(process.execPath, [tsx, cli, 'serve'], {
      env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'info' },
    })
    let output = ''
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise<number | null>(resolve => server.on('exit', code => resolve(code)))
    try {
      const health = await poll(`http://127.0.0.1:${port}/healthz`)
      expect(health).toEqual({ status: 'ok' })
      expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({
        status: 'ok',
      })
    } finally {
      server.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(output).toContain('shutting down')
  })
})

function freePort(): Promise<number> {
  return new Promise(resolve => {
    const probe = createServer()
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

async function poll(url: string): Promise<unknown> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(url)
      if (response.ok) return await response.json()
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`${url} never answered`)
}
