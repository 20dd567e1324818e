import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'return_indicator',
  'agency_return',
  'agency_return_value',
  'report_card',
  'report_card_version',
  'report_card_indicator',
]

/**
 * Agency returns and report cards.
 *
 * `return_indicator` is the catalogue of figures no Keepsafe record holds (police, health,
 * education, early help), each asked of one agency. `agency_return` is one agency's return for
 * one quarter, requested with a due date and signed off by the agency lead. `agency_return_value`
 * keeps every revision of every figure: the current value is the highest revision, earlier ones
 * are the history. `report_card` is an outcomes-based accountability card for a governance body
 * or a theme; each `report_card_version` (optionally for a meeting) holds its narrative and its
 * chosen indicators (`report_card_indicator`, catalogue keys or dataset figure keys).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table return_indicator (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      key text not null check (key ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
      name text not null check (length(name) between 1 and 160),
      definition text not null check (length(definition) between 1 and 2000),
      agency_id uuid not null references agency(id),
      frequency text not null check (frequency in ('quarterly', 'annual')),
      polarity text not null check (polarity in ('higher', 'lower', 'neither')),
      unit text not null check (unit in ('count', 'percentage', 'rate')),
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (partnership_id, key),
      unique (partnership_id, name)
    );

    create table agency_return (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      agency_id uuid not null references agency(id),
      period_start date not null,
      period_end date not null check (period_end > period_start),
      due_on date not null,
      requested_by uuid references app_user(id),
      requested_at timestamptz not null default now(),
      signed_off_by uuid references app_user(id),
      signed_off_at timestamptz,
      unique (partnership_id, agency_id, period_start)
    );
    create index agency_return_period on agency_return (partnership_id, period_start);

    create table agency_return_value (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      return_id uuid not null references agency_return(id),
      indicator_id uuid not null references return_indicator(id),
      revision integer not null check (revision >= 1),
      value numeric(14, 2) not null,
      source text not null check (source in ('form', 'upload')),
      entered_by uuid references app_user(id),
      entered_at timestamptz not null default now(),
      unique (return_id, indicator_id, revision)
    );

    create table report_card (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 160),
      body_id uuid references gov_body(id),
      theme text check (length(theme) between 1 and 160),
      created_at timestamptz not null default now(),
      check (body_id is not null or theme is not null),
      unique (partnership_id, title)
    );

    create table report_card_version (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      card_id uuid not null references report_card(id),
      version integer not null check (version >= 1),
      meeting_id uuid references gov_meeting(id),
      story text not null default '' check (length(story) <= 5000),
      what_works text not null default '' check (length(what_works) <= 5000),
      next_steps text not null default '' check (length(next_steps) <= 5000),
      critical_messages text not null default '' check (length(critical_messages) <= 5000),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (card_id, version)
    );

    create table report_card_indicator (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      version_id uuid not null references report_card_version(id),
      position integer not null,
      indicator_key text not null check (indicator_key ~ '^(return|dataset):[a-z0-9][a-zA-Z0-9-]{0,79}$'),
      section text not null check (section in ('how-much', 'how-well', 'better-off')),
      unique (version_id, indicator_key),
      unique (version_id, position)
    );
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql.raw(`grant select, insert, update on ${TABLES.join(', ')} to ${APP_ROLE};`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists ${[...TABLES].reverse().join(', ')};`).execute(db)
}
