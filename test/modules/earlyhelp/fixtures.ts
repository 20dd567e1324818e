import { decideReferral } from '../../../src/modules/frontdoor/decisions.js'
import type { DecisionInput } from '../../../src/modules/frontdoor/schema.js'
import type { Actor } from '../../../src/platform/http/types.js'
import { createMailer } from '../../../src/platform/mail.js'
import { insertChildRecord, insertReferralAbout } from '../../helpers/child-records.js'
import type { TestApp } from '../../helpers/test-app.js'

/** A child's record with every census identifier. */
export const insertChild = insertChildRecord

/** A referral received at `receivedAt` about one child, linked to `childId` when given. */
export function insertReferral(
  t: TestApp,
  receivedAt: Date,
  childId: string | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return insertReferralAbout(t, receivedAt, [childId], {
    concern: 'Not getting to school; home conditions poor',
    child_says: 'Wants help at home',
    reporter_email: null,
    ...extra,
  })
}

export function frontDoorManager(t: TestApp): Actor {
  return {
    userId: t.userId('front-door-manager'),
    email: 'manager@northbridge.example',
    displayName: 'Manager',
    partnershipId: t.northbridge.id,
    partnershipName: 'Northbridge',
    roles: ['front-door-manager'],
    agencyIds: [],
    via: 'session',
  }
}

export function decide(t: TestApp, referralId: string, input: DecisionInput, now: Date) {
  return decideReferral(t.database.db, createMailer({ from: 'frontdoor@northbridge.example' }), {
    actor: frontDoorManager(t),
    referralId,
    input,
    requestId: 'test',
    now,
  })
}

export const EARLY_HELP: DecisionInput = {
  decision: 'early-help',
  decisionReasons: 'Needs met by a family support worker',
  referralSource: '2A',
  primaryNeed: 'N1',
}
