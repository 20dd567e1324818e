import { type Kysely, sql } from 'kysely'

/**
 * Population estimates for the age bands DfE publishes plans at 31 March by (under 1, 1-4, 5-9,
 * 10-15, 16-17), so the dataset can give rates per 10,000 children of each age.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table dataset_population drop constraint dataset_population_age_band_check;
    alter table dataset_population add constraint dataset_population_age_band_check
      check (age_band in ('0-17', '0-4', '5-10', '11-17', '11-15', '16-17', 'under-1', '1-4', '5-9', '10-15'));
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    delete from dataset_population where age_band in ('under-1', '1-4', '5-9', '10-15');
    alter table dataset_population drop constraint dataset_population_age_band_check;
    alter table dataset_population add constraint dataset_population_age_band_check
      check (age_band in ('0-17', '0-4', '5-10', '11-17', '11-15', '16-17'));
  `,
    )
    .execute(db)
}
