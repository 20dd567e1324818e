/**
 * A contact recorded by a MASH worker from a phone call, email or police notification: one short
 * page, stored as a referral in the queue like one sent online, with its channel, concern types
 * and level of need.
 */
import { createHash, randomBytes } from 'node:crypto'
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import { londonParts } from '../../platform/calendar.js'
import { findPublicPartnership } from '../../platform/front-page.js'
import type { Actor } from '../../platform/http/types.js'
import { calendarIn } from './decisions/clock.js'
import {
  findFrontDoorSettings,
  insertDraft,
  insertReferral,
  insertReferralChildren,
  markDraftSubmitted,
  nextReferenceNumber,
} from './repo.js'
import type { ContactInput } from './schema.js'
import { decisionDueAt, formatReference, referencePrefix } from './service.js'

const NOT_ASKED = 'Not asked: contact recorded by the front door'

export function contactFormSettings(db: Db, actor: Actor) {
  return inPartnership(db, scope(actor), trx => findFrontDoorSettings(trx, actor.partnershipId))
}

export function recordContact(
  db: Db,
  options: { actor: Actor; input: ContactInput; requestId: string; now: Date },
): Promise<{ referralId: string; reference: string }> {
  const { actor, input, requestId, now } = options
  return inPartnership(db, scope(actor), async trx => {
    const partnershipId = actor.partnershipId
    const partnership = await findPublicPartnership(trx, { id: partnershipId })
    if (!partnership) throw new Error('The partnership is not found')
    // Every referral comes from a draft (one draft, one referral): this one is spent at once.
    const draft = await insertDraft(trx, {
      partnershipId,
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      source: 'public',
      userId: actor.userId,
      answers: {},
      expiresAt: now,
    })
    const year = Number(londonParts(now).date.slice(0, 4))
    const number = await nextReferenceNumber(trx, partnershipId, year)
    const reference = formatReference(referencePrefix(partnership.name), year, number)
    const referral = await insertReferral(trx, {
      partnershipId,
      reference,
      draftId: draft.id,
      source: 'public',
      receivedAt: now,
      decisionDueAt: decisionDueAt(now, await calendarIn(trx)),
      household: '',
      parentsCarers: '',
      concern: input.concern,
      concernStartedOn: null,
      childSays: NOT_ASKED,
      childFeels: '',
      consent: 'not-sought',
      consentReason: NOT_ASKED,
      reporterAnonymous: false,
      reporterName: input.callerName,
      reporterRelationship: input.callerRelationship,
      reporterEmail: null,
      reporterPhone: input.callerPhone,
      referrerUserId: null,
      referrerAgencyId: null,
      referrerJobTitle: null,
      actionsTaken: null,
      contactChannel: input.channel,
      concernTypes: input.concernTypes,
      needLevel: input.needLevel,
    })
    await insertReferralChildren(trx, [
      {
        partnershipId,
        referralId: referral.id,
        position: 1,
        givenName: input.givenName,
        familyName: input.familyName,
        birthDate: input.birthDate,
        approximateAge: input.approximateAge,
        address: null,
        postcode: null,
        childId: null,
      },
    ])
    await markDraftSubmitted(trx, partnershipId, draft.id, referral.id)
    await recordAudit(trx, {
      partnershipId,
      userId: actor.userId,
      action: 'referral.contact-recorded',
      resourceType: 'referral',
      resourceId: referral.id,
      detail: { reference, channel: input.channel, concernTypes: input.concernTypes },
      requestId,
    })
    return { referralId: referral.id, reference }
  })
}
