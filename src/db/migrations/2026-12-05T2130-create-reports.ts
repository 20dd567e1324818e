import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'report',
  'report_section',
  'report_version',
  'report_contribution',
  'report_contribution_event',
]

/**
 * The annual report: a report per partnership, year and kind (the full report, or the young
 * people's version), its ordered sections, the versions frozen at sign-off (the rendered content
 * and figures as JSON, so the published report never changes when records do), and the sections
 * asked of agency leads and sub-group chairs with their history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table report (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      start_year smallint not null check (start_year between 2000 and 2100),
      kind text not null check (kind in ('full', 'young-people')),
      title text not null check (length(title) between 1 and 200),
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'approved', 'published')),
      submitted_by uuid references app_user(id),
      submitted_at timestamptz,
      approved_by uuid references app_user(id),
      approved_at timestamptz,
      created_at timestamptz not null default now(),
      unique (partnership_id, start_year, kind)
    );

    create table report_section (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      report_id uuid not null references report(id),
      position integer not null,
      kind text not null check (kind in ('narrative', 'figures', 'module', 'contribution')),
      title text not null check (length(title) between 1 and 200),
      block text check (length(block) <= 60),
      body text not null default '' check (length(body) <= 100000),
      updated_at timestamptz not null default now()
    );
    create index report_section_report on report_section (partnership_id, report_id, position);

    create table report_version (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      report_id uuid not null references report(id),
      number integer not null,
      content jsonb not null,
      frozen_by uuid references app_user(id),
      frozen_at timestamptz not null default now(),
      published_at timestamptz,
      unique (report_id, number)
    );

    create table report_contribution (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      report_id uuid not null references report(id),
      section_id uuid not null references report_section(id),
      assignee_id uuid not null references app_user(id),
      questions text not null check (length(questions) between 1 and 5000),
      due_on date not null,
      status text not null default 'requested'
        check (status in ('requested', 'submitted', 'accepted', 'returned')),
      body text not null default '' check (length(body) <= 100000),
      requested_by uuid references app_user(id),
      created_at timestamptz not null default now()
    );
    create index report_contribution_assignee on report_contribution (partnership_id, assignee_id);

    create table report_contribution_event (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      contribution_id uuid not null references report_contribution(id),
      action text not null check (action in ('requested', 'reminded', 'submitted', 'accepted',
        'returned')),
      comments text check (length(comments) <= 5000),
      body text,
      by_user uuid references app_user(id),
      at timestamptz not null default now()
    );
    create index report_contribution_event_of on report_contribution_event (contribution_id, at);
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql
    .raw(`grant select, insert, update, delete on ${TABLES.join(', ')} to ${APP_ROLE};`)
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists ${[...TABLES].reverse().join(', ')};`).execute(db)
}
