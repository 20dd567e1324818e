import { sql } from 'kysely'
import { openDatabase } from './src/db/database.js'
import { migrateToLatest } from './src/db/migrate.js'
import { seedPartnership } from './src/demo/platform-data.js'
import { tablesReachedFrom, resetTables } from './test/helpers/reset-tables.js'
const url = process.env.TEST_DATABASE_URL
const db = await openDatabase(url ? { databaseUrl: url + '' } : { dataDir: 'memory://' })
await migrateToLatest(db.owner)
const tables = ['audit_event','audit_chain_head','audit_chain_seal','outbox_message','bank_holiday','api_token','action_token','user_session','role_grant','recovery_code','app_user','agency','partnership']
const reset = await tablesReachedFrom(db.owner, tables)
console.log(reset.tables.length, reset.sequences.length, reset.sequences.slice(0,5))
let tTrunc = 0, tSeed = 0
for (let i = 0; i < 20; i++) {
  let t0 = performance.now()
  await resetTables(db.owner, reset)
  tTrunc += performance.now() - t0
  t0 = performance.now()
  await seedPartnership(db.owner, { slug: 'northbridge', name: 'N', passwordHash: 'x' })
  await seedPartnership(db.owner, { slug: 'southbridge', name: 'S', passwordHash: 'x' })
  tSeed += performance.now() - t0
}
const { rows } = await sql`select count(*) as n from agency`.execute(db.owner)
console.log('reset ms', (tTrunc / 20).toFixed(1), 'seed ms', (tSeed / 20).toFixed(1), rows)
await db.close()
