import { type Kysely, sql } from 'kysely'

const APP_ROLE = 'keepsafe_app'

/**
 * The partnership's public front page (issue 19): the front door's phone number and opening hours,
 * and the web address of its threshold document, set by the partnership administrator.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table partnership
      add column front_door_phone text,
      add column front_door_hours text,
      add column threshold_document_url text;
    grant update (front_door_phone, front_door_hours, threshold_document_url) on partnership to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table partnership
      drop column front_door_phone,
      drop column front_door_hours,
      drop column threshold_document_url;
  `,
    )
    .execute(db)
}
