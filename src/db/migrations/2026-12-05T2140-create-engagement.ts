import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'eng_survey',
  'eng_survey_question',
  'eng_survey_response',
  'eng_survey_answer',
  'eng_survey_evidence',
  'eng_subscriber',
  'eng_bulletin_issue',
  'eng_bulletin_delivery',
  'eng_panel_coordinator',
  'eng_panel_member',
  'eng_panel_contribution',
  'eng_priority_exercise',
  'eng_priority_area',
  'eng_priority_ballot',
  'eng_campaign',
  'eng_campaign_reach',
]

/**
 * Engagement: surveys on a public link, the bulletin and its subscribers, the young people's
 * panel, priority-setting ballots and campaigns.
 *
 * An anonymous survey's response keeps nothing that could point back to a person: no name, no
 * address, no time of day (only the date), no request id; its id is random.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table eng_survey (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      intro text check (length(intro) <= 5000),
      anonymous boolean not null,
      invited_count integer check (invited_count between 1 and 10000000),
      status text not null default 'draft' check (status in ('draft', 'open', 'closed')),
      link_token text not null unique check (length(link_token) between 20 and 100),
      created_at timestamptz not null default now()
    );

    create table eng_survey_question (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      survey_id uuid not null references eng_survey(id),
      position integer not null check (position between 1 and 200),
      kind text not null check (kind in ('single', 'multiple', 'scale', 'text', 'yes-no')),
      text text not null check (length(text) between 1 and 500),
      options jsonb not null default '[]',
      required boolean not null default true,
      unique (survey_id, position)
    );

    create table eng_survey_response (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      survey_id uuid not null references eng_survey(id),
      submitted_on date not null,
      respondent_name text check (length(respondent_name) between 1 and 200),
      respondent_email text check (length(respondent_email) between 3 and 320)
    );
    create index eng_survey_response_survey on eng_survey_response (survey_id);

    create table eng_survey_answer (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      response_id uuid not null references eng_survey_response(id),
      question_id uuid not null references eng_survey_question(id),
      value text not null check (length(value) between 1 and 5000)
    );
    create index eng_survey_answer_question on eng_survey_answer (question_id);

    create table eng_survey_evidence (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      survey_id uuid not null references eng_survey(id),
      action_id uuid not null,
      linked_on date not null,
      unique (survey_id, action_id)
    );

    create table eng_subscriber (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      email text not null check (length(email) between 3 and 320),
      status text not null default 'pending'
        check (status in ('pending', 'confirmed', 'unsubscribed', 'suspended')),
      confirm_token_hash text,
      confirm_expires_at timestamptz,
      consented_at timestamptz,
      failures integer not null default 0 check (failures >= 0),
      created_at timestamptz not null default now()
    );
    create unique index eng_subscriber_email on eng_subscriber (partnership_id, lower(email));

    create table eng_bulletin_issue (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      number integer not null check (number between 1 and 100000),
      title text not null check (length(title) between 1 and 200),
      status text not null default 'draft' check (status in ('draft', 'published')),
      published_on date,
      content jsonb not null default '[]',
      created_at timestamptz not null default now(),
      unique (partnership_id, number)
    );

    create table eng_bulletin_delivery (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      issue_id uuid not null references eng_bulletin_issue(id),
      subscriber_id uuid not null references eng_subscriber(id),
      status text not null check (status in ('sent', 'failed')),
      attempted_at timestamptz not null default now(),
      unique (issue_id, subscriber_id)
    );

    create table eng_panel_coordinator (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      user_id uuid not null references app_user(id),
      unique (partnership_id, user_id)
    );

    create table eng_panel_member (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      first_name text not null check (length(first_name) between 1 and 50),
      age_band text not null check (age_band in ('11-13', '14-15', '16-17', '18-25')),
      parental_consent text not null check (parental_consent in ('given', 'not-needed')),
      joined_on date not null,
      left_on date,
      check (age_band in ('16-17', '18-25') or parental_consent = 'given')
    );

    create table eng_panel_contribution (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      contributed_on date not null,
      topic text not null check (length(topic) between 1 and 200),
      views text not null check (length(views) between 1 and 5000),
      influenced text check (length(influenced) <= 5000),
      created_at timestamptz not null default now()
    );

    create table eng_priority_exercise (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      priorities_wanted integer not null check (priorities_wanted between 1 and 20),
      status text not null default 'open' check (status in ('open', 'closed')),
      plan_id uuid,
      created_at timestamptz not null default now()
    );

    create table eng_priority_area (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      exercise_id uuid not null references eng_priority_exercise(id),
      name text not null check (length(name) between 1 and 200),
      unique (exercise_id, name)
    );

    create table eng_priority_ballot (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      exercise_id uuid not null references eng_priority_exercise(id),
      user_id uuid not null references app_user(id),
      ranks jsonb not null,
      cast_at timestamptz not null default now(),
      unique (exercise_id, user_id)
    );

    create table eng_campaign (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      starts_on date not null,
      ends_on date not null check (ends_on >= starts_on),
      audience text not null check (length(audience) between 1 and 500),
      channels text not null check (length(channels) between 1 and 500),
      materials text check (length(materials) <= 5000),
      action_id uuid,
      action_label text check (length(action_label) <= 1000),
      created_at timestamptz not null default now()
    );

    create table eng_campaign_reach (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      campaign_id uuid not null references eng_campaign(id),
      measure text not null check (length(measure) between 1 and 200),
      value integer not null check (value between 0 and 1000000000),
      recorded_on date not null
    );
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
  await sql.raw(`grant delete on eng_panel_coordinator to ${APP_ROLE};`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
