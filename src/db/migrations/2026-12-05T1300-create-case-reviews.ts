import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'cr_case',
  'cr_information_request',
  'cr_review',
  'cr_review_case',
  'cr_milestone',
  'cr_document',
  'cr_recommendation',
]

/**
 * Case reviews: cases referred for screening, the information asked of each agency, the
 * notification to the national panel and the rapid review with their working-day due dates, the
 * chair's decision; then reviews (local, or held elsewhere) with milestones, versioned documents
 * and recommendations whose actions live in a governance business plan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table cr_case (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      reference text not null check (reference ~ '^CR-[0-9]{4}-[0-9]{3,}$'),
      child_name text not null check (length(child_name) between 1 and 200),
      child_id uuid references child(id),
      date_of_birth date,
      harm text not null check (harm in ('died', 'seriously-harmed')),
      incident_on date,
      aware_on date not null,
      referred_on date not null,
      referring_agency_id uuid references agency(id),
      referred_by uuid references app_user(id),
      summary text not null check (length(summary) between 1 and 10000),
      source text not null default 'form' check (source in ('form', 'cdop')),
      source_id uuid,
      notification_due_on date not null,
      status text not null default 'screening'
        check (status in ('screening', 'rapid-review', 'decision', 'decided')),
      abuse_suspected boolean,
      criteria_met boolean,
      screened_on date,
      screening_notes text check (length(screening_notes) <= 10000),
      notified_on date,
      rapid_review_due_on date,
      rapid_review_held_on date,
      rapid_review_sent_on date,
      rapid_review_findings text check (length(rapid_review_findings) <= 20000),
      decision text check (decision in ('local-review', 'no-review')),
      decided_on date,
      decided_by uuid references app_user(id),
      decision_rationale text check (length(decision_rationale) <= 10000),
      alternative_action text check (length(alternative_action) <= 2000),
      created_at timestamptz not null default now(),
      unique (partnership_id, reference),
      unique (partnership_id, source, source_id),
      check (aware_on <= referred_on),
      check (notified_on is null or notified_on >= aware_on),
      check (rapid_review_held_on is null or rapid_review_held_on >= notified_on),
      check ((decision is null) = (decided_on is null))
    );
    create index cr_case_status on cr_case (partnership_id, status);

    create table cr_information_request (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      case_id uuid not null references cr_case(id),
      agency_id uuid not null references agency(id),
      question text not null check (length(question) between 1 and 5000),
      requested_on date not null,
      due_on date not null,
      answered_on date,
      answer text check (length(answer) <= 20000),
      answered_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      check (due_on >= requested_on),
      check ((answer is null) = (answered_on is null))
    );
    create index cr_information_request_agency on cr_information_request (partnership_id, agency_id);

    create table cr_review (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 300),
      review_type text not null check (review_type in
        ('practice-review', 'learning', 'thematic', 'single-agency', 'domestic-homicide', 'other-area')),
      held_by text check (length(held_by) <= 300),
      reviewer_name text check (length(reviewer_name) <= 200),
      terms_of_reference text check (length(terms_of_reference) <= 20000),
      decided_on date not null,
      target_publication_on date not null,
      published_on date,
      plan_id uuid references gov_plan(id),
      created_at timestamptz not null default now(),
      check (published_on is null or published_on >= decided_on)
    );

    create table cr_review_case (
      partnership_id uuid not null references partnership(id),
      review_id uuid not null references cr_review(id),
      case_id uuid not null references cr_case(id),
      primary key (review_id, case_id)
    );

    create table cr_milestone (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      review_id uuid not null references cr_review(id),
      title text not null check (length(title) between 1 and 300),
      due_on date not null,
      completed_on date
    );

    create table cr_document (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      review_id uuid not null references cr_review(id),
      kind text not null check (kind in ('scoping-request', 'agency-report', 'briefing')),
      agency_id uuid references agency(id),
      title text not null check (length(title) between 1 and 300),
      version integer not null check (version >= 1),
      due_on date,
      filename text not null,
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 20971520),
      content bytea not null,
      uploaded_by uuid references app_user(id),
      uploaded_at timestamptz not null default now(),
      unique (review_id, kind, title, version)
    );

    create table cr_recommendation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      review_id uuid not null references cr_review(id),
      number integer not null check (number between 1 and 999),
      text text not null check (length(text) between 1 and 5000),
      plan_action_id uuid references gov_plan_action(id),
      unique (review_id, number)
    );
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql
    .raw(
      `
    grant select, insert, update on ${TABLES.join(', ')} to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists ${[...TABLES].reverse().join(', ')};`).execute(db)
}
