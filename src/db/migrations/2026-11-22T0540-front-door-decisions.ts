import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Front door decisions: each partnership's timescales per RAG rating and whether a manager must
 * authorise a practitioner's decision; the RAG rating, decision, authorisation and feedback on
 * each referral; and each referred child's link to the children module's record.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table front_door_setting (
      partnership_id uuid primary key references partnership(id),
      red_hours integer not null default 4 check (red_hours between 1 and 72),
      amber_working_days integer not null default 1 check (amber_working_days between 1 and 10),
      green_working_days integer not null default 1 check (green_working_days between 1 and 10),
      requires_authorisation boolean not null default true,
      updated_at timestamptz not null default now()
    );

    alter table referral drop constraint referral_status_check;
    alter table referral add constraint referral_status_check
      check (status in ('received', 'awaiting-authorisation', 'decided'));
    alter table referral
      add column decision text check (decision in ('no-further-action', 'information-and-advice',
        'early-help', 'assessment', 'strategy-discussion', 'already-open')),
      add column decision_reasons text check (length(decision_reasons) <= 5000),
      add column decided_by uuid references app_user(id),
      add column decided_at timestamptz,
      add column authorised_by uuid references app_user(id),
      add column authorised_at timestamptz,
      add column feedback_sent_at timestamptz,
      add constraint referral_decision_recorded check (
        (status = 'received') = (decision is null)
        and (decision is null or (decision_reasons is not null and decided_by is not null
          and decided_at is not null))
      );
    create index referral_feedback_owed on referral (partnership_id, received_at)
      where source = 'professional' and feedback_sent_at is null;

    -- A previous referral of the same child within 12 months, found when the child is linked.
    alter table referral_child
      add column previous_referral_on date,
      add column linked_by uuid references app_user(id),
      add column linked_at timestamptz;
    create index referral_child_child on referral_child (partnership_id, child_id)
      where child_id is not null;

    grant update on referral, referral_child to ${APP_ROLE};
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'front_door_setting')
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table if exists front_door_setting;
    alter table referral_child drop column previous_referral_on, drop column linked_by,
      drop column linked_at;
    alter table referral drop constraint referral_decision_recorded,
      drop column decision, drop column decision_reasons, drop column decided_by,
      drop column decided_at, drop column authorised_by, drop column authorised_at,
      drop column feedback_sent_at;
    alter table referral drop constraint referral_status_check;
    alter table referral add constraint referral_status_check check (status in ('received'));
  `,
    )
    .execute(db)
}
