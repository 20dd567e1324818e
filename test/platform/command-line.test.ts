import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { withDatabase } from '../../src/platform/command-line.js'

/** The embedded database holds a lock file in its folder while it is open. */
describe('withDatabase, for the keepsafe commands', () => {
  let dataDir: string
  const lockFile = () => path.join(dataDir, 'keepsafe.lock')

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'keepsafe-command-line-'))
    vi.stubEnv('DATA_DIR', dataDir)
    vi.stubEnv('DATABASE_URL', undefined)
    vi.stubEnv('NODE_ENV', 'test')
  })

  afterEach(() => {
    vi.unstubAllEnvs()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('gives the command the open database and its answer back, then closes the database', async () => {
    const answer = await withDatabase({ migrate: false }, async (database, config) => {
      expect(existsSync(lockFile())).toBe(true)
      expect(config.dataDir).toBe(dataDir)
      await database.owner.selectNoFrom(eb => eb.lit(1).as('one')).execute()
      return 7
    })
    expect(answer).toBe(7)
    expect(existsSync(lockFile())).toBe(false)
  })

  it('closes the database when the command fails, and passes the failure on', async () => {
    await expect(
      withDatabase({ migrate: false }, () => Promise.reject(new Error('the command failed'))),
    ).rejects.toThrow('the command failed')
    expect(existsSync(lockFile())).toBe(false)
  })
})
