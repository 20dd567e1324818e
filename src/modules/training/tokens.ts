import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { randomToken, sha256 } from '../../platform/crypto.js'

/**
 * Links sent by email (confirm a booking, manage it, answer an evaluation): the token goes in the
 * email, only its hash is kept, and it stops working when it expires or is used.
 */
export type TokenPurpose = 'confirm' | 'manage' | 'evaluation' | 'follow-up'

export const TOKEN_HOURS: Record<TokenPurpose, number> = {
  confirm: 24,
  manage: 24 * 120,
  evaluation: 24 * 30,
  'follow-up': 24 * 30,
}

export async function issueToken(
  trx: Trx,
  partnershipId: string,
  bookingId: string,
  purpose: TokenPurpose,
): Promise<string> {
  const token = randomToken()
  await trx
    .insertInto('trnBookingToken')
    .values({
      partnershipId,
      bookingId,
      purpose,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + TOKEN_HOURS[purpose] * 3_600_000),
    })
    .execute()
  return token
}

/** The usable token's row (unused, not expired), locked for the rest of the transaction. */
export async function findUsableToken(trx: Trx, token: string, purposes: TokenPurpose[]) {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined
  return trx
    .selectFrom('trnBookingToken')
    .selectAll()
    .where('tokenHash', '=', sha256(token))
    .where('purpose', 'in', purposes)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst()
}

export async function useToken(trx: Trx, id: string) {
  await trx
    .updateTable('trnBookingToken')
    .set({ usedAt: new Date() })
    .where('id', '=', id)
    .execute()
}
