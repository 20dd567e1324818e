import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Rate-limit counters shared by every server process and instance, so that limits do not multiply
 * with WEB_CONCURRENCY. The key is a hash of the route and the client's key (an address or a
 * session), never the address itself. Not partnership data: sign-in is limited before anyone is
 * known, so there is no row-level security.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table rate_limit_counter (
      key text primary key check (length(key) <= 100),
      hits integer not null check (hits >= 0),
      expires_at timestamptz not null
    );
    create index rate_limit_counter_expires on rate_limit_counter (expires_at);
    grant select, insert, update, delete on rate_limit_counter to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table rate_limit_counter').execute(db)
}
