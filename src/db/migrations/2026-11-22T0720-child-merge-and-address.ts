import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

/**
 * One child, one record. A child's current address (as a referral gave it; the postcode kept
 * normalised, "NB1 2AB", so that records match on it), and the merging of a duplicate record into
 * the record to keep: the duplicate stays, marked merged (its LA child ID is still its key), and
 * each merge is logged with what moved and which values were kept.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table child
      add column address text check (length(address) <= 500),
      add column postcode text check (length(postcode) <= 10),
      add column merged_into_id uuid references child(id),
      add column merged_at timestamptz,
      add column merged_by uuid references app_user(id),
      add constraint child_merged_recorded check ((merged_into_id is null) = (merged_at is null)),
      add constraint child_not_merged_into_itself check (merged_into_id <> id);
    create index child_postcode on child (partnership_id, postcode)
      where postcode is not null and merged_into_id is null;
    create index child_merged_into on child (merged_into_id) where merged_into_id is not null;

    create table child_merge (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      kept_child_id uuid not null references child(id),
      merged_child_id uuid not null references child(id) unique,
      moved jsonb not null,
      chosen jsonb not null,
      reason text not null check (length(reason) between 1 and 2000),
      merged_by uuid not null references app_user(id),
      merged_at timestamptz not null default now(),
      check (kept_child_id <> merged_child_id)
    );
    create index child_merge_kept on child_merge (partnership_id, kept_child_id);
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'child_merge', ['select', 'insert'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table child_merge;
    alter table child
      drop column merged_by,
      drop column merged_at,
      drop column merged_into_id,
      drop column postcode,
      drop column address;
  `,
    )
    .execute(db)
}
