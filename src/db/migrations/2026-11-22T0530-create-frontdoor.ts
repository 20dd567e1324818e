import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = ['referral_draft', 'referral_counter', 'referral', 'referral_child']

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    -- Answers kept between question pages, found by the hash of a random token in a cookie.
    create table referral_draft (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      token_hash text not null unique,
      source text not null check (source in ('public', 'professional')),
      user_id uuid references app_user(id),
      answers jsonb not null default '{}'::jsonb,
      submitted_referral_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      expires_at timestamptz not null,
      check (source = 'public' or user_id is not null)
    );
    create index referral_draft_user on referral_draft (partnership_id, user_id)
      where user_id is not null;
    create index referral_draft_expiry on referral_draft (partnership_id, expires_at);

    -- The last reference number given in a partnership's year.
    create table referral_counter (
      partnership_id uuid not null references partnership(id),
      year integer not null,
      last_number integer not null,
      primary key (partnership_id, year)
    );

    -- A contact or referral as the front door receives it.
    create table referral (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      reference text not null check (length(reference) between 1 and 30),
      draft_id uuid not null unique,
      source text not null check (source in ('public', 'professional')),
      status text not null default 'received' check (status in ('received')),
      rag_rating text check (rag_rating in ('red', 'amber', 'green')),
      received_at timestamptz not null,
      decision_due_at timestamptz not null,
      household text not null check (length(household) <= 5000),
      parents_carers text not null check (length(parents_carers) <= 1000),
      concern text not null check (length(concern) between 1 and 10000),
      concern_started_on date,
      child_says text not null check (length(child_says) between 1 and 5000),
      child_feels text not null check (length(child_feels) <= 5000),
      consent text not null check (consent in ('given', 'refused', 'not-sought')),
      consent_reason text check (length(consent_reason) <= 2000),
      reporter_anonymous boolean not null default false,
      reporter_name text check (length(reporter_name) <= 200),
      reporter_relationship text check (length(reporter_relationship) <= 200),
      reporter_email text check (length(reporter_email) <= 254),
      reporter_phone text check (length(reporter_phone) <= 30),
      referrer_user_id uuid references app_user(id),
      referrer_agency_id uuid references agency(id),
      referrer_job_title text check (length(referrer_job_title) <= 200),
      actions_taken text check (length(actions_taken) <= 5000),
      created_at timestamptz not null default now(),
      unique (partnership_id, reference),
      check (consent = 'given' or consent_reason is not null),
      check (reporter_anonymous = (reporter_name is null)),
      check (source = 'public' or referrer_user_id is not null)
    );
    create index referral_queue on referral (partnership_id, status, decision_due_at);
    create index referral_referrer on referral (partnership_id, referrer_user_id)
      where referrer_user_id is not null;

    -- The children named in a referral, as the referrer described them. Not yet matched to the
    -- children module's records: matching (one child, one record) comes with triage, and will
    -- fill child_id.
    create table referral_child (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      position integer not null check (position between 1 and 20),
      given_name text not null check (length(given_name) between 1 and 100),
      family_name text check (length(family_name) <= 100),
      birth_date date,
      approximate_age integer check (approximate_age between 0 and 17),
      address text check (length(address) <= 500),
      postcode text check (length(postcode) <= 10),
      child_id uuid,
      unique (referral_id, position),
      check (birth_date is not null or approximate_age is not null)
    );
    create index referral_child_referral on referral_child (referral_id);
  `,
    )
    .execute(db)

  for (const table of TABLES) await forcePartnershipRowSecurity(db, table)

  await sql
    .raw(
      `
    grant select, insert, update, delete on referral_draft to ${APP_ROLE};
    grant select, insert, update on referral_counter to ${APP_ROLE};
    grant select, insert on referral, referral_child to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['referral_child', 'referral', 'referral_counter', 'referral_draft']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
