import { type Kysely, sql } from 'kysely'

/**
 * The front door's likely-duplicate tag (issue 17): a contact's children are matched to earlier
 * contacts' children by names and date of birth. Without an index the match read every child the
 * partnership had ever been told about, once per row of the queue (12 ms a row at 14,000 children).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index referral_child_same_child
    on referral_child (partnership_id, birth_date, lower(given_name))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index referral_child_same_child`.execute(db)
}
