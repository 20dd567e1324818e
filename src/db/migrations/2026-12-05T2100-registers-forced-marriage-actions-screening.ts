import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * Registers (issue 13): forced marriage joins the exploitation cohort's types; a panel action
 * records who marked it done and when; an uploaded screening tool sits beside the structured one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table exploitation_entry drop constraint exploitation_entry_types_check;
    alter table exploitation_entry add constraint exploitation_entry_types_check
      check (cardinality(types) between 1 and 5
        and types <@ '{cse,cce,county-lines,trafficking,forced-marriage}'::text[]);

    alter table register_action
      add column done_by uuid references app_user(id),
      add column done_at timestamptz,
      add constraint register_action_done check ((status = 'done') = (done_at is not null)
        and (done_at is null) = (done_by is null));

    create table exploitation_screening_file (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      entry_id uuid not null references exploitation_entry(id),
      filename text not null check (length(filename) between 1 and 200),
      content_type text not null check (length(content_type) between 1 and 200),
      size_bytes integer not null check (size_bytes > 0),
      content bytea not null,
      uploaded_by uuid not null references app_user(id),
      uploaded_at timestamptz not null default now()
    );
    create index exploitation_screening_file_entry
      on exploitation_screening_file (partnership_id, entry_id);
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'exploitation_screening_file', ['select', 'insert'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table if exists exploitation_screening_file;
    alter table register_action drop constraint register_action_done,
      drop column done_at, drop column done_by;
  `,
    )
    .execute(db)
}
