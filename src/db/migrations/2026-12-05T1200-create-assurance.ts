import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

const TABLES = [
  'asr_template',
  'asr_organisation',
  'asr_cycle',
  'asr_return',
  'asr_return_event',
  'asr_evidence',
  'asr_action',
  'asr_peer_event',
  'asr_peer_challenge',
  'asr_case_audit',
  'asr_case_sample',
  'asr_case_form',
]

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table asr_template (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      key text not null check (key ~ '^[a-z0-9-]{1,60}$'),
      version integer not null check (version >= 1),
      title text not null check (length(title) between 1 and 200),
      threshold integer not null check (threshold between 0 and 100),
      target_percent integer not null check (target_percent between 0 and 100),
      definition jsonb not null,
      created_at timestamptz not null default now(),
      unique (partnership_id, key, version)
    );

    create table asr_organisation (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      kind text not null check (kind in ('agency', 'school', 'setting')),
      agency_id uuid references agency(id),
      urn text check (urn ~ '^[0-9]{6,7}$'),
      name text not null check (length(name) between 1 and 200),
      phase text check (length(phase) <= 60),
      lead_email text not null check (length(lead_email) between 3 and 320),
      created_at timestamptz not null default now(),
      unique (partnership_id, urn),
      unique (partnership_id, agency_id),
      check ((kind = 'agency') = (agency_id is not null))
    );

    create table asr_cycle (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      template_id uuid not null references asr_template(id),
      title text not null check (length(title) between 1 and 200),
      opens_on date not null,
      due_on date not null,
      target_percent integer not null check (target_percent between 0 and 100),
      created_at timestamptz not null default now(),
      unique (partnership_id, title),
      check (due_on >= opens_on)
    );

    create table asr_return (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      cycle_id uuid not null references asr_cycle(id),
      organisation_id uuid not null references asr_organisation(id),
      template_id uuid not null references asr_template(id),
      status text not null default 'invited'
        check (status in ('invited', 'in-progress', 'submitted', 'returned', 'moderated')),
      answers jsonb not null default '{}',
      moderation jsonb not null default '{}',
      token_hash text,
      token_expires_at timestamptz,
      invited_on date,
      submitted_on date,
      moderated_on date,
      reminder_sent_on date,
      overdue_sent_on date,
      created_at timestamptz not null default now(),
      unique (cycle_id, organisation_id),
      unique (token_hash)
    );
    create index asr_return_cycle on asr_return (partnership_id, cycle_id);

    create table asr_return_event (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      return_id uuid not null references asr_return(id),
      user_id uuid references app_user(id),
      action text not null check (length(action) between 1 and 60),
      comment text check (length(comment) <= 5000),
      at timestamptz not null default now()
    );
    create index asr_return_event_return on asr_return_event (return_id, at);

    create table asr_evidence (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      return_id uuid not null references asr_return(id),
      question_key text not null check (length(question_key) between 1 and 60),
      filename text not null check (length(filename) between 1 and 200),
      content_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      content bytea not null,
      uploaded_at timestamptz not null default now()
    );

    create table asr_action (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      return_id uuid references asr_return(id),
      case_audit_id uuid,
      standard_key text not null check (length(standard_key) between 1 and 60),
      gov_plan_action_id uuid not null,
      created_at timestamptz not null default now(),
      check ((return_id is null) <> (case_audit_id is null))
    );

    create table asr_peer_event (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      cycle_id uuid references asr_cycle(id),
      held_on date not null,
      title text not null check (length(title) between 1 and 200),
      agency_ids jsonb not null default '[]',
      return_ids jsonb not null default '[]',
      outcomes text check (length(outcomes) <= 10000),
      created_at timestamptz not null default now()
    );

    create table asr_peer_challenge (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      event_id uuid not null references asr_peer_event(id),
      gov_challenge_id uuid not null,
      created_at timestamptz not null default now()
    );

    create table asr_case_audit (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      title text not null check (length(title) between 1 and 200),
      theme text not null check (length(theme) between 1 and 100),
      questions jsonb not null,
      agency_ids jsonb not null,
      status text not null default 'sampling'
        check (status in ('sampling', 'auditing', 'reported')),
      findings text check (length(findings) <= 20000),
      learning text check (length(learning) <= 20000),
      created_at timestamptz not null default now(),
      unique (partnership_id, title)
    );

    create table asr_case_sample (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      audit_id uuid not null references asr_case_audit(id),
      position integer not null,
      child_id uuid references child(id),
      reference text check (length(reference) <= 60),
      unique (audit_id, position),
      check ((child_id is null) <> (reference is null))
    );

    create table asr_case_form (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      audit_id uuid not null references asr_case_audit(id),
      sample_id uuid not null references asr_case_sample(id),
      agency_id uuid not null references agency(id),
      answers jsonb not null default '{}',
      grade text check (grade in ('outstanding', 'good', 'requires-improvement', 'inadequate')),
      moderated_grade text
        check (moderated_grade in ('outstanding', 'good', 'requires-improvement', 'inadequate')),
      moderation_comment text check (length(moderation_comment) <= 5000),
      submitted_by uuid references app_user(id),
      submitted_at timestamptz,
      unique (sample_id, agency_id)
    );
  `,
    )
    .execute(db)

  for (const table of TABLES) await securePartnershipTable(db, table)
  // A return's history, its evidence and a template's versions are kept as they were written.
  await sql
    .raw(
      `revoke update on asr_return_event, asr_evidence, asr_template from ${APP_ROLE};
       grant delete on asr_case_sample to ${APP_ROLE};`,
    )
    .execute(db)
}
