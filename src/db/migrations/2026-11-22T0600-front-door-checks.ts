import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * Checks the front door asks of partner agencies (police, health, education and others) about a
 * referral: the question, when the answer is due, and the agency's answer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table referral_check (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      agency_id uuid not null references agency(id),
      question text check (length(question) <= 2000),
      requested_by uuid not null references app_user(id),
      requested_at timestamptz not null default now(),
      due_at timestamptz not null,
      answer text check (length(answer) between 1 and 5000),
      answered_by uuid references app_user(id),
      answered_at timestamptz,
      constraint referral_check_answered check (
        (answer is null) = (answered_at is null) and (answer is null) = (answered_by is null)
      )
    );
    create index referral_check_referral on referral_check (partnership_id, referral_id);
    create index referral_check_open on referral_check (partnership_id, agency_id, due_at)
      where answered_at is null;
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'referral_check')
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists referral_check;').execute(db)
}
