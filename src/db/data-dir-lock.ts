import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const LOCK_FILE = 'keepsafe.lock'

export class DataDirInUseError extends Error {}

/**
 * One process at a time on an embedded database folder: two PGlite instances writing the same
 * files would corrupt it. The lock names its process; a lock left by a process that has died
 * (a crash, a SIGKILL) is taken over. Returns the function that releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE)
  const holder = lockHolder(file)
  if (holder !== null && holder !== process.pid && isAlive(holder)) {
    throw new DataDirInUseError(
      `The database in ${dataDir} is open in another Keepsafe process (process ${holder}): stop that process first.`,
    )
  }
  writeFileSync(file, String(process.pid))
  return () => {
    if (lockHolder(file) === process.pid) rmSync(file, { force: true })
  }
}

function lockHolder(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
