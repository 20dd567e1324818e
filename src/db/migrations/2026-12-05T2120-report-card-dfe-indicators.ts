import { type Kysely, sql } from 'kysely'

/**
 * Report cards may show the dataset's DfE figures (`dfe:<LAIT key>`, e.g. `dfe:ReReferral`), whose
 * keys keep LAIT's capitals and underscores, beside catalogue indicators and dataset figures.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table report_card_indicator drop constraint report_card_indicator_indicator_key_check;
    alter table report_card_indicator add constraint report_card_indicator_indicator_key_check
      check (indicator_key ~ '^((return|dataset):[a-z0-9][a-zA-Z0-9-]{0,79}|dfe:[A-Za-z][A-Za-z0-9_]{0,79})$');
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    delete from report_card_indicator where indicator_key like 'dfe:%';
    alter table report_card_indicator drop constraint report_card_indicator_indicator_key_check;
    alter table report_card_indicator add constraint report_card_indicator_indicator_key_check
      check (indicator_key ~ '^(return|dataset):[a-z0-9][a-zA-Z0-9-]{0,79}$');
  `,
    )
    .execute(db)
}
