import { type Kysely, sql } from 'kysely'
import { forcePartnershipRowSecurity } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

export async function up(db: Kysely<any>): Promise<void> {
  // Roles are cluster-wide in PostgreSQL: another database on the same server may have made it.
  await sql
    .raw(
      `do $$ begin
         if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
           create role ${APP_ROLE} nologin;
         end if;
       exception when duplicate_object then null;
       end $$;`,
    )
    .execute(db)

  await sql
    .raw(
      `
    create table partnership (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9-]{2,60}$'),
      name text not null check (length(name) between 1 and 200),
      mfa_required_for_all boolean not null default false,
      out_of_hours_phone text,
      created_at timestamptz not null default now()
    );

    create table agency (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      name text not null check (length(name) between 1 and 200),
      sector text not null check (sector in ('local-authority', 'police', 'health', 'education',
        'probation', 'youth-justice', 'voluntary', 'other')),
      is_active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (partnership_id, name)
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(email) and length(email) <= 254),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      failed_sign_ins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table recovery_code (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      code_hash text not null,
      used_at timestamptz
    );

    create table role_grant (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      user_id uuid not null references app_user(id),
      role text not null,
      agency_id uuid references agency(id),
      granted_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (partnership_id, user_id, role)
    );
    create index role_grant_user on role_grant (user_id);

    create table user_session (
      id_hash text primary key,
      user_id uuid not null references app_user(id) on delete cascade,
      partnership_id uuid references partnership(id),
      mfa_passed boolean not null default false,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index user_session_user on user_session (user_id);

    create table action_token (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references app_user(id) on delete cascade,
      purpose text not null check (purpose in ('invitation', 'password-reset')),
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      partnership_id uuid not null references partnership(id),
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      token_prefix text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      expires_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_user on api_token (user_id);

    create table bank_holiday (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      holiday_on date not null,
      name text not null check (length(name) between 1 and 100),
      created_by uuid references app_user(id),
      created_at timestamptz not null default now(),
      unique (partnership_id, holiday_on)
    );

    create table outbox_message (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid references partnership(id),
      to_address text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      transport text not null check (transport in ('outbox', 'smtp'))
    );

    create table audit_chain_head (
      chain_key text primary key,
      seq bigint not null,
      last_hash text not null
    );

    create table audit_event (
      id bigserial primary key,
      partnership_id uuid references partnership(id),
      chain_key text not null,
      seq bigint not null,
      occurred_at timestamptz not null,
      user_id uuid,
      action text not null,
      resource_type text not null,
      resource_id text,
      child_id text,
      fields jsonb,
      detail jsonb,
      request_id text,
      prev_hash text not null,
      hash text not null,
      unique (chain_key, seq)
    );
    create index audit_event_search on audit_event (partnership_id, occurred_at desc);
    create index audit_event_user on audit_event (partnership_id, user_id);
    create index audit_event_child on audit_event (partnership_id, child_id) where child_id is not null;
  `,
    )
    .execute(db)

  for (const table of ['agency', 'bank_holiday', 'outbox_message']) {
    await forcePartnershipRowSecurity(db, table)
  }

  // A user sees their own grants in every partnership (to switch between them) and, within the
  // transaction's partnership, everyone's.
  await sql
    .raw(
      `
    alter table role_grant enable row level security;
    alter table role_grant force row level security;
    create policy role_grant_partnership on role_grant
      using (partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid
             or user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid);

    alter table partnership enable row level security;
    alter table partnership force row level security;
    create policy partnership_read on partnership for select using (true);
    create policy partnership_update on partnership for update
      using (id = nullif(current_setting('app.partnership_id', true), '')::uuid);

    alter table audit_event enable row level security;
    alter table audit_event force row level security;
    create policy audit_event_read on audit_event for select
      using (partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid);
    create policy audit_event_append on audit_event for insert
      with check (partnership_id is null
                  or partnership_id = nullif(current_setting('app.partnership_id', true), '')::uuid);

    -- A session and its person's roles in every partnership, in one round trip. It runs as the
    -- table owner so that it can read grants across partnerships, but only for the holder of a
    -- live session's token hash: the app role cannot use it to list anyone else's grants.
    create function keepsafe_session_context(p_id_hash text, p_idle_seconds integer)
    returns table (
      id_hash text, user_id uuid, session_partnership_id uuid, mfa_passed boolean,
      last_seen_at timestamptz, expires_at timestamptz, email text, display_name text,
      totp_enabled boolean, grant_partnership_id uuid, partnership_name text,
      mfa_required_for_all boolean, role text, agency_id uuid
    )
    language sql stable security definer set search_path = public as $fn$
      select s.id_hash, u.id, s.partnership_id, s.mfa_passed, s.last_seen_at, s.expires_at,
             u.email, u.display_name, u.totp_enabled_at is not null,
             g.partnership_id, p.name, p.mfa_required_for_all, g.role, g.agency_id
      from user_session s
      join app_user u on u.id = s.user_id and u.disabled_at is null
      left join role_grant g on g.user_id = u.id
      left join partnership p on p.id = g.partnership_id
      where s.id_hash = p_id_hash
        and s.expires_at > now()
        and s.last_seen_at > now() - make_interval(secs => p_idle_seconds)
      order by p.name, g.role
    $fn$;
    revoke all on function keepsafe_session_context(text, integer) from public;
    grant execute on function keepsafe_session_context(text, integer) to ${APP_ROLE};

    -- How many partnerships a person works in: an administrator of one partnership must not
    -- disable an account, or reset its second factor, that other partnerships rely on. Only the
    -- count leaves the function, never which partnerships.
    create function keepsafe_partnership_count(p_user_id uuid) returns integer
    language sql stable security definer set search_path = public as $fn$
      select count(distinct partnership_id)::integer from role_grant where user_id = p_user_id
    $fn$;
    revoke all on function keepsafe_partnership_count(uuid) from public;
    grant execute on function keepsafe_partnership_count(uuid) to ${APP_ROLE};

    grant usage on schema public to ${APP_ROLE};
    grant select on partnership to ${APP_ROLE};
    grant update (name, mfa_required_for_all, out_of_hours_phone) on partnership to ${APP_ROLE};
    grant select, insert, update on agency, app_user, api_token, bank_holiday, outbox_message,
      action_token, audit_chain_head to ${APP_ROLE};
    grant select, insert, update, delete on recovery_code, role_grant, user_session to ${APP_ROLE};
    grant delete on bank_holiday to ${APP_ROLE};
    grant select, insert on audit_event to ${APP_ROLE};
    grant usage on sequence audit_event_id_seq to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists keepsafe_session_context(text, integer)`.execute(db)
  await sql`drop function if exists keepsafe_partnership_count(uuid)`.execute(db)
  for (const table of [
    'audit_event',
    'audit_chain_head',
    'outbox_message',
    'bank_holiday',
    'api_token',
    'action_token',
    'user_session',
    'role_grant',
    'recovery_code',
    'app_user',
    'agency',
    'partnership',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
