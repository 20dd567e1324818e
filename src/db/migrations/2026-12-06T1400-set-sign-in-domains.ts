import { type Kysely, sql } from 'kysely'

// Frozen in time: imports nothing from the app. The app role's name is repeated here on purpose.
const APP_ROLE = 'keepsafe_app'

/**
 * The sign-in providers page (issue 16 point 11). sign_in_domain has no row-level security (the
 * sign-in page reads it before anyone is known), so the app role may still only read it. It writes
 * a provider's domains through this one function, which runs as the owner and:
 * - acts only on a provider of the partnership the transaction is bound to (`app.partnership_id`,
 *   as the row-level security policies read it);
 * - replaces that provider's domains, and its email_domains column with them;
 * - refuses (SQLSTATE KS409, the domain in DETAIL) a domain that another provider has, whichever
 *   partnership it belongs to. ON CONFLICT waits for a concurrent claim, so two cannot both win.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function keepsafe_set_sign_in_domains(p_provider_id uuid, p_domains text[])
    returns void
    language plpgsql security definer set search_path = public as $fn$
    declare
      v_partnership uuid := nullif(current_setting('app.partnership_id', true), '')::uuid;
      v_domains text[];
      v_domain text;
    begin
      perform 1 from sign_in_provider
        where id = p_provider_id and partnership_id = v_partnership
        for update;
      if v_partnership is null or not found then
        raise exception 'no such sign-in provider in this partnership' using errcode = '42501';
      end if;
      select coalesce(array_agg(d order by n), '{}') into v_domains
        from (select d, min(n) as n from unnest(p_domains) with ordinality as u(d, n)
              group by d) as distinct_domains;
      if cardinality(v_domains) not between 1 and 20 then
        raise exception 'a sign-in provider has 1 to 20 email domains' using errcode = '22023';
      end if;
      delete from sign_in_domain where provider_id = p_provider_id;
      foreach v_domain in array v_domains loop
        insert into sign_in_domain (domain, provider_id, partnership_id)
          values (v_domain, p_provider_id, v_partnership)
          on conflict (domain) do nothing;
        if not found then
          raise exception 'the email domain already signs in with another provider'
            using errcode = 'KS409', detail = v_domain;
        end if;
      end loop;
      update sign_in_provider set email_domains = v_domains, updated_at = now()
        where id = p_provider_id;
    end $fn$;
    revoke all on function keepsafe_set_sign_in_domains(uuid, text[]) from public;
    grant execute on function keepsafe_set_sign_in_domains(uuid, text[]) to ${APP_ROLE};
  `,
    )
    .execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists keepsafe_set_sign_in_domains(uuid, text[])`.execute(db)
}
