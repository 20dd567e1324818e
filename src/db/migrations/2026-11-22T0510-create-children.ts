import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

const PARTNERSHIP_TABLES = [
  'child',
  'cin_episode',
  'assessment',
  'cin_plan',
  'section47',
  'child_protection_plan',
  'pre_proceedings',
  'census_import',
  'census_validation',
]

/**
 * Children's records as the CIN census carries them (one row per census data item group), plus
 * the names the Standard Safeguarding Dataset adds, and the log of census imports and validation
 * runs. Each child-level row carries its partnership for row-level security.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table child (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      la_child_id text not null check (length(la_child_id) between 1 and 100),
      upn text check (upn ~ '^[A-Za-z][0-9]{11}[A-Za-z0-9]$'),
      former_upn text check (former_upn ~ '^[A-Za-z][0-9]{11}[A-Za-z0-9]$'),
      upn_unknown text check (upn_unknown in ('UN1', 'UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7')),
      birth_date date,
      expected_birth_date date,
      sex text check (sex in ('M', 'F', 'U')),
      gender_current text check (gender_current in ('0', '1', '2', '9')),
      death_date date,
      ethnicity text,
      disabilities text[] not null default '{}',
      given_name text check (length(given_name) <= 200),
      family_name text check (length(family_name) <= 200),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (partnership_id, la_child_id)
    );
    create index child_family_name on child (partnership_id, lower(family_name));
    create index child_upn on child (partnership_id, upn);

    create table cin_episode (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id) on delete cascade,
      referral_date date not null,
      referral_source text,
      primary_need_code text,
      closure_date date,
      reason_for_closure text,
      date_of_initial_cpc date,
      referral_nfa boolean,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (child_id, referral_date)
    );
    create index cin_episode_open on cin_episode (partnership_id, referral_date, closure_date);

    create table assessment (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references cin_episode(id) on delete cascade,
      start_date date not null,
      internal_review_date date,
      authorisation_date date,
      factors text[],
      unique (episode_id, start_date)
    );

    create table cin_plan (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references cin_episode(id) on delete cascade,
      start_date date not null,
      end_date date,
      unique (episode_id, start_date)
    );

    create table section47 (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references cin_episode(id) on delete cascade,
      start_date date not null,
      icpc_target_date date,
      date_of_initial_cpc date,
      icpc_not_required boolean,
      unique (episode_id, start_date)
    );

    create table child_protection_plan (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references cin_episode(id) on delete cascade,
      start_date date not null,
      end_date date,
      initial_category text,
      latest_category text,
      number_of_previous_plans integer check (number_of_previous_plans >= 0),
      review_dates date[] not null default '{}',
      unique (episode_id, start_date)
    );

    -- The 2025/26 pre-proceedings and family group decision-making items.
    create table pre_proceedings (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references cin_episode(id) on delete cascade,
      start_date date not null,
      letter_before_proceedings_date date,
      fgdm_meeting_offer text,
      fgdm_meeting_facilitated text,
      initial_meeting_date date,
      review_meetings_count integer check (review_meetings_count >= 0),
      step_decision_date date,
      outcome text,
      court_application_date date,
      letter_initial_cp_date date,
      unique (episode_id, start_date)
    );

    create table census_import (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      user_id uuid references app_user(id),
      file_name text not null,
      file_bytes bigint not null default 0,
      status text not null check (status in ('running', 'succeeded', 'failed')),
      reference_date date,
      lea text,
      children integer not null default 0,
      counts jsonb,
      problems jsonb,
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index census_import_partnership on census_import (partnership_id, started_at desc);

    create table census_validation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      user_id uuid references app_user(id),
      source text not null,
      collection_year text,
      summary jsonb,
      findings jsonb not null default '[]',
      findings_truncated boolean not null default false,
      problems jsonb,
      created_at timestamptz not null default now()
    );
  `,
    )
    .execute(db)

  for (const table of PARTNERSHIP_TABLES) await securePartnershipTable(db, table)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...PARTNERSHIP_TABLES].reverse()) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
