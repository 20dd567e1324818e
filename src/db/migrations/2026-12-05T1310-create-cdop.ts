import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = ['cdop_notification', 'cdop_information_request', 'cdop_recommendation']

/**
 * Child death reviews: the notification of a death (of a child resident in the area or dying in
 * it), the child death review meeting and the panel's review, the information asked of agencies,
 * the analysis (one category of the national form, the modifiable-factors judgement) with its
 * recommendations, and the referral to case review screening.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table cdop_notification (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      reference text not null check (length(reference) between 1 and 40),
      child_id uuid references child(id),
      child_name text not null check (length(child_name) between 1 and 200),
      date_of_birth date,
      sex text check (sex in ('female', 'male', 'unknown')),
      date_of_death date not null,
      place_of_death text not null check (place_of_death in
        ('hospital', 'home', 'hospice', 'public-place', 'abroad', 'other')),
      notified_on date not null check (notified_on >= date_of_death),
      notifying_agency text not null check (length(notifying_agency) between 1 and 200),
      death_kind text not null check (death_kind in ('expected', 'unexpected')),
      resident_in_area boolean not null,
      died_in_area boolean not null,
      cdr_meeting_on date,
      panel_meeting_on date,
      review_completed_on date check (review_completed_on >= notified_on),
      applicable_categories smallint[] not null default '{}',
      -- Null on a completed review only for reviews recorded before the national form's categories.
      category smallint check (category between 1 and 10),
      category_reason text check (length(category_reason) <= 5000),
      modifiable_factors text check (modifiable_factors in
        ('identified', 'none-identified', 'inadequate-information')),
      modifiable_factors_notes text check (length(modifiable_factors_notes) <= 5000),
      case_review_referred_on date,
      case_review_reference text check (length(case_review_reference) <= 100),
      recorded_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (partnership_id, reference),
      check (resident_in_area or died_in_area),
      check (category is null or category_reason is not null),
      check (review_completed_on is null or modifiable_factors is not null)
    );
    create index cdop_notification_notified on cdop_notification (partnership_id, notified_on);
    create index cdop_notification_completed
      on cdop_notification (partnership_id, review_completed_on);

    create table cdop_information_request (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      notification_id uuid not null references cdop_notification(id),
      agency_name text not null check (length(agency_name) between 1 and 200),
      requested_on date not null,
      due_on date not null check (due_on >= requested_on),
      received_on date check (received_on >= requested_on),
      recorded_at timestamptz not null default now()
    );
    create index cdop_information_request_notification
      on cdop_information_request (partnership_id, notification_id);

    create table cdop_recommendation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      notification_id uuid not null references cdop_notification(id),
      category text not null check (category in ('safe-sleeping', 'road-safety', 'water-safety',
        'home-safety', 'health-services', 'mental-health', 'safeguarding-practice',
        'public-awareness', 'other')),
      text text not null check (length(text) between 1 and 5000),
      recorded_at timestamptz not null default now()
    );
    create index cdop_recommendation_notification
      on cdop_recommendation (partnership_id, notification_id);
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql.raw(`grant select, insert, update on ${TABLES.join(', ')} to ${APP_ROLE};`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table if exists cdop_recommendation;
    drop table if exists cdop_information_request;
    drop table if exists cdop_notification;
  `,
    )
    .execute(db)
}
