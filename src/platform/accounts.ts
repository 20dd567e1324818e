import { sql } from 'kysely'
import { bindScope, inPartnership, inTransaction, type Db, type Trx } from '../db/database.js'
import { recordAudit } from './audit.js'
import { randomToken, sha256 } from './crypto.js'
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js'
import { isRole, roleSeesChildIdentity, type Role } from './permissions.js'

/** Sessions end after 30 minutes without a request, and 12 hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 30 * 60_000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000
/** Touch last_seen_at at most this often, so that a page view is not always a write. */
const SESSION_TOUCH_MS = 60_000

export const MAX_FAILED_SIGN_INS = 5
export const LOCKOUT_MS = 15 * 60_000

export interface PartnershipMembership {
  partnershipId: string
  partnershipName: string
  roles: Role[]
  agencyIds: string[]
  mfaRequiredForAll: boolean
}

export interface SessionUser {
  id: string
  email: string
  displayName: string
  totpEnabled: boolean
}

export interface CurrentSession {
  idHash: string
  user: SessionUser
  mfaPassed: boolean
  partnership: PartnershipMembership | null
  memberships: PartnershipMembership[]
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

interface GrantRow {
  partnershipId: string
  partnershipName: string
  mfaRequiredForAll: boolean
  role: string
  agencyId: string | null
}

/** Grant rows (ordered by partnership name) as one membership per partnership. */
function groupMemberships(rows: GrantRow[]): PartnershipMembership[] {
  const byPartnership = new Map<string, PartnershipMembership>()
  for (const row of rows) {
    if (!isRole(row.role)) continue
    const membership = byPartnership.get(row.partnershipId) ?? {
      partnershipId: row.partnershipId,
      partnershipName: row.partnershipName,
      roles: [],
      agencyIds: [],
      mfaRequiredForAll: row.mfaRequiredForAll,
    }
    membership.roles.push(row.role)
    if (row.agencyId && !membership.agencyIds.includes(row.agencyId)) {
      membership.agencyIds.push(row.agencyId)
    }
    byPartnership.set(row.partnershipId, membership)
  }
  return [...byPartnership.values()]
}

/** Every partnership the user holds a role in, with their roles there. */
export async function listMemberships(trx: Trx, userId: string): Promise<PartnershipMembership[]> {
  // role_grant's row-level security shows a user their own grants in every partnership.
  await sql`select set_config('app.user_id', ${userId}, true)`.execute(trx)
  const rows = await trx
    .selectFrom('roleGrant')
    .innerJoin('partnership', 'partnership.id', 'roleGrant.partnershipId')
    .select([
      'roleGrant.partnershipId',
      'partnership.name as partnershipName',
      'partnership.mfaRequiredForAll',
      'roleGrant.role',
      'roleGrant.agencyId',
    ])
    .where('roleGrant.userId', '=', userId)
    .orderBy('partnership.name')
    .orderBy('roleGrant.role')
    .execute()
  return groupMemberships(rows)
}

export function mfaRequired(membership: PartnershipMembership | null): boolean {
  if (!membership) return false
  return membership.mfaRequiredForAll || membership.roles.some(roleSeesChildIdentity)
}

export type SignInOutcome =
  | { kind: 'signed-in'; sessionId: string; userId: string; nextStep: 'done' | 'mfa' | 'enrol-mfa' }
  | { kind: 'refused'; reason: 'credentials' | 'locked' | 'no-access' }

/**
 * Checks a password and, when it is right, opens a session. Failures count towards a lockout;
 * the message shown never says whether the email exists.
 */
export async function signIn(
  db: Db,
  {
    email,
    password,
    requestId,
    addressHash,
  }: { email: string; password: string; requestId: string; addressHash: string },
): Promise<SignInOutcome> {
  const user = await db
    .selectFrom('appUser')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst()

  if (!user?.passwordHash || user.disabledAt) {
    await verifyPassword(await decoyPasswordHash(), password)
    await inTransaction(db, trx =>
      recordAudit(trx, {
        partnershipId: null,
        userId: user?.id ?? null,
        action: 'sign-in.failed',
        resourceType: 'session',
        detail: { reason: user ? 'account not active' : 'unknown email' },
        requestId,
      }),
    )
    return { kind: 'refused', reason: 'credentials' }
  }

  const now = Date.now()
  const lock = await db
    .selectFrom('signInLock')
    .select(['failures', 'lockedUntil'])
    .where('userId', '=', user.id)
    .where('addressHash', '=', addressHash)
    .executeTakeFirst()
  const isLocked =
    (lock?.lockedUntil != null && new Date(lock.lockedUntil).getTime() > now) ||
    (user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now)
  const isPasswordRight = !isLocked && (await verifyPassword(user.passwordHash, password))

  return inTransaction(db, async trx => {
    const memberships = await listMemberships(trx, user.id)
    const home = memberships[0] ?? null
    const audit = (action: string, detail: Record<string, unknown>) =>
      auditInHome(trx, home, {
        userId: user.id,
        action,
        resourceType: 'session',
        detail,
        requestId,
      })

    if (isLocked) {
      await audit('sign-in.failed', { reason: 'locked' })
      return { kind: 'refused', reason: 'locked' } as const
    }
    if (!isPasswordRight) {
      const failures = (lock?.failures ?? 0) + 1
      const locks = failures >= MAX_FAILED_SIGN_INS
      const values = {
        failures: locks ? 0 : failures,
        lockedUntil: locks ? new Date(now + LOCKOUT_MS) : null,
      }
      await trx
        .insertInto('signInLock')
        .values({ userId: user.id, addressHash, ...values })
        .onConflict(conflict => conflict.columns(['userId', 'addressHash']).doUpdateSet(values))
        .execute()
      await audit('sign-in.failed', { reason: 'wrong password', locked: locks })
      return { kind: 'refused', reason: locks ? 'locked' : 'credentials' } as const
    }
    if (!home) {
      await audit('sign-in.failed', { reason: 'no role in any partnership' })
      return { kind: 'refused', reason: 'no-access' } as const
    }

    await trx
      .deleteFrom('signInLock')
      .where('userId', '=', user.id)
      .where('addressHash', '=', addressHash)
      .execute()
    const hasTotp = user.totpEnabledAt !== null
    const nextStep = hasTotp ? 'mfa' : mfaRequired(home) ? 'enrol-mfa' : 'done'
    const sessionId = await openSession(trx, user.id, home.partnershipId, nextStep === 'done')
    await audit('sign-in.succeeded', {
      secondFactor: nextStep === 'done' ? 'not required' : 'pending',
    })
    return { kind: 'signed-in', sessionId, userId: user.id, nextStep } as const
  })
}

async function auditInHome(
  trx: Trx,
  home: PartnershipMembership | null,
  event: {
    userId: string
    action: string
    resourceType: string
    detail: Record<string, unknown>
    requestId: string
  },
): Promise<void> {
  if (home) await bindScope(trx, { partnershipId: home.partnershipId, userId: event.userId })
  await recordAudit(trx, { partnershipId: home?.partnershipId ?? null, ...event })
}

/**
 * Binds the transaction to the user's first partnership, where events about their account (not
 * about any one partnership) are recorded. Returns it, or null when they have none.
 */
export async function bindHomePartnership(trx: Trx, userId: string): Promise<string | null> {
  const home = (await listMemberships(trx, userId))[0]
  if (!home) return null
  await bindScope(trx, { partnershipId: home.partnershipId, userId })
  return home.partnershipId
}

export async function openSession(
  trx: Trx,
  userId: string,
  partnershipId: string,
  mfaPassed: boolean,
): Promise<string> {
  const sessionId = randomToken()
  const now = Date.now()
  await trx
    .insertInto('userSession')
    .values({
      idHash: sha256(sessionId),
      userId,
      partnershipId,
      mfaPassed,
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
    })
    .execute()
  return sessionId
}

/** Keys arrive camelCased (CamelCasePlugin). */
interface SessionContextRow {
  idHash: string
  userId: string
  sessionPartnershipId: string | null
  mfaPassed: boolean
  lastSeenAt: Date | string
  email: string
  displayName: string
  totpEnabled: boolean
  grantPartnershipId: string | null
  partnershipName: string | null
  mfaRequiredForAll: boolean | null
  role: string | null
  agencyId: string | null
}

/**
 * The live session for a cookie value, or null when it is unknown, idle too long or expired. One
 * round trip on every request (see keepsafe_session_context), plus a write at most once a minute.
 */
export async function findSession(db: Db, sessionId: string): Promise<CurrentSession | null> {
  const idHash = sha256(sessionId)
  const now = Date.now()
  const { rows } = await sql<SessionContextRow>`
    select * from keepsafe_session_context(${idHash}, ${SESSION_IDLE_MS / 1000})`.execute(db)
  const first = rows[0]
  if (!first) {
    await db.deleteFrom('userSession').where('idHash', '=', idHash).execute()
    return null
  }
  if (new Date(first.lastSeenAt).getTime() + SESSION_TOUCH_MS <= now) {
    await db
      .updateTable('userSession')
      .set({ lastSeenAt: new Date(now) })
      .where('idHash', '=', idHash)
      .execute()
  }
  const memberships = groupMemberships(
    rows.flatMap(row =>
      row.grantPartnershipId && row.role
        ? [
            {
              partnershipId: row.grantPartnershipId,
              partnershipName: row.partnershipName ?? '',
              mfaRequiredForAll: row.mfaRequiredForAll ?? false,
              role: row.role,
              agencyId: row.agencyId,
            },
          ]
        : [],
    ),
  )
  return {
    idHash,
    user: {
      id: first.userId,
      email: first.email,
      displayName: first.displayName,
      totpEnabled: first.totpEnabled,
    },
    mfaPassed: first.mfaPassed,
    partnership: memberships.find(m => m.partnershipId === first.sessionPartnershipId) ?? null,
    memberships,
  }
}

/** The session has passed its second factor (just set up, or a code accepted at sign-in). */
export async function markMfaPassed(db: Db | Trx, idHash: string): Promise<void> {
  await db
    .updateTable('userSession')
    .set({ mfaPassed: true })
    .where('idHash', '=', idHash)
    .execute()
}

export async function switchPartnership(
  db: Db,
  session: CurrentSession,
  partnershipId: string,
  requestId: string,
): Promise<boolean> {
  const target = session.memberships.find(m => m.partnershipId === partnershipId)
  if (!target) return false
  await inPartnership(db, { partnershipId, userId: session.user.id }, async trx => {
    await trx
      .updateTable('userSession')
      .set({ partnershipId })
      .where('idHash', '=', session.idHash)
      .execute()
    await recordAudit(trx, {
      partnershipId,
      userId: session.user.id,
      action: 'session.partnership-switched',
      resourceType: 'session',
      requestId,
    })
  })
  return true
}

export async function signOut(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('userSession').where('idHash', '=', idHash).execute()
}

/** Ends every session of the user, on every device, and revokes nothing else. */
export async function signOutEverywhere(
  db: Db,
  session: CurrentSession,
  requestId: string,
): Promise<number> {
  const partnershipId = session.partnership?.partnershipId ?? null
  return inTransaction(db, async trx => {
    const deleted = await trx
      .deleteFrom('userSession')
      .where('userId', '=', session.user.id)
      .executeTakeFirst()
    await auditInHome(trx, session.partnership, {
      userId: session.user.id,
      action: 'session.signed-out-everywhere',
      resourceType: 'session',
      detail: { sessions: Number(deleted.numDeletedRows), partnershipId },
      requestId,
    })
    return Number(deleted.numDeletedRows)
  })
}

export async function setPassword(trx: Trx, userId: string, password: string): Promise<void> {
  await trx
    .updateTable('appUser')
    .set({ passwordHash: await hashPassword(password), failedSignIns: 0, lockedUntil: null })
    .where('id', '=', userId)
    .execute()
}
