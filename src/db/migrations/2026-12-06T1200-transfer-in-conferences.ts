import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app.

/**
 * Issue 10, point 9: a child arriving on a child protection plan from another authority. The plan
 * there is recorded as a previous plan (with its category), and a transfer-in conference, due
 * within 15 working days of the day we were told, decides whether the plan continues here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table previous_protection_plan
      add column category text check (category in ('NEG', 'PHY', 'EMO', 'SAB', 'MUL'));

    alter table conference drop constraint conference_kind_check;
    alter table conference add constraint conference_kind_check
      check (kind in ('initial', 'review', 'transfer-in'));
    alter table conference
      add column notified_on date,
      add column previous_plan_id uuid references previous_protection_plan(id),
      add constraint conference_transfer_in_check
        check ((kind = 'transfer-in') = (notified_on is not null and previous_plan_id is not null)),
      add constraint conference_transfer_in_held_check
        check (kind <> 'transfer-in' or held_on is null or held_on >= notified_on);
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    delete from conference_invitation where conference_id in
      (select id from conference where kind = 'transfer-in');
    delete from cp_plan_version where conference_id in
      (select id from conference where kind = 'transfer-in');
    delete from conference_family_member where conference_id in
      (select id from conference where kind = 'transfer-in');
    update child_protection_plan set initial_conference_id = null where initial_conference_id in
      (select id from conference where kind = 'transfer-in');
    delete from conference where kind = 'transfer-in';
    alter table conference drop constraint conference_transfer_in_held_check,
      drop constraint conference_transfer_in_check,
      drop column previous_plan_id, drop column notified_on;
    alter table conference drop constraint conference_kind_check;
    alter table conference add constraint conference_kind_check
      check (kind in ('initial', 'review'));
    alter table previous_protection_plan drop column category;
  `,
    )
    .execute(db)
}
