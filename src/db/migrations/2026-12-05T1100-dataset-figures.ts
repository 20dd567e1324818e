import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * The dataset's own tables for DfE-comparable figures:
 * - `dataset_setting`: the partnership's local authority (its LAIT number, for the derived
 *   population and the comparators) and the calendar used for DfE-comparable timescales;
 * - `dataset_population`: mid-year population estimates imported by an administrator (ONS), by
 *   year and age band, which take the place of the population derived from LAIT;
 * - `dataset_target`: targets per indicator key (any key: DfE figures and agency-return
 *   indicators alike) and year, with polarity, target or range and tolerance for a RAG rating.
 * And indexes the figures' read models need on the children's tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table dataset_setting (
      partnership_id uuid primary key references partnership(id),
      la_number integer check (la_number between 100 and 999),
      dfe_calendar text not null default 'england-and-wales'
        check (dfe_calendar in ('england-and-wales', 'partnership')),
      updated_at timestamptz not null default now()
    );

    create table dataset_population (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      year integer not null check (year between 1990 and 2100),
      age_band text not null check (age_band in ('0-17', '0-4', '5-10', '11-17', '11-15', '16-17')),
      population integer not null check (population between 1 and 10000000),
      source text not null check (length(source) between 1 and 200),
      imported_at timestamptz not null default now(),
      unique (partnership_id, year, age_band)
    );

    create table dataset_target (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      indicator_key text not null check (indicator_key ~ '^[A-Za-z0-9_,.%-]{1,80}$'),
      year integer not null check (year between 1990 and 2100),
      polarity text not null check (polarity in ('higher', 'lower', 'range')),
      target numeric,
      range_low numeric,
      range_high numeric,
      tolerance numeric not null default 0 check (tolerance >= 0),
      notes text check (length(notes) <= 1000),
      updated_at timestamptz not null default now(),
      updated_by uuid references app_user(id),
      unique (partnership_id, indicator_key, year),
      check ((polarity = 'range') = (range_low is not null and range_high is not null)),
      check (polarity = 'range' or target is not null),
      check (range_low is null or range_low <= range_high)
    );

    create index section47_episode on section47 (episode_id);
    create index child_protection_plan_episode on child_protection_plan (episode_id, start_date);
    create index cin_episode_child on cin_episode (child_id, referral_date);
    create index assessment_authorised on assessment (partnership_id, authorisation_date);
  `,
    )
    .execute(db)
  for (const table of ['dataset_setting', 'dataset_population', 'dataset_target']) {
    await securePartnershipTable(db, table, ['select', 'insert', 'update', 'delete'])
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `drop index if exists section47_episode; drop index if exists child_protection_plan_episode;
       drop index if exists cin_episode_child; drop index if exists assessment_authorised;
       drop table if exists dataset_target; drop table if exists dataset_population;
       drop table if exists dataset_setting;`,
    )
    .execute(db)
}
