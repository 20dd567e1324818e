/**
 * The DDL that migrations repeat. Migrations are frozen in time, so what they use here is frozen
 * too: never change a function once a migration calls it; add a new one beside it instead.
 * Nothing here imports from the app. (The older migrations wrote this SQL out by hand; they call
 * these helpers now, which emit the same statements, so a database migrated today has the same
 * schema as one migrated then.)
 */
import { type Kysely, sql } from 'kysely'

// Repeated here rather than imported from database.ts, so that the app may change freely.
const APP_ROLE = 'keepsafe_app'

type Privilege = 'select' | 'insert' | 'update' | 'delete'

/**
 * Row-level security forced on a partnership table (a row is seen and written only inside its
 * partnership's transaction, `app.partnership_id`), and the app role's grants on it.
 */
export async function securePartnershipTable(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrations see it (STYLE.md)
  db: Kysely<any>,
  table: string,
  privileges: readonly Privilege[] = ['select', 'insert', 'update'],
): Promise<void> {
  await forcePartnershipRowSecurity(db, table)
  await sql.raw(`grant ${privileges.join(', ')} on ${table} to ${APP_ROLE};`).execute(db)
}

/**
 * Row-level security forced on a partnership table, without any grant: for a migration that
 * grants the app role its privileges on several tables itself.
 */
export async function forcePartnershipRowSecurity(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as migrations see it (STYLE.md)
  db: Kysely<any>,
  table: string,
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Not a table name: ${table}`)
  await sql
    .raw(
      `
      alter table ${table} enable row level security;
      alter table ${table} force row level security;
      create policy ${table}_partnership on ${table}
        using (partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid)
        with check (partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid);
    `,
    )
    .execute(db)
}
