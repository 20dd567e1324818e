import { type Kysely, sql } from 'kysely'

/**
 * The front door queue reads its page straight from an index in either of its orders: by due
 * time with the work still to do first (decided referrals after open ones), and by receipt. With
 * thousands of open contacts a page then reads 50 rows, not every referral, and needs no sort.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create index referral_queue_order
      on referral (partnership_id, (status = 'decided'), decision_due_at, reference);
    create index referral_received on referral (partnership_id, received_at, reference);
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists referral_queue_order, referral_received;').execute(db)
}
