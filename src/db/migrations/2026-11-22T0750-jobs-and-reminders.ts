import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Background jobs and the reminders they send.
 *
 * `job` is the platform's queue: one runner serves every partnership, so the table has no
 * row-level security (like sessions and API tokens). Payloads carry ids only, never personal data.
 * A runner claims due jobs with `for update skip locked` and holds them for a lease
 * (`locked_until`); a job whose lease runs out (its runner died) is claimed again.
 *
 * `reminder_sent` remembers each reminder emailed, once per item, reminder kind and person: it is
 * partnership data, under row-level security like every other table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table job (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind ~ '^[a-z0-9-]{1,60}$'),
      partnership_id uuid references partnership(id),
      run_at timestamptz not null default now(),
      payload jsonb not null default '{}',
      dedupe_key text unique check (length(dedupe_key) <= 200),
      attempts integer not null default 0 check (attempts >= 0),
      max_attempts integer not null default 5 check (max_attempts between 1 and 100),
      locked_until timestamptz,
      locked_by text check (length(locked_by) <= 200),
      finished_at timestamptz,
      last_error text check (length(last_error) <= 2000),
      created_at timestamptz not null default now()
    );
    create index job_due on job (run_at) where finished_at is null;
    create index job_finished on job (finished_at) where finished_at is not null;

    create table reminder_sent (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      item_key text not null check (length(item_key) between 1 and 200),
      reminder_kind text not null check (reminder_kind in ('due-soon', 'overdue')),
      recipient_id uuid not null references app_user(id),
      due_on date not null,
      sent_at timestamptz not null default now(),
      unique (partnership_id, item_key, reminder_kind, recipient_id)
    );

    grant select, insert, update, delete on job to ${APP_ROLE};
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'reminder_sent', ['select', 'insert'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists reminder_sent; drop table if exists job;`).execute(db)
}
