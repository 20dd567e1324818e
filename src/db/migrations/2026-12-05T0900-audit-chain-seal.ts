import { type Kysely, sql } from 'kysely'

/**
 * The audit chain's seal: each chain's last sequence number and hash, kept by a trigger in a table
 * the app role has no privilege on. `audit_chain_head` is the app's own working copy (it updates it
 * on every append), so it cannot prove that the newest events were not deleted; the seal can,
 * because only the table owner can change it. `audit verify` compares each chain's end with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table audit_chain_seal (
      chain_key text primary key,
      seq bigint not null,
      last_hash text not null,
      sealed_at timestamptz not null default now()
    );
    revoke all on audit_chain_seal from public;

    create function audit_seal_event() returns trigger
    language plpgsql security definer set search_path = public as $$
    begin
      insert into audit_chain_seal (chain_key, seq, last_hash)
      values (new.chain_key, new.seq, new.hash)
      on conflict (chain_key) do update
        set seq = excluded.seq, last_hash = excluded.last_hash, sealed_at = now()
        where audit_chain_seal.seq < excluded.seq;
      return null;
    end $$;

    create trigger audit_event_seal after insert on audit_event
      for each row execute function audit_seal_event();

    insert into audit_chain_seal (chain_key, seq, last_hash)
      select distinct on (chain_key) chain_key, seq, hash
      from audit_event order by chain_key, seq desc;
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    drop trigger audit_event_seal on audit_event;
    drop function audit_seal_event();
    drop table audit_chain_seal;
  `,
    )
    .execute(db)
}
