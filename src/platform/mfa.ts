import { generateSecret, generateURI, verifySync } from 'otplib'
import QRCode from 'qrcode'
import { bindScope, inTransaction, type Db, type Trx } from '../db/database.js'
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS, markMfaPassed, type CurrentSession } from './accounts.js'
import { recordAudit } from './audit.js'
import { decryptSecret, encryptSecret, keyedHash, randomToken } from './crypto.js'

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

/** The 30-second time step a code belongs to, or null when it is not a current code. */
export function totpStep(secret: string, code: string): number | null {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  // One step either side allows for a phone clock that is 30 seconds out.
  const result = verifySync({ secret, token, epochTolerance: 30 })
  return result.valid ? Math.floor(Date.now() / 30_000) + result.delta : null
}

const RECOVERY_PURPOSE = 'recovery-code'

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
  const step = totpStep(secret, code)
  if (step === null) return null
  const codes = newRecoveryCodes()
  await inTransaction(db, async trx => {
    await bindAuditPartnership(trx, session)
    await trx
      .updateTable('appUser')
      .set({
        totpSecret: encryptSecret(secret, sessionSecret, SEAL_PURPOSE),
        totpEnabledAt: new Date(),
        totpLastStep: String(step),
      })
      .where('id', '=', session.user.id)
      .execute()
    await trx.deleteFrom('recoveryCode').where('userId', '=', session.user.id).execute()
    await trx
      .insertInto('recoveryCode')
      .values(
        codes.map(recovery => ({
          userId: session.user.id,
          codeHash: keyedHash(recovery, sessionSecret, RECOVERY_PURPOSE),
        })),
      )
      .execute()
    await markMfaPassed(trx, session.idHash)
    await recordAudit(trx, { ...auditContext(session, requestId), action: 'mfa.enabled' })
  })
  return codes
}

/**
 * Checks a TOTP code or an unused recovery code at sign-in and marks the session verified. A code
 * is accepted once only (replay within its 30 seconds is refused), and wrong codes count towards
 * the same lockout as wrong passwords: at the limit the account locks and the session ends.
 */
export async function verifySecondFactor(
  db: Db,
  options: { session: CurrentSession; code: string; sessionSecret: string; requestId: string },
): Promise<boolean> {
  const { session, code, sessionSecret, requestId } = options
  const trimmed = code.trim().toLowerCase()

  return inTransaction(db, async trx => {
    await bindAuditPartnership(trx, session)
    const user = await trx
      .selectFrom('appUser')
      .select(['totpSecret', 'totpLastStep', 'failedSignIns'])
      .where('id', '=', session.user.id)
      .forUpdate()
      .executeTakeFirst()
    if (!user?.totpSecret) return false
    const secret = decryptSecret(user.totpSecret, sessionSecret, SEAL_PURPOSE)
    const step = totpStep(secret, trimmed)
    const isFreshCode =
      step !== null && (user.totpLastStep === null || step > Number(user.totpLastStep))
    let method: 'totp' | 'recovery-code' | null = isFreshCode ? 'totp' : null
    if (!method && /^[a-z0-9]{10}$/.test(trimmed)) {
      const used = await trx
        .updateTable('recoveryCode')
        .set({ usedAt: new Date() })
        .where('userId', '=', session.user.id)
        .where('codeHash', '=', keyedHash(trimmed, sessionSecret, RECOVERY_PURPOSE))
        .where('usedAt', 'is', null)
        .executeTakeFirst()
      if (used.numUpdatedRows > 0n) method = 'recovery-code'
    }
    const context = auditContext(session, requestId)
    if (!method) {
      const failures = user.failedSignIns + 1
      const locks = failures >= MAX_FAILED_SIGN_INS
      await trx
        .updateTable('appUser')
        .set({
          failedSignIns: locks ? 0 : failures,
          ...(locks ? { lockedUntil: new Date(Date.now() + LOCKOUT_MS) } : {}),
        })
        .where('id', '=', session.user.id)
        .execute()
      if (locks) await trx.deleteFrom('userSession').where('userId', '=', session.user.id).execute()
      const reason = step !== null ? 'code already used' : 'wrong code'
      await recordAudit(trx, {
        ...context,
        action: 'mfa.failed',
        detail: { reason, locked: locks },
      })
      return false
    }
    await trx
      .updateTable('appUser')
      .set({
        failedSignIns: 0,
        ...(step !== null && method === 'totp' ? { totpLastStep: String(step) } : {}),
      })
      .where('id', '=', session.user.id)
      .execute()
    await markMfaPassed(trx, session.idHash)
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
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
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
