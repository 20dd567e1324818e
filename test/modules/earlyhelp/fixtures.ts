import { decideReferral } from '../../../src/modules/frontdoor/decisions.js'
import type { DecisionInput } from '../../../src/modules/frontdoor/schema.js'
import type { Actor } from '../../../src/platform/http/types.js'
import { createMailer } from '../../../src/platform/mail.js'
import type { TestApp } from '../../helpers/test-app.js'

const HOUR = 3_600_000
let sequence = 0

/** A child's record with every census identifier. */
export async function insertChild(t: TestApp, laChildId: string): Promise<string> {
  const row = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: t.northbridge.id,
      la_child_id: laChildId,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['NONE'],
      upn_unknown: 'UN1',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** A referral received at `receivedAt` about one child, linked to `childId` when given. */
export async function insertReferral(
  t: TestApp,
  receivedAt: Date,
  childId: string | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  sequence += 1
  const referral = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference: `NSCP-2026-${String(900_000 + sequence)}`,
      draft_id: crypto.randomUUID(),
      source: 'professional',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * HOUR),
      household: 'Mother',
      parents_carers: 'Sara Khan',
      concern: 'Not getting to school; home conditions poor',
      child_says: 'Wants help at home',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: false,
      reporter_name: 'Demo Referrer',
      referrer_user_id: t.userId('referrer'),
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: referral.id,
      position: 1,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      child_id: childId,
    })
    .execute()
  return referral.id as string
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
