import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

const TABLES = ['journey_step', 'previous_protection_plan']

/**
 * The child's journey closes its loops (issue 10): assessments recorded and authorised in
 * Keepsafe, CIN plans with reviews, plans ended by stepping down to a CIN plan, step-up and
 * step-down events the dataset counts, and child protection plans known from elsewhere.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table assessment
      add column outcome text check (outcome in ('no-further-action', 'cin-plan',
        'strategy-discussion', 'early-help')),
      add column lead_worker_id uuid references app_user(id),
      add column submitted_by uuid references app_user(id),
      add column submitted_at timestamptz,
      add column authorised_by uuid references app_user(id),
      add constraint assessment_submitted_has_outcome
        check ((submitted_at is null) or (outcome is not null));

    alter table cin_plan
      add column review_dates date[] not null default '{}',
      add column lead_worker_id uuid references app_user(id),
      add column started_from_plan_id uuid references child_protection_plan(id),
      add column end_reason text check (end_reason in ('no-longer-in-need', 'stepped-up',
        'moved-area', 'looked-after', 'other'));

    alter table child_protection_plan drop constraint child_protection_plan_end_reason_check;
    alter table child_protection_plan add constraint child_protection_plan_end_reason_check
      check (end_reason in ('no-longer-at-risk', 'moved-area', 'looked-after', 'reached-18',
        'died', 'other', 'stepped-down'));

    alter table protection_setting
      add column assessment_self_authorisation boolean not null default false;

    create table journey_step (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      episode_id uuid references cin_episode(id) on delete cascade,
      kind text not null check (kind in ('early-help-to-social-care', 'social-care-to-early-help',
        'protection-plan-to-cin-plan', 'cin-plan-to-protection-plan')),
      stepped_on date not null,
      recorded_by uuid references app_user(id),
      recorded_at timestamptz not null default now()
    );
    create index journey_step_when on journey_step (partnership_id, stepped_on);
    create index journey_step_child on journey_step (child_id);

    create table previous_protection_plan (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      child_id uuid not null references child(id),
      authority text not null check (length(authority) between 1 and 200),
      start_date date not null,
      end_date date,
      check (end_date is null or end_date >= start_date),
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null default now(),
      unique (child_id, start_date)
    );
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table previous_protection_plan;
    drop table journey_step;
    alter table protection_setting drop column assessment_self_authorisation;
    update child_protection_plan set end_reason = 'no-longer-at-risk' where end_reason = 'stepped-down';
    alter table child_protection_plan drop constraint child_protection_plan_end_reason_check;
    alter table child_protection_plan add constraint child_protection_plan_end_reason_check
      check (end_reason in ('no-longer-at-risk', 'moved-area', 'looked-after', 'reached-18',
        'died', 'other'));
    alter table cin_plan drop column review_dates, drop column lead_worker_id,
      drop column started_from_plan_id, drop column end_reason;
    alter table assessment drop constraint assessment_submitted_has_outcome,
      drop column outcome, drop column lead_worker_id, drop column submitted_by,
      drop column submitted_at, drop column authorised_by;
  `,
    )
    .execute(db)
}
