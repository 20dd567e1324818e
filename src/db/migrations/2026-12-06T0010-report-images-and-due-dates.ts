import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * The annual report's images (PNG or JPEG, checked by their bytes, with alt text) for narrative
 * and contributed sections, a contribution's history noting a changed due date, and builds of
 * the report's documents run in the background (the jobs table) with their state and output.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table report_contribution_event drop constraint report_contribution_event_action_check;
    alter table report_contribution_event add constraint report_contribution_event_action_check
      check (action in ('requested', 'reminded', 'submitted', 'accepted', 'returned', 'rescheduled'));

    create table report_image (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      report_id uuid not null references report(id),
      section_id uuid references report_section(id) on delete set null,
      contribution_id uuid references report_contribution(id),
      media_type text not null check (media_type in ('image/png', 'image/jpeg')),
      alt_text text not null check (length(alt_text) between 1 and 250),
      byte_size integer not null check (byte_size between 1 and 2097152),
      content bytea not null,
      uploaded_by uuid references app_user(id),
      created_at timestamptz not null default now()
    );
    create index report_image_of on report_image (partnership_id, report_id);

    create table report_build (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      report_id uuid not null references report(id),
      format text not null check (format in ('html', 'pdf', 'docx')),
      version text not null check (version in ('live', 'latest')),
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      requested_by uuid references app_user(id),
      requested_at timestamptz not null default now(),
      finished_at timestamptz,
      byte_size integer,
      content bytea,
      error text check (length(error) <= 500)
    );
    create index report_build_of on report_build (partnership_id, report_id, requested_at);
  `,
    )
    .execute(db)
  for (const table of ['report_image', 'report_build']) {
    await securePartnershipTable(db, table, ['select', 'insert', 'update', 'delete'])
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table if exists report_build, report_image;
    delete from report_contribution_event where action = 'rescheduled';
    alter table report_contribution_event drop constraint report_contribution_event_action_check;
    alter table report_contribution_event add constraint report_contribution_event_action_check
      check (action in ('requested', 'reminded', 'submitted', 'accepted', 'returned'));
  `,
    )
    .execute(db)
}
