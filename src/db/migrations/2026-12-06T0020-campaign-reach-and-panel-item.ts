import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app.

const REPORTS_BEFORE = `'risk-register', 'challenge-log', 'action-log', 'attendance', 'business-plan'`
const REPORTS_AFTER = `${REPORTS_BEFORE}, 'young-peoples-panel'`

function reportCheck(table: string, reports: string) {
  return sql.raw(`
    alter table ${table} drop constraint ${table}_report_check;
    alter table ${table} add constraint ${table}_report_check check (report in (${reports}));
  `)
}

/**
 * A campaign's reach is recorded per channel (a leaflet drop, social media) and, where an agency
 * spread it, per agency. The young people's panel's report becomes a standing report a board's
 * agenda can carry, like the risk register.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table eng_campaign_reach
      add column channel text not null default 'Not given' check (length(channel) between 1 and 100),
      add column agency_id uuid references agency(id);
  `,
    )
    .execute(db)
  await reportCheck('gov_standing_item', REPORTS_AFTER).execute(db)
  await reportCheck('gov_agenda_item', REPORTS_AFTER).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`delete from gov_agenda_item where report = 'young-peoples-panel'`).execute(db)
  await sql.raw(`delete from gov_standing_item where report = 'young-peoples-panel'`).execute(db)
  await reportCheck('gov_standing_item', REPORTS_BEFORE).execute(db)
  await reportCheck('gov_agenda_item', REPORTS_BEFORE).execute(db)
  await sql
    .raw(`alter table eng_campaign_reach drop column agency_id, drop column channel`)
    .execute(db)
}
