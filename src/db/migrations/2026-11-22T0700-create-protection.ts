import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'team',
  'team_member',
  'protection_setting',
  'strategy_discussion',
  'strategy_participant',
  'conference',
  'conference_invitation',
  'core_group_meeting',
]

/**
 * The child protection journey: teams that work cases, each partnership's protection timescales,
 * strategy discussions with the agencies that took part, Section 47 enquiries that follow them,
 * initial and review conferences with invitations, reports and attendance by agency, plans with
 * the conference that made and ended them, and core group meetings. The census tables (section47,
 * child_protection_plan, cin_episode) stay the record the census export reads; these tables say
 * how each of their dates came about.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table team (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      agency_id uuid references agency(id),
      name text not null check (length(name) between 1 and 120),
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (partnership_id, name)
    );

    create table team_member (
      partnership_id uuid not null references partnership(id),
      team_id uuid not null references team(id),
      user_id uuid not null references app_user(id),
      primary key (team_id, user_id)
    );
    create index team_member_user on team_member (partnership_id, user_id);

    -- Who works a referral after the front door: a worker and the worker's team.
    alter table referral
      add column allocated_to uuid references app_user(id),
      add column team_id uuid references team(id);

    create table protection_setting (
      partnership_id uuid primary key references partnership(id),
      icpc_working_days integer not null default 15 check (icpc_working_days between 1 and 60),
      core_group_working_days integer not null default 10
        check (core_group_working_days between 1 and 60),
      first_review_months integer not null default 3 check (first_review_months between 1 and 12),
      review_interval_months integer not null default 6
        check (review_interval_months between 1 and 12),
      -- Agencies' reports are due this many working days before the conference.
      report_due_working_days integer not null default 3
        check (report_due_working_days between 0 and 20),
      -- Pre-birth: the initial conference is held by this week of pregnancy, and the first review
      -- within this many working days of the birth (local procedures differ: 10 or 20).
      pre_birth_icpc_by_week integer not null default 32
        check (pre_birth_icpc_by_week between 12 and 40),
      pre_birth_review_working_days integer not null default 20
        check (pre_birth_review_working_days between 1 and 60),
      updated_at timestamptz not null default now()
    );

    create table strategy_discussion (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      episode_id uuid references cin_episode(id),
      referral_id uuid references referral(id),
      held_on date not null,
      pre_birth boolean not null default false,
      reason text not null check (length(reason) between 1 and 5000),
      outcome text not null check (outcome in ('section-47', 'assessment', 'no-further-action')),
      outcome_notes text check (length(outcome_notes) <= 5000),
      lead_worker_id uuid references app_user(id),
      team_id uuid references team(id),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now()
    );
    create index strategy_discussion_child on strategy_discussion (partnership_id, child_id, held_on);

    create table strategy_participant (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      strategy_discussion_id uuid not null references strategy_discussion(id),
      agency_id uuid not null references agency(id),
      person_name text not null check (length(person_name) between 1 and 200),
      role_title text check (length(role_title) <= 200)
    );
    create index strategy_participant_discussion
      on strategy_participant (partnership_id, strategy_discussion_id);

    -- A Section 47 enquiry started by a strategy discussion, and how it ended.
    alter table section47
      add column strategy_discussion_id uuid references strategy_discussion(id),
      add column lead_worker_id uuid references app_user(id),
      add column completed_on date,
      add column outcome text check (outcome in ('conference', 'no-conference-cin-plan',
        'no-conference-no-further-action'));

    create table conference (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      kind text not null check (kind in ('initial', 'review')),
      pre_birth boolean not null default false,
      section47_id uuid references section47(id),
      plan_id uuid references child_protection_plan(id),
      target_date date not null,
      status text not null default 'to-schedule'
        check (status in ('to-schedule', 'scheduled', 'held', 'cancelled')),
      scheduled_at timestamptz,
      venue text check (length(venue) <= 500),
      chair_id uuid references app_user(id),
      held_on date,
      outcome text check (outcome in ('plan', 'no-plan', 'continue-plan', 'end-plan')),
      category text check (category in ('NEG', 'PHY', 'EMO', 'SAB', 'MUL')),
      outcome_notes text check (length(outcome_notes) <= 10000),
      cancelled_reason text check (length(cancelled_reason) <= 2000),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now(),
      recorded_by uuid references app_user(id),
      recorded_at timestamptz,
      check ((kind = 'review') = (plan_id is not null)),
      check ((status = 'scheduled') <= (scheduled_at is not null)),
      check ((status = 'held') = (held_on is not null and outcome is not null)),
      check ((outcome in ('plan', 'continue-plan')) <= (category is not null)),
      check ((status = 'cancelled') = (cancelled_reason is not null))
    );
    create index conference_child on conference (partnership_id, child_id, target_date);
    create index conference_open on conference (partnership_id, status, target_date)
      where status in ('to-schedule', 'scheduled');

    create table conference_invitation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      conference_id uuid not null references conference(id),
      agency_id uuid not null references agency(id),
      invitee_name text not null check (length(invitee_name) between 1 and 200),
      invitee_email text check (length(invitee_email) <= 254),
      sent_at timestamptz,
      report_requested boolean not null default true,
      report_due_at timestamptz,
      report_text text check (length(report_text) <= 20000),
      report_received_at timestamptz,
      report_received_by uuid references app_user(id),
      attendance text check (attendance in ('attended', 'apologies', 'absent')),
      created_by uuid not null references app_user(id),
      created_at timestamptz not null default now()
    );
    create index conference_invitation_conference
      on conference_invitation (partnership_id, conference_id);
    create index conference_invitation_agency
      on conference_invitation (partnership_id, agency_id);

    -- The conference that made a plan and the one that ended it, and why it ended.
    alter table child_protection_plan
      add column initial_conference_id uuid references conference(id),
      add column ending_conference_id uuid references conference(id),
      add column end_reason text check (end_reason in ('no-longer-at-risk', 'moved-area',
        'looked-after', 'reached-18', 'died', 'other')),
      add column end_reason_notes text check (length(end_reason_notes) <= 2000),
      add column pre_birth boolean not null default false,
      add column lead_worker_id uuid references app_user(id),
      add column team_id uuid references team(id);

    create table core_group_meeting (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references child_protection_plan(id),
      held_on date not null,
      agencies_present uuid[] not null default '{}',
      notes text check (length(notes) <= 10000),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      unique (plan_id, held_on)
    );
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql
    .raw(
      `
    grant select, insert, update on ${TABLES.join(', ')} to ${APP_ROLE};
    grant delete on team_member, strategy_participant, conference_invitation to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table if exists core_group_meeting;
    alter table child_protection_plan drop column initial_conference_id,
      drop column ending_conference_id, drop column end_reason, drop column end_reason_notes,
      drop column pre_birth, drop column lead_worker_id, drop column team_id;
    drop table if exists conference_invitation;
    drop table if exists conference;
    alter table section47 drop column strategy_discussion_id, drop column lead_worker_id,
      drop column completed_on, drop column outcome;
    drop table if exists strategy_participant;
    drop table if exists strategy_discussion;
    drop table if exists protection_setting;
    alter table referral drop column allocated_to, drop column team_id;
    drop table if exists team_member;
    drop table if exists team;
  `,
    )
    .execute(db)
}
