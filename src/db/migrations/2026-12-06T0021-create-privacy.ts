import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = ['privacy_setting', 'retention_rule']

/**
 * Privacy: the partnership's data protection contacts (shown in the privacy notice) and its
 * retention rules, one per record type, in years; a job applies them. Records past their
 * retention are deleted, so the app role may delete the engagement records the rules cover.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table privacy_setting (
      partnership_id uuid primary key references partnership(id),
      controller_contact text not null check (length(controller_contact) between 1 and 500),
      dpo_contact text check (length(dpo_contact) <= 500),
      updated_at timestamptz not null default now()
    );

    create table retention_rule (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      record_type text not null check (length(record_type) between 1 and 60),
      keep_years integer not null check (keep_years between 1 and 100),
      unique (partnership_id, record_type)
    );
  `,
    )
    .execute(db)
  for (const table of TABLES) await securePartnershipTable(db, table)
  await sql
    .raw(
      `grant delete on eng_survey_answer, eng_survey_response, eng_bulletin_delivery, eng_subscriber to ${APP_ROLE};`,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `revoke delete on eng_survey_answer, eng_survey_response, eng_bulletin_delivery, eng_subscriber from ${APP_ROLE};`,
    )
    .execute(db)
  for (const table of [...TABLES].reverse())
    await sql.raw(`drop table if exists ${table}`).execute(db)
}
