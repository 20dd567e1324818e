import { inPartnership, type Db } from '../db/database.js'
import { listMemberships } from './accounts.js'
import { recordAudit } from './audit.js'
import { randomToken, sha256 } from './crypto.js'
import type { Actor } from './http/types.js'

/**
 * Personal API tokens: shown once, stored as a SHA-256 hash (they carry 256 bits of entropy, so a
 * slow hash adds nothing), bound to one partnership and acting with the holder's roles there.
 */

const TOKEN_PREFIX = 'ks_'

export interface IssuedToken {
  id: string
  token: string
}

export async function issueApiToken(
  db: Db,
  options: { actor: Actor; name: string; expiresOn: string | null; requestId: string },
): Promise<IssuedToken> {
  const { actor, name, expiresOn, requestId } = options
  const token = `${TOKEN_PREFIX}${randomToken()}`
  return inPartnership(
    db,
    { partnershipId: actor.partnershipId, userId: actor.userId },
    async trx => {
      const row = await trx
        .insertInto('apiToken')
        .values({
          userId: actor.userId,
          partnershipId: actor.partnershipId,
          name,
          tokenHash: sha256(token),
          tokenPrefix: token.slice(0, 10),
          expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59Z`) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'api-token.created',
        resourceType: 'api-token',
        resourceId: row.id,
        fields: { name, expiresOn },
        requestId,
      })
      return { id: row.id, token }
    },
  )
}

export async function listApiTokens(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('apiToken')
    .select(['id', 'name', 'tokenPrefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'])
    .where('userId', '=', actor.userId)
    .where('partnershipId', '=', actor.partnershipId)
    .orderBy('createdAt', 'desc')
    .execute()
  const now = Date.now()
  return rows.map(row => ({
    ...row,
    status: row.revokedAt
      ? 'revoked'
      : row.expiresAt && new Date(row.expiresAt).getTime() <= now
        ? 'expired'
        : 'active',
  }))
}

export async function revokeApiToken(
  db: Db,
  options: { actor: Actor; tokenId: string; requestId: string },
): Promise<boolean> {
  const { actor, tokenId, requestId } = options
  return inPartnership(
    db,
    { partnershipId: actor.partnershipId, userId: actor.userId },
    async trx => {
      const revoked = await trx
        .updateTable('apiToken')
        .set({ revokedAt: new Date() })
        .where('id', '=', tokenId)
        .where('userId', '=', actor.userId)
        .where('revokedAt', 'is', null)
        .executeTakeFirst()
      if (revoked.numUpdatedRows === 0n) return false
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'api-token.revoked',
        resourceType: 'api-token',
        resourceId: tokenId,
        requestId,
      })
      return true
    },
  )
}

/** The actor a bearer token stands for, or null when it is unknown, revoked or expired. */
export async function findApiTokenActor(
  db: Db,
  token: string,
  _requestId: string,
): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null
  const row = await db
    .selectFrom('apiToken')
    .innerJoin('appUser', 'appUser.id', 'apiToken.userId')
    .innerJoin('partnership', 'partnership.id', 'apiToken.partnershipId')
    .select([
      'apiToken.id',
      'apiToken.userId',
      'apiToken.partnershipId',
      'apiToken.expiresAt',
      'apiToken.revokedAt',
      'apiToken.lastUsedAt',
      'appUser.email',
      'appUser.displayName',
      'appUser.disabledAt',
      'partnership.name as partnershipName',
    ])
    .where('apiToken.tokenHash', '=', sha256(token))
    .executeTakeFirst()
  const now = Date.now()
  if (!row || row.revokedAt || row.disabledAt) return null
  if (row.expiresAt && new Date(row.expiresAt).getTime() <= now) return null

  const membership = await inPartnership(
    db,
    { partnershipId: row.partnershipId, userId: row.userId },
    async trx => {
      if (!row.lastUsedAt || new Date(row.lastUsedAt).getTime() + 60_000 < now) {
        await trx
          .updateTable('apiToken')
          .set({ lastUsedAt: new Date(now) })
          .where('id', '=', row.id)
          .execute()
      }
      const memberships = await listMemberships(trx, row.userId)
      return memberships.find(m => m.partnershipId === row.partnershipId)
    },
  )
  if (!membership) return null
  return {
    userId: row.userId,
    email: row.email,
    displayName: row.displayName,
    partnershipId: row.partnershipId,
    partnershipName: row.partnershipName,
    roles: membership.roles,
    agencyIds: membership.agencyIds,
    via: 'api-token',
  }
}
