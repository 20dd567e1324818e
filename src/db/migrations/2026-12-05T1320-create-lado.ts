import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = ['lado_referral', 'lado_meeting', 'lado_action']

/**
 * Allegations against people who work with children, as the designated officer (LADO) manages
 * them: the referral, the initial consideration, evaluation and strategy meetings with who
 * attended, the police's and the employer's investigations, the outcome with its statutory
 * definition, the actions that followed, and closure.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table lado_referral (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      reference text not null check (length(reference) between 1 and 40),
      received_on date not null,
      referrer_agency text not null check (length(referrer_agency) between 1 and 200),
      adult_name text not null check (length(adult_name) between 1 and 200),
      adult_date_of_birth date,
      -- The same adult across referrals: their name folded to lower case, with their date of birth.
      adult_key text not null,
      adult_role text not null check (length(adult_role) between 1 and 200),
      employer text not null check (length(employer) between 1 and 200),
      sector text not null check (sector in ('education', 'early-years', 'faith', 'health',
        'police', 'social-care', 'foster-care', 'voluntary', 'sports', 'transport', 'other')),
      harm_test text not null check (harm_test in ('harmed', 'criminal-offence', 'risk-of-harm',
        'unsuitable')),
      allegation text not null check (length(allegation) between 1 and 5000),
      child_name text check (length(child_name) <= 200),
      child_id uuid references child(id),
      child_age smallint check (child_age between 0 and 17),
      initial_consideration_due_on date not null,
      initial_consideration_on date check (initial_consideration_on >= received_on),
      initial_decision text check (initial_decision in ('evaluation', 'strategy',
        'no-further-action')),
      police_investigation text not null default 'none' check (police_investigation in
        ('none', 'ongoing', 'no-further-action', 'charged', 'convicted', 'acquitted')),
      employer_investigation text not null default 'none' check (employer_investigation in
        ('none', 'ongoing', 'completed')),
      outcome text check (outcome in ('substantiated', 'malicious', 'false', 'unsubstantiated',
        'unfounded')),
      outcome_notes text check (length(outcome_notes) <= 5000),
      closed_on date check (closed_on >= received_on),
      recorded_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (partnership_id, reference),
      check (closed_on is null or outcome is not null)
    );
    create index lado_referral_received on lado_referral (partnership_id, received_on);
    create index lado_referral_adult on lado_referral (partnership_id, adult_key);

    create table lado_meeting (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references lado_referral(id),
      kind text not null check (kind in ('evaluation', 'strategy', 'review')),
      held_on date not null,
      attendees text not null check (length(attendees) between 1 and 5000),
      notes text check (length(notes) <= 5000),
      recorded_at timestamptz not null default now()
    );
    create index lado_meeting_referral on lado_meeting (partnership_id, referral_id);

    create table lado_action (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references lado_referral(id),
      kind text not null check (kind in ('dismissal', 'resignation', 'suspension',
        'disciplinary', 'barring-service-referral', 'regulator-referral', 'training',
        'no-action')),
      taken_on date not null,
      notes text check (length(notes) <= 5000),
      recorded_at timestamptz not null default now()
    );
    create index lado_action_referral on lado_action (partnership_id, referral_id);
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
    drop table if exists lado_action;
    drop table if exists lado_meeting;
    drop table if exists lado_referral;
  `,
    )
    .execute(db)
}
