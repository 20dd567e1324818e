import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'register_setting',
  'register_panel',
  'exploitation_entry',
  'disruption_activity',
  'missing_episode',
  'fgm_referral',
  'private_fostering',
  'private_fostering_visit',
  'panel_agenda_child',
  'register_action',
  'community_intelligence',
]

/**
 * Children at particular risk (issue 13): the exploitation cohort, missing episodes, FGM
 * referrals, private fostering arrangements and their visits, the multi-agency panels (governance
 * bodies) whose agendas list cohort children and whose actions land on each child's entry, and
 * community intelligence from the public.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table register_setting (
      partnership_id uuid primary key references partnership(id),
      risk_levels text[] not null default '{low,medium,high}',
      repeat_missing_episodes integer not null default 3
        check (repeat_missing_episodes between 2 and 20),
      repeat_missing_days integer not null default 90 check (repeat_missing_days between 7 and 365),
      updated_at timestamptz not null default now()
    );

    create table register_panel (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      body_id uuid not null references gov_body(id),
      panel_type text not null check (panel_type in ('mace', 'mase', 'fgm', 'missing')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      unique (partnership_id, body_id)
    );

    create table exploitation_entry (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      types text[] not null check (cardinality(types) between 1 and 4
        and types <@ '{cse,cce,county-lines,trafficking}'::text[]),
      risk_level text not null check (length(risk_level) between 1 and 40),
      lead_agency_id uuid references agency(id),
      lead_worker text not null check (length(lead_worker) between 1 and 200),
      screening jsonb not null default '{}',
      locations text check (length(locations) <= 5000),
      associated_persons text check (length(associated_persons) <= 5000),
      added_on date not null,
      removed_on date,
      removal_reason text check (length(removal_reason) <= 2000),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      check ((removed_on is null) = (removal_reason is null)),
      check (removed_on is null or removed_on >= added_on)
    );
    create index exploitation_entry_child on exploitation_entry (partnership_id, child_id);
    create unique index exploitation_entry_open on exploitation_entry (partnership_id, child_id)
      where removed_on is null;

    create table disruption_activity (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      entry_id uuid not null references exploitation_entry(id),
      activity_on date not null,
      kind text not null check (kind in ('abduction-notice', 'arrest', 'licensing', 'patrol',
        'order', 'other')),
      notes text not null check (length(notes) between 1 and 5000),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now()
    );
    create index disruption_activity_entry on disruption_activity (partnership_id, entry_id);

    create table missing_episode (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      reported_at timestamptz not null,
      found_at timestamptz,
      missing_from text not null check (missing_from in ('home', 'care')),
      police_reference text check (length(police_reference) between 1 and 40),
      interview_offered_at timestamptz,
      interview_outcome text check (interview_outcome in ('completed', 'declined')),
      interview_on date,
      source text not null default 'recorded' check (source in ('recorded', 'police-import')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      check (found_at is null or found_at >= reported_at),
      check (interview_offered_at is null or found_at is not null),
      check (interview_outcome is null or interview_offered_at is not null),
      check ((interview_outcome is null) = (interview_on is null)),
      unique (partnership_id, police_reference)
    );
    create index missing_episode_child on missing_episode (partnership_id, child_id, reported_at);

    create table fgm_referral (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      referred_on date not null,
      screening_outcome text not null check (screening_outcome in ('no-risk', 'low', 'medium',
        'high', 'known-case')),
      community text check (length(community) <= 100),
      panel_decision text check (length(panel_decision) <= 2000),
      panel_decided_on date,
      reported_to_police_on date,
      reported_by text check (length(reported_by) <= 200),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      check ((panel_decision is null) = (panel_decided_on is null)),
      check ((reported_to_police_on is null) = (reported_by is null))
    );
    create index fgm_referral_child on fgm_referral (partnership_id, child_id);

    create table private_fostering (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      notified_on date not null,
      arrangement_start date not null,
      child_disabled boolean not null,
      carer_name text not null check (length(carer_name) between 1 and 200),
      assessment_completed_on date,
      assessment_outcome text check (assessment_outcome in ('suitable', 'suitable-with-support',
        'unsuitable', 'not-private-fostering')),
      ended_on date,
      end_reason text check (end_reason in ('returned-home', 'moved-area', 'turned-16-or-18',
        'became-looked-after', 'other', 'not-private-fostering')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      check ((assessment_completed_on is null) = (assessment_outcome is null)),
      check ((ended_on is null) = (end_reason is null)),
      check (ended_on is null or ended_on >= arrangement_start)
    );
    create index private_fostering_child on private_fostering (partnership_id, child_id);

    create table private_fostering_visit (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      arrangement_id uuid not null references private_fostering(id),
      visited_on date not null,
      seen_alone boolean not null,
      notes text check (length(notes) <= 5000),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      unique (arrangement_id, visited_on)
    );

    -- A child on a panel meeting's agenda, and what the panel said when it reviewed them.
    create table panel_agenda_child (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      panel_id uuid not null references register_panel(id),
      meeting_id uuid not null references gov_meeting(id),
      child_id uuid not null references child(id),
      register text not null check (register in ('exploitation', 'missing', 'fgm')),
      entry_id uuid not null,
      review_notes text check (length(review_notes) <= 10000),
      risk_level_after text check (length(risk_level_after) <= 40),
      reviewed_by uuid references app_user(id),
      reviewed_at timestamptz,
      added_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      unique (meeting_id, child_id),
      check ((reviewed_at is null) = (review_notes is null))
    );
    create index panel_agenda_child_child on panel_agenda_child (partnership_id, child_id);

    create table register_action (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      agenda_child_id uuid not null references panel_agenda_child(id),
      child_id uuid not null references child(id),
      register text not null check (register in ('exploitation', 'missing', 'fgm')),
      entry_id uuid not null,
      text text not null check (length(text) between 1 and 2000),
      owner_name text not null check (length(owner_name) between 1 and 200),
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'done')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now()
    );
    create index register_action_entry on register_action (partnership_id, entry_id);

    create table community_intelligence (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      about text not null check (about in ('place', 'adult', 'vehicle', 'online', 'other')),
      location text check (length(location) <= 500),
      description text not null check (length(description) between 1 and 5000),
      contact text check (length(contact) <= 500),
      status text not null default 'new' check (status in ('new', 'reviewed')),
      reviewed_by uuid references app_user(id),
      reviewed_at timestamptz,
      received_at timestamptz not null default now()
    );
    create index community_intelligence_queue on community_intelligence
      (partnership_id, status, received_at);
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql.raw(`grant select, insert, update on ${TABLES.join(', ')} to ${APP_ROLE};`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists ${[...TABLES].reverse().join(', ')};`).execute(db)
}
