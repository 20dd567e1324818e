import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { PlatformTables } from '../platform/tables.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { CensusTables } from '../modules/census/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ChildrenTables } from '../modules/children/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { FrontdoorTables } from '../modules/frontdoor/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { GovernanceTables } from '../modules/governance/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ProtectionTables } from '../modules/protection/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { TrainingTables } from '../modules/training/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ReviewsTables } from '../modules/reviews/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { CdopTables } from '../modules/cdop/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { LadoTables } from '../modules/lado/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { RegistersTables } from '../modules/registers/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { DatasetTables } from '../modules/dataset/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ReturnsTables } from '../modules/dataset/returns/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ReportCardTables } from '../modules/dataset/report-cards/table.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { AssuranceTables } from '../modules/assurance/table.js'
import { lockDataDir } from './data-dir-lock.js'
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { WorktrayTables } from '../modules/worktray/table.js' // work tray (issue 18)
// eslint-disable-next-line no-restricted-imports -- the one place that lists every module's tables
import type { ReportsTables } from '../modules/reports/table.js'
// eslint-disable-next-line no-restricted-imports -- engagement (issue 14)
import type { EngagementTables } from '../modules/engagement/table.js'
// eslint-disable-next-line no-restricted-imports -- early help (issue 10)
import type { EarlyhelpTables } from '../modules/earlyhelp/table.js'
// eslint-disable-next-line no-restricted-imports -- privacy (issue 16 point 17)
import type { PrivacyTables } from '../modules/privacy/table.js'
import { PGliteDialect } from './pglite-dialect.js'
import { prepareStatementsOnConnect } from './prepared-statements.js'

/** Every table the app knows: the platform's, then one line per module. */
export type Database = PlatformTables &
  GovernanceTables &
  ChildrenTables &
  CensusTables &
  FrontdoorTables &
  ProtectionTables &
  TrainingTables &
  ReviewsTables &
  CdopTables &
  LadoTables &
  RegistersTables &
  DatasetTables &
  ReturnsTables &
  ReportCardTables &
  AssuranceTables &
  WorktrayTables &
  ReportsTables &
  EngagementTables &
  EarlyhelpTables &
  PrivacyTables

export type Db = Kysely<Database>
export type Trx = Transaction<Database>

/** The database role the app acts as: it owns no table, so row-level security applies to it. */
export const APP_ROLE = 'keepsafe_app'

const DATE_OID = 1082
const INT8_OID = 20

/**
 * The table owner's view of the database: untyped on purpose, because it serves migrations and
 * operator commands that must not depend on today's table types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OwnerDb = Kysely<any>

export interface DatabaseHandles {
  /** The app's handle: acts as APP_ROLE, under row-level security. */
  db: Db
  /** The table owner's handle, for migrations and operator commands (audit verify). */
  owner: OwnerDb
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
  /** PGlite only: the data directory as a tarball, for `loadDataDir` (tests start from it). */
  dumpPglite?(compression?: 'none' | 'gzip'): Promise<Blob>
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined
  /** PGlite directory; 'memory://' for an in-memory database. */
  dataDir?: string
  poolSize?: number
  /** PGlite only: start from this dump of a data directory (`dumpDataDir`) instead of an empty one. */
  loadDataDir?: Blob
}

// Calendar dates stay 'YYYY-MM-DD' strings; 64-bit integers stay strings on both drivers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value)
/** date[] arrives as '{2024-01-02,2024-03-04}': its elements stay 'YYYY-MM-DD' strings too. */
export function parseDateArray(value: string): (string | null)[] {
  const inner = value.slice(1, -1)
  return inner === '' ? [] : inner.split(',').map(item => (item === 'NULL' ? null : item))
}
const DATE_ARRAY_OID = 1182
// pg's type ids are an enum of scalar types only; arrays have oids of their own.
pg.types.setTypeParser(DATE_ARRAY_OID as never, parseDateArray)

function keepText(value: string): string {
  return value
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandles> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : openPglite(options.dataDir ?? 'memory://', options.loadDataDir)
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DatabaseHandles> {
  let unlock = () => {}
  if (!dataDir.includes('://')) {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  }
  let client: PGlite
  try {
    client = await PGlite.create(dataDir, {
      parsers: { [DATE_OID]: keepText, [INT8_OID]: keepText },
      ...(loadDataDir ? { loadDataDir } : {}),
    })
  } catch (error) {
    unlock()
    throw error
  }
  const db = new Kysely<Database>({
    dialect: new PGliteDialect(client, APP_ROLE),
    plugins: [new CamelCasePlugin()],
  })
  const owner: OwnerDb = new Kysely({ dialect: new PGliteDialect(client, null) })
  return {
    db,
    owner,
    kind: 'pglite',
    dumpPglite: (compression = 'none') => client.dumpDataDir(compression),
    async close() {
      await owner.destroy().catch(() => undefined)
      await db.destroy()
      unlock()
    },
  }
}

async function openPostgres(databaseUrl: string, poolSize: number): Promise<DatabaseHandles> {
  // Each connection drops to the app role before it is used, whoever it logged in as. pg-pool
  // awaits this hook and, if it fails, ends the connection and fails the query: nothing runs
  // outside row-level security. (@types/pg types the hook as returning void.)
  const switchToAppRole = async (client: pg.ClientBase) => {
    await client.query(`set role ${APP_ROLE}`)
  }
  const appPoolConfig = { connectionString: databaseUrl, max: poolSize, onConnect: switchToAppRole }
  const appPool = new pg.Pool(appPoolConfig)
  // speed (issue 17): each connection plans a statement once, not on every request
  prepareStatementsOnConnect(appPool)
  const ownerPool = new pg.Pool({ connectionString: databaseUrl, max: 2 })
  // An idle connection the server ends (a restart, a failover, an administrator) is dropped from
  // its pool and replaced on next use; without a listener, Node would end the whole process.
  for (const pool of [appPool, ownerPool]) pool.on('error', () => undefined)
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: appPool }),
    plugins: [new CamelCasePlugin()],
  })
  const owner: OwnerDb = new Kysely({ dialect: new PostgresDialect({ pool: ownerPool }) })
  await sql`select 1`.execute(owner)
  return {
    db,
    owner,
    kind: 'postgres',
    async close() {
      await Promise.all([db.destroy(), owner.destroy()])
    },
  }
}

export interface Scope {
  partnershipId: string
  userId?: string | null
}

/**
 * Runs `work` in one transaction bound to a partnership: row-level security then shows and
 * accepts only that partnership's rows, whatever the queries inside ask for.
 */
export function inPartnership<T>(db: Db, scope: Scope, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async trx => {
    await bindScope(trx, scope)
    return work(trx)
  })
}

/** For work outside any partnership (sign-in, sessions): still one transaction. */
export function inTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work)
}

export async function bindScope(trx: Trx, scope: Scope): Promise<void> {
  await sql`select set_config('app.partnership_id', ${scope.partnershipId}, true),
                   set_config('app.user_id', ${scope.userId ?? ''}, true)`.execute(trx)
}
