import { openDatabase, inPartnership } from './src/db/database.js'
import { migrateToLatest } from './src/db/migrate.js'
import { recordAudit, verifyAuditChains } from './src/platform/audit.js'
const t0 = Date.now()
const h = await openDatabase({ databaseUrl: process.env.DBURL })
console.log('open', Date.now() - t0)
console.log(await migrateToLatest(h.owner), Date.now() - t0)
console.log(await migrateToLatest(h.owner))
const p = await h.owner.insertInto('partnership').values({ slug: 'xx', name: 'X' }).returning('id').executeTakeFirstOrThrow()
const q = await h.owner.insertInto('partnership').values({ slug: 'yy', name: 'Y' }).returning('id').executeTakeFirstOrThrow()
await inPartnership(h.db, { partnershipId: p.id }, async trx => {
  await trx.insertInto('agency').values({ partnershipId: p.id, name: 'A', sector: 'police' }).execute()
  await recordAudit(trx, { partnershipId: p.id, userId: null, action: 'x', resourceType: 'agency', fields: { b: 1, a: 'z' } })
  await recordAudit(trx, { partnershipId: p.id, userId: null, action: 'y', resourceType: 'agency' })
})
await inPartnership(h.db, { partnershipId: q.id }, async trx => {
  await trx.insertInto('agency').values({ partnershipId: q.id, name: 'B', sector: 'police' }).execute()
  console.log(await trx.selectFrom('agency').selectAll().execute())
  try { await trx.insertInto('agency').values({ partnershipId: p.id, name: 'C', sector: 'police' }).execute() } catch (e) { console.log('cross insert', (e as Error).message) }
}).catch(e => console.log('rolled back', e.message))
console.log(await h.db.selectFrom('agency').selectAll().execute())
console.log(await verifyAuditChains(h.owner))
await h.owner.updateTable('audit_event').set({ action: 'zz' }).where('seq', '=', '2').execute()
console.log(await verifyAuditChains(h.owner))
try { await inPartnership(h.db, { partnershipId: p.id }, trx => trx.deleteFrom('auditEvent').execute()) } catch (e) { console.log('delete', (e as Error).message) }
await h.close()
