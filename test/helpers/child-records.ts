/** Records for tests that start after the front door: a child, and referrals about children. */
import type { TestApp } from './test-app.js'

const HOUR = 3_600_000
let sequence = 0

/** A child's record with every census identifier, so that only the episode is under test. */
export async function insertChildRecord(t: TestApp, laChildId: string): Promise<string> {
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

/**
 * A referral received at `receivedAt`, its children linked to the given records (null: not);
 * `extra` overrides its columns.
 */
export async function insertReferralAbout(
  t: TestApp,
  receivedAt: Date,
  records: (string | null)[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  sequence += 1
  const referral = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference: `NSCP-2026-${String(sequence).padStart(6, '0')}`,
      draft_id: crypto.randomUUID(),
      source: 'professional',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * HOUR),
      household: 'Mother',
      parents_carers: 'Sara Khan',
      concern: 'Bruises on both arms',
      child_says: 'Scared to go home',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: false,
      reporter_name: 'Demo Referrer',
      reporter_email: 'referrer@northbridge.example',
      referrer_user_id: t.userId('referrer'),
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const [index, childId] of records.entries()) {
    await t.database.owner
      .insertInto('referral_child')
      .values({
        partnership_id: t.northbridge.id,
        referral_id: referral.id,
        position: index + 1,
        given_name: 'Amira',
        family_name: 'Khan',
        birth_date: '2018-04-03',
        child_id: childId,
      })
      .execute()
  }
  return referral.id as string
}
