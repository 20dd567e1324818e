import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'trn_settings',
  'trn_course',
  'trn_event',
  'trn_reservation',
  'trn_booking',
  'trn_booking_token',
  'trn_evaluation',
  'trn_requirement',
  'trn_trainer',
  'trn_delivery',
  'trn_observation',
]

/**
 * Multi-agency training: the catalogue and its events, bookings with their waiting list and
 * charges, evaluations and three-month follow-ups, and single-agency delivery by a trainer pool.
 * Booking links sent by email are kept only as hashes (`trn_booking_token`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table trn_settings (
      partnership_id uuid primary key references partnership(id),
      cancel_cutoff_days integer not null default 5 check (cancel_cutoff_days between 0 and 60),
      offer_hours integer not null default 48 check (offer_hours between 1 and 336),
      no_show_charge_pence integer not null default 0 check (no_show_charge_pence between 0 and 10000000),
      late_cancel_charge_pence integer not null default 0
        check (late_cancel_charge_pence between 0 and 10000000)
    );

    create table trn_course (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      level text not null check (level in ('1', '2', '3', '4')),
      audience text not null check (length(audience) between 1 and 500),
      outcomes text not null check (length(outcomes) between 1 and 5000),
      competencies text check (length(competencies) <= 2000),
      duration_minutes integer not null check (duration_minutes between 15 and 5000),
      trainer_requirements text check (length(trainer_requirements) <= 2000),
      needs_approval boolean not null default false,
      created_at timestamptz not null default now(),
      unique (partnership_id, title)
    );

    create table trn_event (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      course_id uuid not null references trn_course(id),
      starts_on date not null,
      start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      venue text not null check (length(venue) between 1 and 300),
      online boolean not null default false,
      capacity integer not null check (capacity between 1 and 1000),
      trainers text check (length(trainers) <= 500),
      status text not null default 'open' check (status in ('open', 'cancelled')),
      created_at timestamptz not null default now()
    );
    create index trn_event_date on trn_event (partnership_id, starts_on);

    create table trn_reservation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      event_id uuid not null references trn_event(id),
      agency_id uuid not null references agency(id),
      places integer not null check (places between 1 and 1000),
      unique (event_id, agency_id)
    );

    create table trn_booking (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      event_id uuid not null references trn_event(id),
      user_id uuid references app_user(id),
      name text not null check (length(name) between 1 and 200),
      email text not null check (length(email) between 3 and 320),
      agency_id uuid not null references agency(id),
      job_role text not null check (length(job_role) between 1 and 200),
      status text not null check (status in ('unverified', 'awaiting-approval', 'confirmed',
        'waiting', 'offered', 'cancelled', 'declined', 'lapsed')),
      offer_expires_at timestamptz,
      attendance text check (attendance in ('attended', 'no-show')),
      cancelled_at timestamptz,
      late_cancellation boolean not null default false,
      charge_pence integer not null default 0 check (charge_pence >= 0),
      created_at timestamptz not null default now(),
      waiting_since timestamptz
    );
    -- One live booking per person per event, however they booked.
    create unique index trn_booking_once on trn_booking (event_id, lower(email))
      where status not in ('cancelled', 'declined', 'lapsed');
    create index trn_booking_event on trn_booking (event_id, status);

    create table trn_booking_token (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      booking_id uuid not null references trn_booking(id),
      purpose text not null check (purpose in ('confirm', 'manage', 'evaluation', 'follow-up')),
      token_hash text not null unique check (length(token_hash) = 64),
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table trn_evaluation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      booking_id uuid not null references trn_booking(id),
      kind text not null check (kind in ('post-course', 'follow-up')),
      sent_at timestamptz not null default now(),
      completed_at timestamptz,
      rating integer check (rating between 1 and 5),
      comments text check (length(comments) <= 5000),
      impact boolean,
      impact_text text check (length(impact_text) <= 5000),
      linked_action_id uuid,
      unique (booking_id, kind)
    );

    create table trn_requirement (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      agency_id uuid not null references agency(id),
      delegates_per_year integer not null check (delegates_per_year between 0 and 100000),
      unique (partnership_id, agency_id)
    );

    create table trn_trainer (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      name text not null check (length(name) between 1 and 200),
      agency_id uuid not null references agency(id),
      accredited_on date not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );

    create table trn_delivery (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      course_id uuid not null references trn_course(id),
      trainer_id uuid not null references trn_trainer(id),
      agency_id uuid not null references agency(id),
      delivered_on date not null,
      delegates integer not null check (delegates between 1 and 500),
      created_at timestamptz not null default now()
    );
    create index trn_delivery_date on trn_delivery (partnership_id, delivered_on);

    create table trn_observation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      delivery_id uuid not null references trn_delivery(id),
      observed_on date not null,
      observer text not null check (length(observer) between 1 and 200),
      grade text not null check (grade in ('outstanding', 'good', 'requires-improvement',
        'inadequate')),
      notes text check (length(notes) <= 5000)
    );
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
  await sql.raw(`grant delete on trn_reservation, trn_requirement to ${APP_ROLE};`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await sql.raw(`drop table if exists ${table}`).execute(db)
  }
}
