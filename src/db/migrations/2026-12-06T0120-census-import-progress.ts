import { type Kysely, sql } from 'kysely'

/**
 * Census imports run as jobs (the `job` table), so their progress lives in the database where any
 * instance can show it. An import left "running" by a release that kept progress in memory can
 * never finish: it is marked failed with the reason, so nothing shows "running" for ever.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table census_import
      add column job_id uuid,
      add column progress_phase text not null default 'checking'
        check (progress_phase in ('checking', 'saving', 'done')),
      add column progress_fraction real not null default 0,
      add column progress_children integer not null default 0;
    update census_import
      set status = 'failed', finished_at = now(),
        problems = '{"problems":[{"message":"The import stopped when the server restarted. Nothing was saved: import the file again."}],"moreProblems":0}'::jsonb
      where status = 'running';
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table census_import
      drop column job_id,
      drop column progress_phase,
      drop column progress_fraction,
      drop column progress_children;
  `,
    )
    .execute(db)
}
