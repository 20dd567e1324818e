import { type Kysely, sql } from 'kysely'
import { securePartnershipTable } from '../migration-helpers.js'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * Issue 16 points 11, 12 and 18.
 * - sign_in_provider: a partnership's (or one agency's) OpenID Connect provider. The client
 *   secret is never stored: the row names an environment variable that holds it.
 * - sign_in_domain: which provider an email domain signs in with. Read before anyone is known
 *   (the sign-in page), so it has no row-level security; the app role may only read it, and it
 *   holds no personal data.
 * - sign_in_link: the provider's subject linked to a Keepsafe account at its first SSO sign-in.
 * - partnership_logo: the partnership's own logo, shown in the header.
 * - outbox_message.transport may be 'notify' (GOV.UK Notify).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table sign_in_provider (
      id uuid primary key default gen_random_uuid(),
      partnership_id uuid not null references partnership(id),
      agency_id uuid references agency(id),
      organisation_name text not null check (length(organisation_name) between 1 and 100),
      issuer text not null check (issuer ~ '^https?://' and length(issuer) <= 500),
      client_id text not null check (length(client_id) between 1 and 200),
      client_secret_env text not null check (client_secret_env ~ '^KEEPSAFE_OIDC_SECRET_[A-Z0-9_]{1,60}$'),
      email_domains text[] not null check (cardinality(email_domains) between 1 and 20),
      is_enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sign_in_domain (
      domain text primary key check (domain = lower(domain) and length(domain) between 3 and 253),
      provider_id uuid not null references sign_in_provider(id) on delete cascade,
      partnership_id uuid not null references partnership(id)
    );
    grant select on sign_in_domain to ${APP_ROLE};

    create table sign_in_link (
      provider_id uuid not null references sign_in_provider(id) on delete cascade,
      subject text not null check (length(subject) between 1 and 255),
      partnership_id uuid not null references partnership(id),
      user_id uuid not null references app_user(id) on delete cascade,
      linked_at timestamptz not null default now(),
      primary key (provider_id, subject),
      unique (provider_id, user_id)
    );

    create table partnership_logo (
      partnership_id uuid primary key references partnership(id),
      media_type text not null check (media_type in ('image/png', 'image/jpeg')),
      byte_size integer not null check (byte_size between 1 and 512000),
      content bytea not null,
      sha256 text not null,
      updated_by uuid references app_user(id),
      updated_at timestamptz not null default now()
    );

    alter table outbox_message drop constraint outbox_message_transport_check;
    alter table outbox_message add constraint outbox_message_transport_check
      check (transport in ('outbox', 'smtp', 'notify'));
  `,
    )
    .execute(db)
  await securePartnershipTable(db, 'sign_in_provider', ['select', 'insert', 'update', 'delete'])
  await securePartnershipTable(db, 'sign_in_link', ['select', 'insert', 'delete'])
  await securePartnershipTable(db, 'partnership_logo', ['select', 'insert', 'update', 'delete'])
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop table partnership_logo;
    drop table sign_in_link;
    drop table sign_in_domain;
    drop table sign_in_provider;
    alter table outbox_message drop constraint outbox_message_transport_check;
    alter table outbox_message add constraint outbox_message_transport_check
      check (transport in ('outbox', 'smtp'));
  `,
    )
    .execute(db)
}
