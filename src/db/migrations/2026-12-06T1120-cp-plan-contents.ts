import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

const TABLES = ['cp_plan_version', 'core_group_attendee', 'conference_family_member']

/**
 * Issue 19 point 3: what a child protection plan says (outcomes for the child, actions with who
 * does them and by when, the contingency plan), kept as a new version each time a conference or
 * a core group changes it; the people at a core group meeting; and the family at a conference.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table cp_plan_version (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references child_protection_plan(id),
      version integer not null check (version >= 1),
      outcomes jsonb not null check (jsonb_typeof(outcomes) = 'array'),
      actions jsonb not null check (jsonb_typeof(actions) = 'array'),
      contingency text not null check (length(contingency) between 1 and 10000),
      conference_id uuid references conference(id),
      core_group_meeting_id uuid references core_group_meeting(id),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      unique (plan_id, version),
      check ((conference_id is null) <> (core_group_meeting_id is null))
    );
    create index cp_plan_version_partnership on cp_plan_version (partnership_id, plan_id);

    create table core_group_attendee (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      meeting_id uuid not null references core_group_meeting(id),
      person_name text not null check (length(person_name) between 1 and 200),
      agency_id uuid not null references agency(id),
      attendance text not null check (attendance in ('attended', 'apologies', 'did-not-attend'))
    );
    create index core_group_attendee_meeting on core_group_attendee (meeting_id);

    create table conference_family_member (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      conference_id uuid not null references conference(id),
      name text not null check (length(name) between 1 and 200),
      relationship text not null
        check (relationship in ('mother', 'father', 'parent', 'carer', 'child', 'other-family')),
      invited boolean not null,
      attended boolean,
      child_views text check (child_views in
        ('attended', 'in-writing', 'advocate', 'social-worker', 'not-given')),
      views_not_given_reason text check (length(views_not_given_reason) between 1 and 2000),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      check (child_views is null or relationship = 'child'),
      check ((child_views = 'not-given') = (views_not_given_reason is not null))
    );
    create index conference_family_member_conference on conference_family_member (conference_id);
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
