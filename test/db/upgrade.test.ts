import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../src/db/database.js'
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js'
import { migrations } from '../../src/db/migrations/index.js'
import { recordAudit, verifyAuditChains } from '../../src/platform/audit.js'
import { createTestDatabase } from '../helpers/test-app.js'

// The schema of the release that landed on 2026-11-22 (session 2): the front door, protection,
// governance and census, before the audit seal, sign-in locks and the new modules.
const EARLIER_RELEASE = '2026-11-22T0750-jobs-and-reminders'

describe('upgrading a database made by an earlier release', { timeout: 180_000 }, () => {
  it('migrates to the latest schema with every row and the audit trail intact', async () => {
    const { database, drop } = await createTestDatabase()
    try {
      await migrateTo(database.owner, EARLIER_RELEASE)
      const [partnership] = (
        await sql<{ id: string }>`insert into partnership (slug, name)
          values ('oldshire', 'Oldshire Safeguarding Children Partnership') returning id`.execute(
          database.owner,
        )
      ).rows
      const partnershipId = partnership?.id ?? ''
      await sql`insert into agency (partnership_id, name, sector)
        values (${partnershipId}, 'Oldshire Police', 'police')`.execute(database.owner)
      await sql`insert into child (partnership_id, la_child_id, given_name, family_name, birth_date)
        values (${partnershipId}, 'OLD-1', 'Ada', 'Example', '2015-06-01')`.execute(database.owner)
      for (const action of ['child.created', 'child.viewed', 'child.updated']) {
        await inPartnership(database.db, { partnershipId }, trx =>
          recordAudit(trx, {
            partnershipId,
            userId: null,
            action,
            resourceType: 'child',
            detail: { laChildId: 'OLD-1' },
          }),
        )
      }

      const { applied } = await migrateToLatest(database.owner)
      const later = Object.keys(migrations)
        .filter(name => name > EARLIER_RELEASE)
        .sort()
      expect(applied).toEqual(later)
      expect(later.length).toBeGreaterThan(0)

      const children = await sql<{
        given_name: string
        birth_date: string
      }>`select given_name, birth_date from child where la_child_id = 'OLD-1'`.execute(
        database.owner,
      )
      expect(children.rows).toEqual([{ given_name: 'Ada', birth_date: '2015-06-01' }])
      const agencies = await sql<{ n: string }>`select count(*)::text as n from agency`.execute(
        database.owner,
      )
      expect(agencies.rows[0]?.n).toBe('1')
      // The chain written before the seal existed verifies, and keeps growing after the upgrade.
      await inPartnership(database.db, { partnershipId }, trx =>
        recordAudit(trx, {
          partnershipId,
          userId: null,
          action: 'child.viewed',
          resourceType: 'child',
        }),
      )
      const verified = await verifyAuditChains(database.owner)
      expect(verified.firstBreak).toBeNull()
      expect(verified.events).toBe(4)
    } finally {
      await drop()
    }
  })
})
