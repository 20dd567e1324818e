import { timingSafeEqual } from 'node:crypto'
import type { Trx } from '../../../db/database.js'
import { londonInstant } from '../../../platform/calendar.js'
import { randomToken, sha256 } from '../../../platform/crypto.js'
import { addCalendarDays } from '../../../platform/working-days.js'

/**
 * A return's access link for a lead who has no Keepsafe account (a school's designated
 * safeguarding lead, a voluntary group). The link names the partnership and the return, which are
 * not secret, and carries a random secret kept only as its SHA-256 hash. It opens that one return
 * and nothing else, until 60 days after the return is due; a new link (a reminder, a return sent
 * back) replaces the old one, which stops working.
 */
export const TOKEN_DAYS_AFTER_DUE = 60

export async function issueReturnToken(
  trx: Trx,
  row: { partnershipId: string; returnId: string; dueOn: string },
): Promise<string> {
  const secret = randomToken()
  await trx
    .updateTable('asrReturn')
    .set({
      tokenHash: sha256(secret),
      tokenExpiresAt: londonInstant(addCalendarDays(row.dueOn, TOKEN_DAYS_AFTER_DUE), 86_399),
    })
    .where('id', '=', row.returnId)
    .execute()
  return `${shortUuid(row.partnershipId)}.${shortUuid(row.returnId)}.${secret}`
}

// Ids are written in base64url (22 characters, not 36) so that the link fits a URL segment.
const shortUuid = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url')

function longUuid(short: string): string | null {
  if (!/^[\w-]{22}$/.test(short)) return null
  const hex = Buffer.from(short, 'base64url').toString('hex')
  if (hex.length !== 32) return null
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export interface TokenParts {
  partnershipId: string
  returnId: string
  secret: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
export function parseReturnToken(token: string): TokenParts | null {
  const [shortPartnership, shortReturn, secret, extra] = token.split('.')
  if (extra !== undefined || !shortPartnership || !shortReturn || !secret) return null
  const partnershipId = longUuid(shortPartnership)
  const returnId = longUuid(shortReturn)
  if (!partnershipId || !returnId || !UUID.test(partnershipId) || !UUID.test(returnId)) return null
  if (!/^[\w-]{43}$/.test(secret)) return null
  return { partnershipId, returnId, secret }
}

export function tokenMatches(
  secret: string,
  row: { tokenHash: string | null; tokenExpiresAt: Date | null },
  now = new Date(),
): boolean {
  if (!row.tokenHash || !row.tokenExpiresAt || row.tokenExpiresAt <= now) return false
  const given = Buffer.from(sha256(secret), 'hex')
  const kept = Buffer.from(row.tokenHash, 'hex')
  return given.length === kept.length && timingSafeEqual(given, kept)
}
