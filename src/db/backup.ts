import { existsSync, readdirSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { openDatabase } from './database.js'

/**
 * A backup of the embedded database: PGlite's data folder as one gzipped tarball. Opening the
 * folder takes its lock, so a backup while the server runs on it is refused with the reason
 * (a copy taken under a running server could be inconsistent); on PostgreSQL use pg_dump.
 */
export async function backupEmbeddedDatabase(dataDir: string, out: string): Promise<number> {
  if (existsSync(out)) throw new Error(`${out} already exists: give the backup a new name.`)
  const database = await openDatabase({ dataDir })
  try {
    const dump = await database.dumpPglite?.('gzip')
    if (!dump) throw new Error('Only the embedded database is backed up here.')
    const bytes = Buffer.from(await dump.arrayBuffer())
    await writeFile(out, bytes, { flag: 'wx' })
    return bytes.length
  } finally {
    await database.close()
  }
}

/** Restores a backup into an empty or new data folder; never over an existing database. */
export async function restoreEmbeddedDatabase(file: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(
      `${dataDir} is not empty: restore into a new or empty folder (set DATA_DIR), so that no database is overwritten.`,
    )
  }
  const database = await openDatabase({ dataDir, loadDataDir: new Blob([await readFile(file)]) })
  await database.close()
}
