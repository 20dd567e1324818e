import { execFile, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { migrations } from '../../src/db/migrations/index.js'
import { ROLES } from '../../src/platform/permissions.js'
import { runKeepsafe } from '../helpers/cli.js'
import { createTestDatabase } from '../helpers/test-app.js'

const bin = path.resolve('bin/keepsafe.js')
const execFileAsync = promisify(execFile)

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
  return runKeepsafe(env, ...args)
}

function keepsafeWith(extraEnv: Record<string, string>, ...args: string[]) {
  return runKeepsafe({ ...env, ...extraEnv }, ...args)
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

describe('the keepsafe command', { timeout: 120_000 }, () => {
  it('prints its commands for --help, and exits 2 with a sentence for a bad argument', async () => {
    const help = await keepsafe('--help')
    expect(help.status).toBe(0)
    for (const command of ['serve', 'migrate', 'census', 'dataset', 'audit']) {
      expect(help.stdout).toContain(command)
    }
    const unknown = await keepsafe('censsus')
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('unknown command')
    const badYear = await keepsafe('census', 'validate', 'x.xml', '--year', '1999')
    expect(badYear.status).toBe(2)
    expect(badYear.stderr).toContain('Use one of 2022-23')
  })

  it('runs as `npx keepsafe` from the link in node_modules/.bin, not by installing the project', async () => {
    // npx installs a package whose own package.json names the command (reading the whole tree
    // first); the workspace package in packages/command declares the bin instead.
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { bin?: unknown }
    expect(manifest.bin).toBeUndefined()
    expect(realpathSync('node_modules/.bin/keepsafe')).toBe(
      path.resolve('packages/command/keepsafe.js'),
    )
    const { stdout } = await execFileAsync('npx', ['--offline', 'keepsafe', '--help'], {
      env: { ...process.env, ...env },
    })
    expect(stdout).toContain('Usage: keepsafe')
  })

  it('says plainly when the file named is missing or is a folder (exit 2, not 1)', async () => {
    const missing = await keepsafe('census', 'validate', path.join(dataDir, 'nowhere.xml'))
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('There is no file at')
    expect(missing.stderr).not.toContain('ENOENT')
    const folder = path.join(dataDir, 'returns')
    mkdirSync(folder, { recursive: true })
    const notFile = await keepsafe('census', 'import', folder)
    expect(notFile.status).toBe(2)
    expect(notFile.stderr).toContain('is a folder, not a file')
    expect(notFile.stderr).not.toContain('EISDIR')
  })

  it('migrates, and migrating again changes nothing', async () => {
    const first = await keepsafe('migrate')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain(`Applied ${Object.keys(migrations).length} migration`)
    const second = await keepsafe('migrate')
    expect(second.status).toBe(0)
    expect(second.stdout).toContain('up to date')
  })

  it('seeds the demo partnership, twice without duplicates', async () => {
    expect((await keepsafe('demo', 'seed')).status).toBe(0)
    expect((await keepsafe('demo', 'seed')).stdout).toContain(`${ROLES.length} users`)
    const users = await asOwner(owner => owner.selectFrom('app_user').select('email').execute())
    expect(users.filter(user => String(user.email).endsWith('@northbridge.example'))).toHaveLength(
      ROLES.length,
    )
  })

  it('generates more partnerships from a seed', async () => {
    const result = await keepsafe('demo', 'generate', '--partnerships', '3', '--seed', '7')
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ partnerships: 3, users: 3 * ROLES.length })
    expect((await keepsafe('demo', 'generate', '--partnerships', 'lots')).status).toBe(2)
  })

  it('creates a partnership’s first administrator with a one-time link', async () => {
    const result = await keepsafe(
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
    const missing = await keepsafe(
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
    const intact = await keepsafe('audit', 'verify')
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
    const broken = await keepsafe('audit', 'verify')
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain(`seq ${String(altered.seq)}`)
    expect(broken.stderr).toContain(String(altered.chain_key))
  })

  it('refuses to start in production with default secrets, saying which', async () => {
    const production = await keepsafeWith({ NODE_ENV: 'production' }, 'serve')
    expect(production.status).toBe(2)
    expect(production.stderr).toContain('SESSION_SECRET')
    expect(production.stderr).toContain('PUBLIC_URL')
  })

  // The one test that starts the real bin: SIGTERM must reach the server itself, not a wrapper.
  it('serves, answers its health check, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort()
    const server = spawn(process.execPath, [bin, 'serve'], {
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
  for (let attempt = 0; attempt < 450; attempt++) {
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
