import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { APP_ROLE, inPartnership } from '../../src/db/database.js'
import { recordAudit } from '../../src/platform/audit.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

describe('partnership isolation by row-level security', () => {
  it('returns only the current partnership’s rows to a query with no partnership filter at all', async () => {
    const northbridgeAgencies = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id },
      trx => trx.selectFrom('agency').select(['partnershipId', 'name']).execute(),
    )
    const southbridgeAgencies = await inPartnership(
      t.database.db,
      { partnershipId: t.southbridge.id },
      trx => trx.selectFrom('agency').select(['partnershipId', 'name']).execute(),
    )
    expect(northbridgeAgencies.length).toBe(t.northbridge.agencyIds.length)
    expect(southbridgeAgencies.length).toBe(t.southbridge.agencyIds.length)
    expect(new Set(northbridgeAgencies.map(agency => agency.partnershipId))).toEqual(
      new Set([t.northbridge.id]),
    )
    expect(new Set(southbridgeAgencies.map(agency => agency.partnershipId))).toEqual(
      new Set([t.southbridge.id]),
    )
    // The owner sees both, so the filtering above is the policy's doing, not the data's.
    const all = await t.database.owner.selectFrom('agency').select('id').execute()
    expect(all.length).toBe(northbridgeAgencies.length + southbridgeAgencies.length)
  })

  it('shows nothing at all outside a partnership transaction', async () => {
    expect(await t.database.db.selectFrom('agency').selectAll().execute()).toEqual([])
    expect(await t.database.db.selectFrom('roleGrant').selectAll().execute()).toEqual([])
  })

  it('refuses to write a row into another partnership and keeps nothing of the transaction', async () => {
    const attempt = inPartnership(t.database.db, { partnershipId: t.northbridge.id }, async trx => {
      await trx
        .insertInto('agency')
        .values({ partnershipId: t.northbridge.id, name: 'Allowed agency', sector: 'other' })
        .execute()
      await trx
        .insertInto('agency')
        .values({ partnershipId: t.southbridge.id, name: 'Smuggled agency', sector: 'other' })
        .execute()
    })
    await expect(attempt).rejects.toThrow(/row-level security/)
    const names = await t.database.owner.selectFrom('agency').select('name').execute()
    expect(names.map(row => row.name)).not.toContain('Allowed agency')
    expect(names.map(row => row.name)).not.toContain('Smuggled agency')
  })

  it('cannot update or delete another partnership’s rows even by id', async () => {
    const southbridgeAgency = t.southbridge.agencyIds[0] ?? ''
    const updated = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      trx
        .updateTable('agency')
        .set({ name: 'Renamed' })
        .where('id', '=', southbridgeAgency)
        .executeTakeFirst(),
    )
    expect(updated.numUpdatedRows).toBe(0n)
    const row = await t.database.owner
      .selectFrom('agency')
      .select('name')
      .where('id', '=', southbridgeAgency)
      .executeTakeFirstOrThrow()
    expect(row.name).not.toBe('Renamed')
  })

  it('connects as a role that owns no table and is subject to the policies', async () => {
    const who = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      sql<{ role: string }>`select current_user as role`.execute(trx),
    )
    expect(who.rows[0]?.role).toBe(APP_ROLE)
    const owned = await sql<{ count: string }>`
      select count(*)::text as count from pg_tables where schemaname = 'public' and tableowner = ${APP_ROLE}`.execute(
      t.database.owner,
    )
    expect(owned.rows[0]?.count).toBe('0')
    const unprotected = await sql<{ tablename: string }>`
      select c.relname as tablename from pg_class c join pg_namespace n on n.oid = c.relnamespace
      join information_schema.columns col on col.table_name = c.relname and col.column_name = 'partnership_id'
      where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`.execute(
      t.database.owner,
    )
    // Sessions and API tokens are looked up before any partnership is known, and the job queue
    // serves every partnership (its payloads carry ids only); every other table with a
    // partnership_id is protected. `demo_contribution` (which demo records a start has added) is
    // written by the owner at start-up and granted to no application role, and so is
    // `front_door_change` (a change number a partnership, written by triggers and read through a
    // function). `sign_in_domain` (which
    // provider an email domain signs in with) is read before anyone is known, and the app may only read it.
    expect(unprotected.rows.map(row => row.tablename).sort()).toEqual([
      'api_token',
      'demo_contribution',
      'front_door_change',
      'job',
      'sign_in_domain',
      'user_session',
    ])
    const appGrants = await sql<{ count: string }>`
      select count(*)::text as count from information_schema.role_table_grants
      where table_name in ('demo_contribution', 'front_door_change')
      and grantee = ${APP_ROLE}`.execute(t.database.owner)
    expect(appGrants.rows[0]?.count).toBe('0')
    const domainGrants = await sql<{ privilege: string }>`
      select privilege_type as privilege from information_schema.role_table_grants
      where table_name = 'sign_in_domain' and grantee = ${APP_ROLE}`.execute(t.database.owner)
    expect(domainGrants.rows.map(row => row.privilege)).toEqual(['SELECT'])
  })

  it('forbids the app role to change or remove audit events', async () => {
    await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      recordAudit(trx, {
        partnershipId: t.northbridge.id,
        userId: null,
        action: 'test.event',
        resourceType: 'test',
      }),
    )
    await expect(
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        trx.updateTable('auditEvent').set({ action: 'tampered' }).execute(),
      ),
    ).rejects.toThrow(/permission denied/)
    await expect(
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        trx.deleteFrom('auditEvent').execute(),
      ),
    ).rejects.toThrow(/permission denied/)
  })
})
