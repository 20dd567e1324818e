import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

const TABLES = ['early_help_episode', 'early_help_review', 'cp_visit']

/**
 * Issue 10, points 5-9: the early help register (an episode with its lead professional and agency,
 * family plan, reviews and closure), what a contact is about (concern types, level of need,
 * channel), likely duplicate contacts joined to the first, the allocation clock, and statutory
 * child protection visits. Field names follow the Standard Safeguarding Dataset
 * (ssd_early_help_episodes, ssd_cp_visits, ssd_contacts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table early_help_episode (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      referral_id uuid references referral(id),
      start_date date not null,
      reason text not null check (length(reason) between 1 and 5000),
      lead_agency_id uuid references agency(id),
      lead_professional text check (length(lead_professional) between 1 and 200),
      family_plan text check (length(family_plan) <= 10000),
      family_plan_agreed_on date,
      end_date date check (end_date >= start_date),
      end_reason text check (end_reason in
        ('needs-met', 'stepped-up', 'family-declined', 'moved-away', 'other')),
      end_notes text check (length(end_notes) <= 2000),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      check ((end_date is null) = (end_reason is null))
    );
    create index early_help_episode_child on early_help_episode (partnership_id, child_id);
    create unique index early_help_episode_one_open on early_help_episode (child_id)
      where end_date is null;

    create table early_help_review (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      episode_id uuid not null references early_help_episode(id),
      held_on date not null,
      notes text not null check (length(notes) between 1 and 10000),
      next_review_on date check (next_review_on > held_on),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now()
    );
    create index early_help_review_episode on early_help_review (episode_id);

    create table cp_visit (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references child_protection_plan(id),
      visited_on date not null,
      child_seen boolean not null,
      seen_alone boolean not null,
      notes text check (length(notes) <= 10000),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      check (child_seen or not seen_alone)
    );
    create index cp_visit_plan on cp_visit (plan_id, visited_on);

    alter table referral
      add column contact_channel text check (contact_channel in
        ('public-form', 'professional-form', 'phone', 'email', 'police-notification')),
      add column concern_types text[] not null default '{}',
      add column need_level text check (length(need_level) between 1 and 100),
      add column duplicate_of_id uuid references referral(id),
      add column joined_by uuid references app_user(id),
      add column joined_at timestamptz,
      add check (duplicate_of_id is null or duplicate_of_id <> id);
    create index referral_duplicate_of on referral (duplicate_of_id) where duplicate_of_id is not null;

    alter table front_door_setting
      add column allocation_working_days integer not null default 7
        check (allocation_working_days between 1 and 60),
      add column need_levels text[] not null
        default array['Universal', 'Additional', 'Complex', 'Statutory'],
      add column early_help_writes text not null default 'referral-nfa'
        check (early_help_writes in ('referral-nfa', 'contact-only'));

    alter table protection_setting
      add column visit_working_days integer not null default 10
        check (visit_working_days between 1 and 60);
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table protection_setting drop column visit_working_days;
    alter table front_door_setting drop column allocation_working_days, drop column need_levels,
      drop column early_help_writes;
    alter table referral drop column contact_channel, drop column concern_types,
      drop column need_level, drop column duplicate_of_id, drop column joined_by,
      drop column joined_at;
  `,
    )
    .execute(db)
  for (const table of [...TABLES].reverse()) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
