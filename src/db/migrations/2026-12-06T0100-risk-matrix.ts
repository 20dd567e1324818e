import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * A risk's RAG rating follows from its likelihood and impact by the partnership's 5 × 5 matrix,
 * no longer chosen by hand. A partnership without a row uses the default matrix: scores 1 to 6
 * green, 8 to 12 amber, 15 to 25 red. Existing risks are rated again by that default; their
 * history keeps the ratings given at the time.
 *
 * Also the record of which demo contributors have run at start-up (see src/demo/start.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table gov_risk_matrix (
      partnership_id uuid primary key references partnership(id),
      cells jsonb not null check (jsonb_typeof(cells) = 'array' and jsonb_array_length(cells) = 5),
      updated_by uuid references app_user(id),
      updated_at timestamptz not null default now()
    );

    update gov_risk set rag = case
      when likelihood * impact >= 15 then 'red'
      when likelihood * impact >= 8 then 'amber'
      else 'green'
    end;

    -- Which demo contributors have seeded a demo partnership at start-up, so that a restart adds
    -- nothing. Written only by the owner before any request is served; it holds no personal data
    -- and the app role never reads it.
    create table demo_contribution (
      partnership_id uuid not null references partnership(id),
      name text not null check (length(name) between 1 and 100),
      contributed_at timestamptz not null default now(),
      primary key (partnership_id, name)
    );
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'gov_risk_matrix')
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table if exists demo_contribution`).execute(db)
  await sql.raw(`drop table if exists gov_risk_matrix`).execute(db)
}
