import { inPartnership, inTransaction, type Db, type Trx } from '../db/database.js'
import { bindHomePartnership, normaliseEmail, setPassword } from './accounts.js'
import { recordAudit } from './audit.js'
import { randomToken, sha256 } from './crypto.js'
import type { Mailer } from './mail.js'
import { passwordProblem } from './passwords.js'

const INVITATION_MS = 7 * 24 * 60 * 60_000
const RESET_MS = 60 * 60_000

type Purpose = 'invitation' | 'password-reset'

async function issueActionToken(trx: Trx, userId: string, purpose: Purpose): Promise<string> {
  const token = randomToken()
  // A new link replaces any earlier unused one of the same kind.
  await trx
    .updateTable('actionToken')
    .set({ usedAt: new Date() })
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute()
  await trx
    .insertInto('actionToken')
    .values({
      tokenHash: sha256(token),
      userId,
      purpose,
      expiresAt: new Date(Date.now() + (purpose === 'invitation' ? INVITATION_MS : RESET_MS)),
    })
    .execute()
  return token
}

export interface InvitationInput {
  partnershipId: string
  partnershipName: string
  /** null when an operator invites from the command line. */
  invitedBy: string | null
  email: string
  displayName: string
  role: string
  agencyId: string | null
  publicUrl: string
  requestId: string
}

/**
 * Invites a person to the partnership with one role. A person who already has an account (in this
 * or another partnership) is given the role and told by email; a new person gets a link to set
 * their password. Returns the user's id and, for a new person, the one-time link.
 */
export async function inviteUser(
  db: Db,
  mailer: Mailer,
  input: InvitationInput,
): Promise<{ userId: string; setPasswordLink: string | null }> {
  const email = normaliseEmail(input.email)
  let send: () => Promise<void> = () => Promise.resolve()
  let setPasswordLink: string | null = null
  const userId = await inPartnership(
    db,
    { partnershipId: input.partnershipId, userId: input.invitedBy },
    async trx => {
      const existing = await trx
        .selectFrom('appUser')
        .select(['id', 'passwordHash'])
        .where('email', '=', email)
        .executeTakeFirst()
      const id =
        existing?.id ??
        (
          await trx
            .insertInto('appUser')
            .values({ email, displayName: input.displayName })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      await trx
        .insertInto('roleGrant')
        .values({
          partnershipId: input.partnershipId,
          userId: id,
          role: input.role,
          agencyId: input.agencyId,
          grantedBy: input.invitedBy,
        })
        .onConflict(conflict => conflict.columns(['partnershipId', 'userId', 'role']).doNothing())
        .execute()

      const needsPassword = !existing?.passwordHash
      if (needsPassword) {
        setPasswordLink = `${input.publicUrl}/set-password/${await issueActionToken(trx, id, 'invitation')}`
      }
      const link = setPasswordLink ?? `${input.publicUrl}/sign-in`
      send = await mailer.queue(trx, {
        partnershipId: input.partnershipId,
        to: email,
        subject: `You have been invited to ${input.partnershipName} on Keepsafe`,
        text: needsPassword
          ? `You have been invited to use Keepsafe for ${input.partnershipName}.\n\nSet your password within 7 days:\n${link}\n\nIf you did not expect this, ignore this email.`
          : `You have been given a new role in ${input.partnershipName} on Keepsafe.\n\nSign in: ${link}`,
      })
      await recordAudit(trx, {
        partnershipId: input.partnershipId,
        userId: input.invitedBy,
        action: existing ? 'role-grant.created' : 'user.invited',
        resourceType: 'user',
        resourceId: id,
        fields: {
          email,
          displayName: input.displayName,
          role: input.role,
          agencyId: input.agencyId,
        },
        requestId: input.requestId,
      })
      return id
    },
  )
  await send()
  return { userId, setPasswordLink }
}

/** Sends a reset link when the email belongs to an active account; says nothing either way. */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  {
    email,
    publicUrl,
    requestId,
    onSendError,
  }: {
    email: string
    publicUrl: string
    requestId: string
    onSendError: (error: unknown) => void
  },
): Promise<void> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'disabledAt'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst()
  // Whether or not the address has an account, the request costs one transaction and returns
  // before any email is sent, so its timing does not tell which addresses have accounts.
  if (!user || user.disabledAt) {
    await inTransaction(db, trx =>
      recordAudit(trx, {
        partnershipId: null,
        userId: null,
        action: 'password-reset.no-account',
        resourceType: 'account',
        requestId,
      }),
    )
    return
  }
  let send: () => Promise<void> = () => Promise.resolve()
  await inTransaction(db, async trx => {
    const partnershipId = await bindHomePartnership(trx, user.id)
    const token = await issueActionToken(trx, user.id, 'password-reset')
    send = await mailer.queue(trx, {
      partnershipId,
      to: normaliseEmail(email),
      subject: 'Reset your Keepsafe password',
      text: `Someone asked to reset the password of your Keepsafe account.\n\nReset it within 1 hour:\n${publicUrl}/set-password/${token}\n\nIf it was not you, ignore this email: your password has not changed.`,
    })
    await recordAudit(trx, {
      partnershipId,
      userId: user.id,
      action: 'password-reset.requested',
      resourceType: 'account',
      resourceId: user.id,
      requestId,
    })
  })
  send().catch(onSendError)
}

export async function findUsableToken(db: Db, token: string) {
  if (token.length > 100) return null
  const row = await db
    .selectFrom('actionToken')
    .innerJoin('appUser', 'appUser.id', 'actionToken.userId')
    .select([
      'actionToken.id',
      'actionToken.userId',
      'actionToken.purpose',
      'actionToken.expiresAt',
      'appUser.email',
    ])
    .where('actionToken.tokenHash', '=', sha256(token))
    .where('actionToken.usedAt', 'is', null)
    .executeTakeFirst()
  if (!row || new Date(row.expiresAt).getTime() <= Date.now()) return null
  return row
}

export type PasswordTokenOutcome =
  { kind: 'done' } | { kind: 'expired' } | { kind: 'weak-password'; message: string }

/** Sets the password from an invitation or reset link, once; every existing session ends. */
export async function completePasswordToken(
  db: Db,
  { token, password, requestId }: { token: string; password: string; requestId: string },
): Promise<PasswordTokenOutcome> {
  const usable = await findUsableToken(db, token)
  if (!usable) return { kind: 'expired' }
  const problem = passwordProblem(password, usable.email)
  if (problem) return { kind: 'weak-password', message: problem }
  return inTransaction(db, async trx => {
    const claimed = await trx
      .updateTable('actionToken')
      .set({ usedAt: new Date() })
      .where('id', '=', usable.id)
      .where('usedAt', 'is', null)
      .executeTakeFirst()
    if (claimed.numUpdatedRows === 0n) return { kind: 'expired' } as const
    await setPassword(trx, usable.userId, password)
    await trx.deleteFrom('userSession').where('userId', '=', usable.userId).execute()
    const partnershipId = await bindHomePartnership(trx, usable.userId)
    await recordAudit(trx, {
      partnershipId,
      userId: usable.userId,
      action: usable.purpose === 'invitation' ? 'invitation.accepted' : 'password-reset.completed',
      resourceType: 'account',
      resourceId: usable.userId,
      requestId,
    })
    return { kind: 'done' } as const
  })
}
