import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Failed sign-ins count per account AND client address: five wrong passwords from one address
 * pause sign-in to that account from that address, so nobody can lock a colleague out by typing
 * their email wrongly five times from elsewhere. The address is kept only as a keyed hash. Like
 * sessions, the table belongs to no partnership (sign-in happens before one is chosen).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table sign_in_lock (
      user_id uuid not null references app_user(id) on delete cascade,
      address_hash text not null,
      failures integer not null default 0 check (failures >= 0),
      locked_until timestamptz,
      updated_at timestamptz not null default now(),
      primary key (user_id, address_hash)
    );
    grant select, insert, update, delete on sign_in_lock to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table sign_in_lock`.execute(db)
}
