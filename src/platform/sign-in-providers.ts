import { sql } from 'kysely'
import { inPartnership, type Db, type Trx } from '../db/database.js'
import { actorScope } from './actor-scope.js'
import { audit as auditChange } from './admin.js'
import { changedFields } from './audit.js'
import type { Actor } from './http/types.js'
import { refusable, refuse } from './refusal.js'
import { forgetProvider } from './sso.js'

/**
 * The sign-in providers page's commands. A provider's email domains are written only through the
 * database function keepsafe_set_sign_in_domains (sign_in_domain has no row-level security), which
 * refuses a domain another provider has. Audit events name the secret's variable, never a secret.
 */

export interface SignInProviderInput {
  organisationName: string
  agencyId: string | null
  issuer: string
  clientId: string
  clientSecretEnv: string
  emailDomains: string[]
  isEnabled: boolean
}

export type ProviderOutcome = { kind: 'saved'; id: string } | { kind: 'not-found' }

const PROVIDER_COLUMNS = [
  'id',
  'organisationName',
  'agencyId',
  'issuer',
  'clientId',
  'clientSecretEnv',
  'emailDomains',
  'isEnabled',
] as const

export function listSignInProviders(db: Db, actor: Actor) {
  return inPartnership(db, actorScope(actor), trx =>
    trx
      .selectFrom('signInProvider')
      .leftJoin('agency', 'agency.id', 'signInProvider.agencyId')
      .select(PROVIDER_COLUMNS.map(column => `signInProvider.${column}` as const))
      .select('agency.name as agencyName')
      .orderBy('signInProvider.organisationName')
      .execute(),
  )
}

export async function findSignInProvider(db: Db, actor: Actor, id: string) {
  const provider = await inPartnership(db, actorScope(actor), trx =>
    trx
      .selectFrom('signInProvider')
      .select(PROVIDER_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst(),
  )
  return provider ?? null
}

export function createSignInProvider(
  db: Db,
  options: { actor: Actor; input: SignInProviderInput; requestId: string },
) {
  const { actor, input, requestId } = options
  return refusable(() =>
    inPartnership(db, actorScope(actor), async trx => {
      await checkAgency(trx, input.agencyId)
      const { id } = await trx
        .insertInto('signInProvider')
        .values({ partnershipId: actor.partnershipId, ...input })
        .returning('id')
        .executeTakeFirstOrThrow()
      await setDomains(trx, id, input.emailDomains)
      await audit(trx, actor, requestId, {
        action: 'sign-in-provider.created',
        id,
        fields: { ...input },
      })
      return { kind: 'saved', id } as const
    }),
  )
}

export function updateSignInProvider(
  db: Db,
  options: { actor: Actor; id: string; input: SignInProviderInput; requestId: string },
) {
  const { actor, id, input, requestId } = options
  return refusable(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const before = await trx
        .selectFrom('signInProvider')
        .select(PROVIDER_COLUMNS)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!before) return { kind: 'not-found' } as const
      await checkAgency(trx, input.agencyId)
      const fields = changedFields(before, input)
      if (Object.keys(fields).length === 0) return { kind: 'saved', id } as const
      const { emailDomains, ...rest } = input
      await trx
        .updateTable('signInProvider')
        .set({ ...rest, updatedAt: new Date() })
        .where('id', '=', id)
        .execute()
      if (fields.emailDomains) await setDomains(trx, id, emailDomains)
      // A subject is unique only at its issuer: links made at the old one must not carry over.
      const unlinked = fields.issuer ? await removeLinks(trx, id) : 0
      await audit(trx, actor, requestId, {
        action: 'sign-in-provider.updated',
        id,
        fields,
        ...(unlinked ? { detail: { accountLinksRemoved: unlinked } } : {}),
      })
      return { kind: 'saved', id } as const
    }),
  ).finally(() => forgetProvider(id))
}

/** Switches a provider on or off without changing anything else. */
export function switchSignInProvider(
  db: Db,
  options: { actor: Actor; id: string; isEnabled: boolean; requestId: string },
): Promise<ProviderOutcome> {
  const { actor, id, isEnabled, requestId } = options
  return inPartnership(db, actorScope(actor), async trx => {
    const switched = await trx
      .updateTable('signInProvider')
      .set({ isEnabled, updatedAt: new Date() })
      .where('id', '=', id)
      .where('isEnabled', '=', !isEnabled)
      .executeTakeFirst()
    if (switched.numUpdatedRows === 0n) {
      const exists = await trx
        .selectFrom('signInProvider')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst()
      return exists ? ({ kind: 'saved', id } as const) : ({ kind: 'not-found' } as const)
    }
    const action = isEnabled ? 'sign-in-provider.enabled' : 'sign-in-provider.disabled'
    await audit(trx, actor, requestId, { action, id })
    return { kind: 'saved', id } as const
  }).finally(() => forgetProvider(id))
}

/** Removes a provider, its email domains and its links to accounts (the accounts stay). */
export function deleteSignInProvider(
  db: Db,
  options: { actor: Actor; id: string; requestId: string },
): Promise<ProviderOutcome> {
  const { actor, id, requestId } = options
  return inPartnership(db, actorScope(actor), async trx => {
    const removed = await trx
      .deleteFrom('signInProvider')
      .where('id', '=', id)
      .returning(['organisationName', 'issuer', 'emailDomains'])
      .executeTakeFirst()
    if (!removed) return { kind: 'not-found' } as const
    await audit(trx, actor, requestId, {
      action: 'sign-in-provider.deleted',
      id,
      detail: { ...removed },
    })
    return { kind: 'saved', id } as const
  }).finally(() => forgetProvider(id))
}

async function checkAgency(trx: Trx, agencyId: string | null) {
  if (!agencyId) return
  const agency = await trx
    .selectFrom('agency')
    .select('id')
    .where('id', '=', agencyId)
    .executeTakeFirst()
  if (!agency) refuse('agencyId', 'Select an agency from the list')
}

/** Replaces the provider's domains; a domain another provider has is refused, naming it. */
async function setDomains(trx: Trx, providerId: string, domains: string[]) {
  try {
    await sql`select keepsafe_set_sign_in_domains(${providerId}::uuid, ${domains}::text[])`.execute(
      trx,
    )
  } catch (error) {
    const { code, detail } = error as { code?: unknown; detail?: unknown }
    if (code !== 'KS409') throw error
    refuse('emailDomains', `${String(detail)} already signs in with another provider`)
  }
}

async function removeLinks(trx: Trx, providerId: string): Promise<number> {
  const removed = await trx
    .deleteFrom('signInLink')
    .where('providerId', '=', providerId)
    .executeTakeFirst()
  return Number(removed.numDeletedRows)
}

function audit(
  trx: Trx,
  actor: Actor,
  requestId: string,
  event: {
    action: string
    id: string
    fields?: Record<string, unknown>
    detail?: Record<string, unknown>
  },
) {
  const { id, ...rest } = event
  return auditChange(trx, actor, requestId, {
    ...rest,
    resourceType: 'sign-in-provider',
    resourceId: id,
  })
}
