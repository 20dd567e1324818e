import { type Kysely, sql } from 'kysely'

/**
 * Census import speed (issue 17): three indexes made for the dataset figures repeat what a
 * unique constraint of the census tables already indexes, and every imported row paid for each
 * of them. `cin_episode_child` is `unique (child_id, referral_date)` again,
 * `child_protection_plan_episode` is `unique (episode_id, start_date)` again, and
 * `section47_episode` is the first column of section47's `unique (episode_id, start_date)`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists cin_episode_child`.execute(db)
  await sql`drop index if exists child_protection_plan_episode`.execute(db)
  await sql`drop index if exists section47_episode`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index section47_episode on section47 (episode_id)`.execute(db)
  await sql`create index child_protection_plan_episode
    on child_protection_plan (episode_id, start_date)`.execute(db)
  await sql`create index cin_episode_child on cin_episode (child_id, referral_date)`.execute(db)
}
