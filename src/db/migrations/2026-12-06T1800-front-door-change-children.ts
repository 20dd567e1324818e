import { type Kysely, sql } from 'kysely'

/**
 * The front door queue keeps its pages of contacts as well as its figures (issue 17), and a page
 * shows each contact's children: how many, their names, a re-referral, a likely duplicate. So a
 * write to `referral_child` (a child added, linked to a record, renamed) raises the front door's
 * change number too, through the same statement triggers as `referral` (migration T1600).
 */
const TABLE = 'referral_child'

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create trigger ${TABLE}_inserted_front_door_change after insert on ${TABLE}
      referencing new table as changed_rows
      for each statement execute function keepsafe_front_door_changed();
    create trigger ${TABLE}_updated_front_door_change after update on ${TABLE}
      referencing new table as changed_rows
      for each statement execute function keepsafe_front_door_changed();
    create trigger ${TABLE}_deleted_front_door_change after delete on ${TABLE}
      referencing old table as changed_rows
      for each statement execute function keepsafe_front_door_changed();
    create trigger ${TABLE}_truncated_front_door_change after truncate on ${TABLE}
      for each statement execute function keepsafe_front_door_truncated();
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ['inserted', 'updated', 'deleted', 'truncated']) {
    await sql
      .raw(`drop trigger if exists ${TABLE}_${event}_front_door_change on ${TABLE}`)
      .execute(db)
  }
}
