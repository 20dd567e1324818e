import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/** The tables whose rows the front door queue's figures are counted from (issue 17). */
const COUNTED_TABLES = ['referral', 'referral_check', 'front_door_setting']

/**
 * A change number for each partnership's front door, so the queue page can keep its figures for a
 * few seconds and still show a change at once, on any instance: any statement that inserts,
 * updates or deletes rows of the counted tables adds one, once per partnership it touched
 * (statement triggers with transition tables, so a bulk insert costs one update, not one a row).
 *
 * The table holds partnership ids and numbers only. It has no row-level security, so the app role
 * has no rights on it: the triggers write it, and `keepsafe_front_door_version()` reads the number
 * of the partnership the transaction is bound to, both as the owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table front_door_change (
      partnership_id uuid primary key references partnership (id) on delete cascade,
      version bigint not null
    );
    revoke all on front_door_change from public, ${APP_ROLE};

    create function keepsafe_front_door_changed() returns trigger
    language plpgsql security definer set search_path = public as $fn$
    begin
      insert into front_door_change as change (partnership_id, version)
        select distinct partnership_id, 1 from changed_rows
        on conflict (partnership_id) do update set version = change.version + 1;
      return null;
    end $fn$;
    revoke all on function keepsafe_front_door_changed() from public;

    -- TRUNCATE names no rows: every partnership's front door has changed.
    create function keepsafe_front_door_truncated() returns trigger
    language plpgsql security definer set search_path = public as $fn$
    begin
      update front_door_change set version = version + 1;
      return null;
    end $fn$;
    revoke all on function keepsafe_front_door_truncated() from public;

    insert into front_door_change (partnership_id, version) select id, 1 from partnership;

    create function keepsafe_front_door_version() returns bigint
    language sql stable security definer set search_path = public as $fn$
      select coalesce((select version from front_door_change
        where partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid), 0)
    $fn$;
    revoke all on function keepsafe_front_door_version() from public;
    grant execute on function keepsafe_front_door_version() to ${APP_ROLE};
  `,
    )
    .execute(db)
  for (const table of COUNTED_TABLES) {
    await sql
      .raw(
        `
      create trigger ${table}_inserted_front_door_change after insert on ${table}
        referencing new table as changed_rows
        for each statement execute function keepsafe_front_door_changed();
      create trigger ${table}_updated_front_door_change after update on ${table}
        referencing new table as changed_rows
        for each statement execute function keepsafe_front_door_changed();
      create trigger ${table}_deleted_front_door_change after delete on ${table}
        referencing old table as changed_rows
        for each statement execute function keepsafe_front_door_changed();
      create trigger ${table}_truncated_front_door_change after truncate on ${table}
        for each statement execute function keepsafe_front_door_truncated();
    `,
      )
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of COUNTED_TABLES) {
    for (const event of ['inserted', 'updated', 'deleted', 'truncated']) {
      await sql
        .raw(`drop trigger if exists ${table}_${event}_front_door_change on ${table}`)
        .execute(db)
    }
  }
  await sql`drop function if exists keepsafe_front_door_version()`.execute(db)
  await sql`drop function if exists keepsafe_front_door_changed()`.execute(db)
  await sql`drop function if exists keepsafe_front_door_truncated()`.execute(db)
  await sql`drop table if exists front_door_change`.execute(db)
}
