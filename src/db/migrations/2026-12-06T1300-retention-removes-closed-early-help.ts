import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Retention rules remove early help episodes closed long ago, with their reviews (privacy
 * module): the app role may now delete those rows, still only inside its partnership (row-level
 * security).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`grant delete on early_help_episode, early_help_review to ${APP_ROLE}`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`revoke delete on early_help_episode, early_help_review from ${APP_ROLE}`)
    .execute(db)
}
