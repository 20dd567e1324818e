import { timingSafeEqual } from 'node:crypto'
import type { Db, Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { keyedHash, randomToken, sha256 } from '../../../platform/crypto.js'
import type { Mailer } from '../../../platform/mail.js'
import * as repo from '../repo/bulletin.js'
import { asPublic } from '../shared.js'
import type { BulletinSection } from '../table.js'

/**
 * Subscribers to the bulletin: double opt-in (a confirm link by email; nobody gets an issue until
 * they follow it), a signed unsubscribe link in every email, and sending that survives a failing
 * address: the failure is recorded against that subscriber and the rest still get the issue;
 * after SUSPEND_AFTER_FAILURES in a row the address is suspended.
 */

export const CONFIRM_HOURS = 48
export const SUSPEND_AFTER_FAILURES = 3
const UNSUBSCRIBE_PURPOSE = 'bulletin-unsubscribe'

export interface SendDeps {
  db: Db
  mailer: Mailer
  publicUrl: string
  secret: string
}

const event = (partnershipId: string, action: string, subscriberId: string) => ({
  partnershipId,
  userId: null,
  action,
  resourceType: 'eng-subscriber',
  resourceId: subscriberId,
})

/**
 * Asks for a subscription. The answer is the same whether or not the address is known, so the
 * form cannot be used to learn who subscribes.
 */
export async function subscribe(
  deps: SendDeps,
  partnership: { id: string; slug: string; name: string },
  email: string,
) {
  const send = await asPublic(deps.db, partnership.id, async trx => {
    const existing = await repo.findSubscriberByEmail(trx, email)
    if (existing?.status === 'confirmed') return null
    const token = randomToken()
    const values = {
      status: 'pending',
      confirmTokenHash: sha256(token),
      confirmExpiresAt: new Date(Date.now() + CONFIRM_HOURS * 3_600_000),
    }
    const id = existing
      ? (
          await trx
            .updateTable('engSubscriber')
            .set(values)
            .where('id', '=', existing.id)
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
      : (
          await trx
            .insertInto('engSubscriber')
            .values({ ...values, partnershipId: partnership.id, email })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id
    await recordAudit(trx, event(partnership.id, 'engagement.subscriber.requested', id))
    return deps.mailer.queue(trx, {
      partnershipId: partnership.id,
      to: email,
      subject: `Confirm your subscription to the ${partnership.name} bulletin`,
      text: `Someone (we hope you) asked for the ${partnership.name} bulletin to be sent to this address.\n\nTo confirm, follow this link within ${CONFIRM_HOURS} hours:\n${deps.publicUrl}/bulletin/${partnership.slug}/confirm/${token}\n\nIf it was not you, ignore this email: nothing will be sent.`,
    })
  })
  await send?.()
}

export function pendingByToken(db: Db, partnershipId: string, token: string) {
  return asPublic(db, partnershipId, trx => repo.findSubscriberByToken(trx, sha256(token)))
}

/** Following the confirm link: the person's consent, recorded with its time. */
export function confirmSubscription(db: Db, partnershipId: string, token: string) {
  return asPublic(db, partnershipId, async trx => {
    const subscriber = await repo.findSubscriberByToken(trx, sha256(token))
    if (!subscriber) return false
    await trx
      .updateTable('engSubscriber')
      .set({
        status: 'confirmed',
        consentedAt: new Date(),
        confirmTokenHash: null,
        confirmExpiresAt: null,
        failures: 0,
      })
      .where('id', '=', subscriber.id)
      .execute()
    await recordAudit(trx, event(partnershipId, 'engagement.subscriber.confirmed', subscriber.id))
    return true
  })
}

export const unsubscribeSignature = (secret: string, subscriberId: string) =>
  keyedHash(subscriberId, secret, UNSUBSCRIBE_PURPOSE)

export function unsubscribeLink(deps: SendDeps, slug: string, subscriberId: string) {
  return `${deps.publicUrl}/bulletin/${slug}/unsubscribe/${subscriberId}/${unsubscribeSignature(deps.secret, subscriberId)}`
}

/** Whether the link's signature is the one the server made for that subscriber. */
export function isSignedUnsubscribe(
  secret: string,
  subscriberId: string,
  signature: string,
): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, subscriberId))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

/** Unsubscribes from a signed link; the caller has checked the signature. */
export function unsubscribe(db: Db, partnershipId: string, subscriberId: string) {
  return asPublic(db, partnershipId, async trx => {
    const subscriber = await repo.findSubscriber(trx, subscriberId)
    if (!subscriber) return false
    if (subscriber.status === 'unsubscribed') return true
    await trx
      .updateTable('engSubscriber')
      .set({ status: 'unsubscribed', confirmTokenHash: null, confirmExpiresAt: null })
      .where('id', '=', subscriberId)
      .execute()
    await recordAudit(trx, event(partnershipId, 'engagement.subscriber.unsubscribed', subscriberId))
    return true
  })
}

function issueText(
  issue: { title: string; number: number; content: BulletinSection[] },
  link: string,
) {
  const sections = issue.content.map(
    s => `${s.heading}\n${'-'.repeat(s.heading.length)}\n${s.markdown}`,
  )
  return [
    `${issue.title} (issue ${issue.number})`,
    `Read it on the web: ${link}`,
    ...sections,
  ].join('\n\n')
}

async function recordFailure(
  trx: Trx,
  partnershipId: string,
  subscriberId: string,
  issueId: string,
) {
  await trx
    .updateTable('engBulletinDelivery')
    .set({ status: 'failed' })
    .where('issueId', '=', issueId)
    .where('subscriberId', '=', subscriberId)
    .execute()
  const row = await trx
    .updateTable('engSubscriber')
    .set(eb => ({ failures: eb('failures', '+', 1) }))
    .where('id', '=', subscriberId)
    .returning('failures')
    .executeTakeFirstOrThrow()
  if (row.failures >= SUSPEND_AFTER_FAILURES) {
    await trx
      .updateTable('engSubscriber')
      .set({ status: 'suspended' })
      .where('id', '=', subscriberId)
      .execute()
    await recordAudit(trx, event(partnershipId, 'engagement.subscriber.suspended', subscriberId))
  }
}

/**
 * Sends a published issue to every confirmed subscriber not yet sent it, one transaction each:
 * a failure is recorded for that address and the loop goes on. Safe to run again: those already
 * sent (or failed) this issue are skipped.
 */
export async function sendIssue(
  deps: SendDeps,
  partnership: { id: string; slug: string; name: string },
  issueId: string,
) {
  const { issue, subscribers } = await asPublic(deps.db, partnership.id, async trx => ({
    issue: await repo.findIssue(trx, issueId),
    subscribers: await repo.subscribersToSend(trx, issueId),
  }))
  if (issue?.status !== 'published') return { sent: 0, failed: 0 }
  const webLink = `${deps.publicUrl}/bulletin/${partnership.slug}/issues/${issue.number}`
  let sent = 0
  let failed = 0
  for (const subscriber of subscribers) {
    const send = await asPublic(deps.db, partnership.id, async trx => {
      await trx
        .insertInto('engBulletinDelivery')
        .values({
          partnershipId: partnership.id,
          issueId,
          subscriberId: subscriber.id,
          status: 'sent',
        })
        .execute()
      return deps.mailer.queue(trx, {
        partnershipId: partnership.id,
        to: subscriber.email,
        subject: `${partnership.name} bulletin: ${issue.title}`,
        text: `${issueText(issue, webLink)}\n\n--\nTo stop receiving the bulletin, unsubscribe here:\n${unsubscribeLink(deps, partnership.slug, subscriber.id)}`,
      })
    })
    try {
      await send()
      sent++
      await asPublic(deps.db, partnership.id, trx =>
        trx
          .updateTable('engSubscriber')
          .set({ failures: 0 })
          .where('id', '=', subscriber.id)
          .where('failures', '>', 0)
          .execute(),
      )
    } catch {
      // The address refused the message: count it against that subscriber, and go on.
      failed++
      await asPublic(deps.db, partnership.id, trx =>
        recordFailure(trx, partnership.id, subscriber.id, issueId),
      )
    }
  }
  return { sent, failed }
}

export function publishedIssues(db: Db, partnershipId: string) {
  return asPublic(db, partnershipId, trx => repo.listIssues(trx, true))
}

export function publishedIssue(db: Db, partnershipId: string, number: number) {
  return asPublic(db, partnershipId, trx => repo.findPublishedIssue(trx, number))
}
