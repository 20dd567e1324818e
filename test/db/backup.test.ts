import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { runKeepsafe } from '../helpers/cli.js'

let root = ''
const embedded = (dataDir: string) => ({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' })

async function countUsers(dataDir: string): Promise<number> {
  const database = await openDatabase({ dataDir })
  try {
    const rows = await database.owner.selectFrom('app_user').select('id').execute()
    return rows.length
  } finally {
    await database.close()
  }
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'keepsafe-backup-'))
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

describe('backup and restore of the embedded database', { timeout: 240_000 }, () => {
  it('restores a backup into a fresh folder, where the audit trail verifies', async () => {
    const live = path.join(root, 'live')
    expect((await runKeepsafe(embedded(live), 'demo', 'seed')).status).toBe(0)
    const file = path.join(root, 'keepsafe.tar.gz')
    const backup = await runKeepsafe(embedded(live), 'backup', '--out', file)
    expect(backup.status, backup.stderr).toBe(0)
    expect(backup.stdout).toContain('Backed up')

    const restored = path.join(root, 'restored')
    const restore = await runKeepsafe(embedded(restored), 'restore', file)
    expect(restore.status, restore.stderr).toBe(0)
    const verify = await runKeepsafe(embedded(restored), 'audit', 'verify')
    expect(verify.status, verify.stderr).toBe(0)
    expect(verify.stdout).toContain('Audit trail intact')
    expect(await countUsers(restored)).toBe(await countUsers(live))

    const again = await runKeepsafe(embedded(live), 'backup', '--out', file)
    expect(again.status).toBe(2)
    expect(again.stderr).toContain('already exists')
  })

  it('never restores over a folder that holds something', async () => {
    const occupied = path.join(root, 'occupied')
    mkdirSync(occupied, { recursive: true })
    writeFileSync(path.join(occupied, 'notes.txt'), 'keep me')
    const restore = await runKeepsafe(
      embedded(occupied),
      'restore',
      path.join(root, 'keepsafe.tar.gz'),
    )
    expect(restore.status).toBe(2)
    expect(restore.stderr).toContain('is not empty')
    expect(existsSync(path.join(occupied, 'PG_VERSION'))).toBe(false)
  })

  it('refuses a backup while another process has the database open, saying which', async () => {
    const busy = path.join(root, 'busy')
    mkdirSync(busy, { recursive: true })
    // The test runner's parent process is alive and is not this one: it stands for a server.
    writeFileSync(path.join(busy, 'keepsafe.lock'), String(process.ppid))
    const file = path.join(root, 'busy.tar.gz')
    const backup = await runKeepsafe(embedded(busy), 'backup', '--out', file)
    expect(backup.status).toBe(2)
    expect(backup.stderr).toContain(`open in another Keepsafe process (process ${process.ppid})`)
    expect(existsSync(file)).toBe(false)
  })

  it('takes over a lock left by a process that has died', async () => {
    const stale = path.join(root, 'stale')
    expect((await runKeepsafe(embedded(stale), 'migrate')).status).toBe(0)
    writeFileSync(path.join(stale, 'keepsafe.lock'), '2147483646')
    const backup = await runKeepsafe(embedded(stale), 'backup', '--out', path.join(root, 's.tgz'))
    expect(backup.status, backup.stderr).toBe(0)
    expect(existsSync(path.join(stale, 'keepsafe.lock'))).toBe(false)
  })
})
