import { generateSecret, generateURI, verifySync } from 'otplib'
import QRCode from 'qrcode'
import { bindScope, inTransaction, type Db, type Trx } from '../db/database.js'
import type { CurrentSession } from './accounts.js'
import { recordAudit } from './audit.js'
import { decryptSecret, encryptSecret, randomToken, sha256 } from './crypto.js'

/**
 * TOTP (RFC 6238) second factor with single-use recovery codes. The TOTP seed is sealed with a key
 * derived from SESSION_SECRET, so a copy of the database alone cannot mint codes.
 */

const SEAL_PURPOSE = 'totp-secret'
const RECOVERY_CODE_COUNT = 10
const ISSUER = 'Keepsafe'

export interface Enrolment {
  secret: string
  otpauthUri: string
  qrCodeSvg: string
}

function auditContext(session: CurrentSession, requestId: string) {
  return {
    partnershipId: session.partnership?.partnershipId ?? null,
    userId: session.user.id,
    resourceType: 'account',
    resourceId: session.user.id,
    requestId,
  }
}

/**
 * The set-up page's secret (a fresh one unless re-showing the page); it takes effect only once a
 * code from it is confirmed.
 */
export async function beginEnrolment(email: string, secret = generateSecret()): Promise<Enrolment> {
  const otpauthUri = generateURI({ secret, label: email, issuer: ISSUER })
  const qrCodeSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1, width: 200 })
  return { secret, otpauthUri, qrCodeSvg }
}

export function isValidTotp(secret: string, code: string): boolean {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return false
  // One step either side allows for a phone clock that is 30 seconds out.
  return verifySync({ secret, token, epochTolerance: 30 }).valid
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    randomToken(8)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')
      .slice(0, 10),
  )
}

/** Confirms a set-up: the code must come from the secret shown. Returns the recovery codes. */
export async function confirmEnrolment(
  db: Db,
  options: {
    session: CurrentSession
    secret: string
    code: string
    sessionSecret: string
    requestId: string
  },
): Promise<string[] | null> {
  const { session, secret, code, sessionSecret, requestId } = options
  if (!isValidTotp(secret, code)) return null
  const codes = newRecoveryCodes()
  await inTransaction(db, async trx => {
    await bindAuditPartnership(trx, session)
    await trx
      .updateTable('appUser')
      .set({
        totpSecret: encryptSecret(secret, sessionSecret, SEAL_PURPOSE),
        totpEnabledAt: new Date(),
      })
      .where('id', '=', session.user.id)
      .execute()
    await trx.deleteFrom('recoveryCode').where('userId', '=', session.user.id).execute()
    await trx
      .insertInto('recoveryCode')
      .values(codes.map(recovery => ({ userId: session.user.id, codeHash: sha256(recovery) })))
      .execute()
    await trx
      .updateTable('userSession')
      .set({ mfaPassed: true })
      .where('idHash', '=', session.idHash)
      .execute()
    await recordAudit(trx, { ...auditContext(session, requestId), action: 'mfa.enabled' })
  })
  return codes
}

/** Checks a TOTP code or an unused recovery code at sign-in and marks the session verified. */
export async function verifySecondFactor(
  db: Db,
  options: { session: CurrentSession; code: string; sessionSecret: string; requestId: string },
): Promise<boolean> {
  const { session, code, sessionSecret, requestId } = options
  const user = await db
    .selectFrom('appUser')
    .select(['totpSecret'])
    .where('id', '=', session.user.id)
    .executeTakeFirst()
  if (!user?.totpSecret) return false
  const secret = decryptSecret(user.totpSecret, sessionSecret, SEAL_PURPOSE)
  const trimmed = code.trim().toLowerCase()

  return inTransaction(db, async trx => {
    await bindAuditPartnership(trx, session)
    let method: 'totp' | 'recovery-code' | null = isValidTotp(secret, trimmed) ? 'totp' : null
    if (!method && /^[a-z0-9]{10}$/.test(trimmed)) {
      const used = await trx
        .updateTable('recoveryCode')
        .set({ usedAt: new Date() })
        .where('userId', '=', session.user.id)
        .where('codeHash', '=', sha256(trimmed))
        .where('usedAt', 'is', null)
        .executeTakeFirst()
      if (used.numUpdatedRows > 0n) method = 'recovery-code'
    }
    const context = auditContext(session, requestId)
    if (!method) {
      await recordAudit(trx, { ...context, action: 'mfa.failed' })
      return false
    }
    await trx
      .updateTable('userSession')
      .set({ mfaPassed: true })
      .where('idHash', '=', session.idHash)
      .execute()
    await recordAudit(trx, { ...context, action: 'mfa.verified', detail: { method } })
    return true
  })
}

/** Removes a user's second factor (an administrator's reset, or the user's own choice). */
export async function removeSecondFactor(
  db: Db,
  options: { actor: CurrentSession; userId: string; requestId: string },
): Promise<void> {
  const { actor, userId, requestId } = options
  await inTransaction(db, async trx => {
    await bindAuditPartnership(trx, actor)
    await trx
      .updateTable('appUser')
      .set({ totpSecret: null, totpEnabledAt: null })
      .where('id', '=', userId)
      .execute()
    await trx.deleteFrom('recoveryCode').where('userId', '=', userId).execute()
    await trx.deleteFrom('userSession').where('userId', '=', userId).execute()
    await recordAudit(trx, {
      ...auditContext(actor, requestId),
      resourceId: userId,
      action: 'mfa.removed',
    })
  })
}

async function bindAuditPartnership(trx: Trx, session: CurrentSession): Promise<void> {
  if (session.partnership) {
    await bindScope(trx, {
      partnershipId: session.partnership.partnershipId,
      userId: session.user.id,
    })
  }
}
