import { type Kysely, sql } from 'kysely'

/**
 * Front door decisions feed the census: the referral source and primary need chosen with the
 * decision (kept while a practitioner's decision waits for a manager), and for each referred
 * child what the final decision wrote to the children records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table referral
      add column census_referral_source text
        check (census_referral_source ~ '^([1-3][A-F]|4|5[A-D]|6|7|8|9|10)$'),
      add column primary_need_code text check (primary_need_code ~ '^N[0-9]$');
    -- episode-opened: the decision opened a CIN episode; already-open: one was open already.
    alter table referral_child
      add column census_outcome text check (census_outcome in ('episode-opened', 'already-open'));
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table referral_child drop column census_outcome;
    alter table referral drop column census_referral_source, drop column primary_need_code;
  `,
    )
    .execute(db)
}
