import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { APP_ROLE, inPartnership } from '../../src/db/database.js'
import { securePartnershipTable } from '../../src/db/migration-helpers.js'
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
