import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'gov_body',
  'gov_membership',
  'gov_meeting',
  'gov_attendance',
  'gov_financial_year',
  'gov_budget_line',
  'gov_plan',
  'gov_plan_version',
  'gov_priority',
  'gov_plan_action',
  'gov_plan_step',
  'gov_risk',
  'gov_risk_history',
  'gov_challenge',
  'gov_standing_item',
  'gov_agenda_item',
  'gov_decision',
  'gov_action',
  'gov_paper',
  'gov_inspection',
  'gov_recommendation',
  'gov_recommendation_action',
  'gov_plan_evidence',
]

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table gov_body (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('board', 'executive', 'subgroup', 'task-and-finish',
        'panel', 'forum')),
      parent_id uuid references gov_body(id),
      chair_name text check (length(chair_name) <= 200),
      terms_of_reference text check (length(terms_of_reference) <= 20000),
      terms_review_on date,
      active_from date not null,
      active_to date,
      attendance_target integer not null default 80 check (attendance_target between 0 and 100),
      created_at timestamptz not null default now(),
      unique (partnership_id, name),
      check (active_to is null or active_to >= active_from),
      check (parent_id is null or parent_id <> id)
    );

    create table gov_membership (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      body_id uuid not null references gov_body(id),
      member_name text not null check (length(member_name) between 1 and 200),
      agency_id uuid references agency(id),
      role text not null check (role in ('member', 'chair', 'vice-chair', 'lay-member', 'adviser',
        'participating-observer')),
      starts_on date not null,
      ends_on date,
      deputy_name text check (length(deputy_name) <= 200),
      user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      check (ends_on is null or ends_on >= starts_on)
    );
    create index gov_membership_body on gov_membership (body_id, lower(member_name));

    create table gov_meeting (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      body_id uuid not null references gov_body(id),
      held_on date not null,
      title text not null check (length(title) between 1 and 200),
      status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled')),
      minutes text check (length(minutes) <= 100000),
      created_at timestamptz not null default now(),
      unique (body_id, held_on, title)
    );

    create table gov_attendance (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      meeting_id uuid not null references gov_meeting(id),
      membership_id uuid not null references gov_membership(id),
      status text not null check (status in ('present', 'apologies-deputy', 'apologies', 'absent')),
      deputy_name text check (length(deputy_name) <= 200),
      unique (meeting_id, membership_id)
    );

    create table gov_financial_year (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      label text not null check (label ~ '^[0-9]{4}/[0-9]{2}$'),
      printed_income_pence bigint,
      printed_budget_pence bigint,
      printed_spend_pence bigint,
      created_at timestamptz not null default now(),
      unique (partnership_id, label)
    );

    create table gov_budget_line (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      year_id uuid not null references gov_financial_year(id),
      position integer not null,
      kind text not null check (kind in ('brought-forward', 'contribution', 'expenditure')),
      description text not null check (length(description) between 1 and 200),
      agency_id uuid references agency(id),
      contribution_type text check (contribution_type in ('cash', 'in-kind')),
      budget_pence bigint,
      actual_pence bigint,
      created_at timestamptz not null default now()
    );
    create index gov_budget_line_year on gov_budget_line (year_id, position);

    create table gov_plan (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      starts_on date not null,
      ends_on date not null,
      created_at timestamptz not null default now(),
      unique (partnership_id, title),
      check (ends_on >= starts_on)
    );

    create table gov_plan_version (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references gov_plan(id),
      number integer not null check (number > 0),
      issued_on date not null,
      label text not null check (length(label) between 1 and 200),
      changes text check (length(changes) <= 20000),
      snapshot jsonb not null,
      created_at timestamptz not null default now(),
      unique (plan_id, number)
    );

    create table gov_priority (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references gov_plan(id),
      number integer not null check (number > 0),
      title text not null check (length(title) between 1 and 500),
      unique (plan_id, number)
    );

    create table gov_plan_action (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      plan_id uuid not null references gov_plan(id),
      priority_id uuid not null references gov_priority(id),
      reference text not null check (reference ~ '^[0-9]+(\\.[0-9]+)*$'),
      specific_action text not null check (length(specific_action) between 1 and 2000),
      leads jsonb not null default '[]',
      lead_agency_id uuid references agency(id),
      success_indicators jsonb not null default '[]',
      source_tags jsonb not null default '[]',
      rag text check (rag in ('red', 'amber', 'green')),
      impact_and_evidence text check (length(impact_and_evidence) <= 20000),
      unique (plan_id, reference)
    );

    create table gov_plan_step (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      action_id uuid not null references gov_plan_action(id),
      position integer not null,
      text text not null check (length(text) between 1 and 2000),
      due_label text not null check (length(due_label) between 1 and 100),
      due_on date,
      revised_due_label text check (length(revised_due_label) <= 100),
      revised_due_on date,
      status text check (status in ('not-started', 'in-progress', 'complete', 'delayed', 'ongoing')),
      unique (action_id, position)
    );

    create table gov_plan_evidence (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      action_id uuid not null references gov_plan_action(id),
      recorded_on date not null,
      text text not null check (length(text) between 1 and 5000),
      filename text check (length(filename) <= 255),
      content_type text,
      size_bytes integer check (size_bytes between 1 and 20971520),
      content bytea,
      recorded_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      check ((content is null) = (filename is null))
    );

    create table gov_risk (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      reference text not null check (length(reference) between 1 and 20),
      title text not null check (length(title) between 1 and 200),
      description text check (length(description) <= 20000),
      owner_name text not null check (length(owner_name) between 1 and 200),
      likelihood integer not null check (likelihood between 1 and 5),
      impact integer not null check (impact between 1 and 5),
      controls text check (length(controls) <= 20000),
      rag text not null check (rag in ('red', 'amber', 'green')),
      review_on date not null,
      status text not null default 'open' check (status in ('open', 'closed')),
      created_at timestamptz not null default now(),
      unique (partnership_id, reference)
    );

    create table gov_risk_history (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      risk_id uuid not null references gov_risk(id),
      recorded_at timestamptz not null default now(),
      recorded_by uuid references app_user(id),
      likelihood integer not null,
      impact integer not null,
      rag text not null,
      controls text,
      review_on date not null,
      status text not null,
      note text check (length(note) <= 20000)
    );
    create index gov_risk_history_risk on gov_risk_history (risk_id, recorded_at);

    create table gov_challenge (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      raised_on date not null,
      raised_by text not null check (length(raised_by) between 1 and 200),
      challenged text not null check (length(challenged) between 1 and 200),
      meeting_id uuid references gov_meeting(id),
      subject text not null check (length(subject) between 1 and 2000),
      response text check (length(response) <= 20000),
      impact text check (length(impact) <= 20000),
      status text not null default 'open' check (status in ('open', 'closed')),
      closed_on date,
      created_at timestamptz not null default now(),
      check (status = 'open' or closed_on is not null)
    );

    create table gov_standing_item (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      body_id uuid not null references gov_body(id),
      position integer not null,
      title text not null check (length(title) between 1 and 200),
      report text check (report in ('risk-register', 'challenge-log', 'action-log', 'attendance',
        'business-plan')),
      unique (body_id, position)
    );

    create table gov_agenda_item (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      meeting_id uuid not null references gov_meeting(id),
      position integer not null,
      title text not null check (length(title) between 1 and 200),
      presenter text check (length(presenter) <= 200),
      report text check (report in ('risk-register', 'challenge-log', 'action-log', 'attendance',
        'business-plan')),
      unique (meeting_id, position)
    );

    create table gov_decision (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      meeting_id uuid not null references gov_meeting(id),
      text text not null check (length(text) between 1 and 5000),
      created_at timestamptz not null default now()
    );

    create table gov_action (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      body_id uuid not null references gov_body(id),
      meeting_id uuid not null references gov_meeting(id),
      text text not null check (length(text) between 1 and 5000),
      owner_name text not null check (length(owner_name) between 1 and 200),
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'in-progress', 'done')),
      created_at timestamptz not null default now()
    );
    create index gov_action_body on gov_action (body_id, status, due_on);

    create table gov_paper (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      meeting_id uuid not null references gov_meeting(id),
      title text not null check (length(title) between 1 and 200),
      version integer not null check (version > 0),
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes between 1 and 20971520),
      content bytea not null,
      uploaded_by uuid references app_user(id),
      uploaded_at timestamptz not null default now(),
      unique (meeting_id, title, version)
    );

    create table gov_inspection (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      inspectorate text not null check (inspectorate in ('ofsted', 'cqc', 'hmicfrs', 'hmip',
        'joint', 'peer-review', 'other')),
      subject text not null check (length(subject) between 1 and 200),
      agency_id uuid references agency(id),
      started_on date not null,
      ended_on date,
      published_on date,
      judgement text check (length(judgement) <= 200),
      created_at timestamptz not null default now(),
      check (ended_on is null or ended_on >= started_on)
    );

    create table gov_recommendation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      inspection_id uuid not null references gov_inspection(id),
      number integer not null check (number > 0),
      text text not null check (length(text) between 1 and 5000),
      status text not null default 'open' check (status in ('open', 'in-progress', 'complete')),
      unique (inspection_id, number)
    );

    create table gov_recommendation_action (
      partnership_id uuid not null references partnership(id),
      recommendation_id uuid not null references gov_recommendation(id),
      action_id uuid not null references gov_plan_action(id),
      primary key (recommendation_id, action_id)
    );
  `,
    )
    .execute(db)

  for (const table of TABLES) await securePartnershipTable(db, table)
  // Records that are replaced as a whole (a meeting's attendance, a plan's steps) may be deleted;
  // versions, risk history and papers are history: the app role can add to them, never change them.
  await sql
    .raw(
      `grant delete on gov_membership, gov_meeting, gov_attendance, gov_budget_line, gov_plan_step,
         gov_priority, gov_plan_action, gov_agenda_item, gov_recommendation_action to ${APP_ROLE};
       revoke update on gov_plan_version, gov_risk_history, gov_paper, gov_plan_evidence
         from ${APP_ROLE};`,
    )
    .execute(db)

  // A paper is readable only by members of its body (through their Keepsafe account) and by the
  // business unit: the database enforces it as well as the app, on top of the partnership policy.
  await sql
    .raw(
      `
    create policy gov_paper_readers on gov_paper as restrictive for select using (
      exists (
        select 1 from role_grant g
        where g.user_id = nullif(current_setting('app.user_id', true), '')::uuid
          and g.partnership_id = gov_paper.partnership_id
          and g.role in ('business-officer', 'partnership-admin')
      )
      or exists (
        select 1 from gov_membership m
        join gov_meeting mt on mt.body_id = m.body_id
        where mt.id = gov_paper.meeting_id
          and m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
          and m.starts_on <= current_date
          and (m.ends_on is null or m.ends_on >= current_date)
      )
    );
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...TABLES].reverse()) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
