import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { APP_ROLE, inPartnership } from '../../src/db/database.js'
import {
  forcePartnershipRowSecurity,
  securePartnershipTable,
} from '../../src/db/migration-helpers.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

describe('the helper new migrations secure a partnership table with', () => {
  it('forces row-level security by partnership and grants the app role what it is given', async () => {
    const owner = t.database.owner
    await sql`create table helper_note (id uuid primary key default gen_random_uuid(), partnership_id uuid not null, body text)`.execute(
      owner,
    )
    await securePartnershipTable(owner, 'helper_note', ['select', 'insert'])
    const { rows } = await sql<{
      forced: boolean
      canInsert: boolean
      canDelete: boolean
    }>`select relforcerowsecurity as forced,
         has_table_privilege(${APP_ROLE}, 'helper_note', 'insert') as "canInsert",
         has_table_privilege(${APP_ROLE}, 'helper_note', 'delete') as "canDelete"
       from pg_class where relname = 'helper_note'`.execute(owner)
    expect(rows).toEqual([{ forced: true, canInsert: true, canDelete: false }])
    await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      sql`insert into helper_note (partnership_id, body) values (${t.northbridge.id}, 'ours')`.execute(
        trx,
      ),
    )
    const seen = await inPartnership(t.database.db, { partnershipId: t.southbridge.id }, trx =>
      sql`select body from helper_note`.execute(trx),
    )
    expect(seen.rows).toEqual([])
    await sql`drop table helper_note`.execute(owner)
  })
})

describe('the helper older migrations force partnership row-level security with', () => {
  it('forces the same policy as securePartnershipTable but grants the app role nothing', async () => {
    const owner = t.database.owner
    for (const table of ['helper_forced', 'helper_secured']) {
      await sql`create table ${sql.id(table)} (id uuid primary key, partnership_id uuid not null)`.execute(
        owner,
      )
    }
    await forcePartnershipRowSecurity(owner, 'helper_forced')
    await securePartnershipTable(owner, 'helper_secured')
    const { rows } = await sql<{
      forced: boolean
      canSelect: boolean
      policy: string
    }>`select c.relforcerowsecurity as forced,
         has_table_privilege(${APP_ROLE}, c.oid, 'select') as "canSelect",
         p.cmd || ' ' || p.qual || ' ' || p.with_check as policy
       from pg_class c join pg_policies p on p.tablename = c.relname
       where c.relname in ('helper_forced', 'helper_secured') order by c.relname`.execute(owner)
    expect(rows.map(row => row.forced)).toEqual([true, true])
    expect(rows.map(row => row.canSelect)).toEqual([false, true])
    expect(rows[0]?.policy).toBe(rows[1]?.policy)
    await sql`drop table helper_forced, helper_secured`.execute(owner)
  })

  it('refuses what is not a plain table name, before running any SQL', async () => {
    await expect(
      forcePartnershipRowSecurity(t.database.owner, 'child; drop table child'),
    ).rejects.toThrow('Not a table name')
  })
})
