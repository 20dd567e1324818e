import type { TestApp } from '../../helpers/test-app.js'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { englandAndWales } from '../../../src/platform/working-days.js'

/** Rows other modules' services would write, inserted directly as the table owner. */
export const HOUR = 3_600_000

export const today = () => londonToday(new Date())
export const workingDaysFromToday = (days: number) => englandAndWales.addWorkingDays(today(), days)

let counter = 0

export async function insertReferral(
  t: TestApp,
  values: Record<string, unknown> = {},
  partnership: SeededPartnership = t.northbridge,
): Promise<string> {
  counter += 1
  const receivedAt = new Date(Date.now() - 2 * HOUR)
  const row = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: partnership.id,
      reference: `NSCP-2026-${String(counter).padStart(6, '0')}`,
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
      referrer_user_id: t.userId('referrer', partnership),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: partnership.id,
      referral_id: row.id,
      position: 1,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
    })
    .execute()
  return row.id as string
}

export async function insertCheck(
  t: TestApp,
  referralId: string,
  agencyId: string,
  dueAt: Date,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('referral_check')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: referralId,
      agency_id: agencyId,
      requested_by: t.userId('front-door-practitioner'),
      due_at: dueAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** A child with a CIN episode: Leo Hart, born 1 May 2019. */
export async function insertChild(
  t: TestApp,
  partnership: SeededPartnership = t.northbridge,
  name: { given: string; family: string } = { given: 'Leo', family: 'Hart' },
): Promise<{ childId: string; episodeId: string }> {
  counter += 1
  const child = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: partnership.id,
      la_child_id: `LA${String(counter).padStart(6, '0')}`,
      given_name: name.given,
      family_name: name.family,
      birth_date: '2019-05-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const episode = await t.database.owner
    .insertInto('cin_episode')
    .values({ partnership_id: partnership.id, child_id: child.id, referral_date: '2026-10-01' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { childId: child.id as string, episodeId: episode.id as string }
}

export async function insertSection47(
  t: TestApp,
  episodeId: string,
  leadWorkerId: string | null,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('section47')
    .values({
      partnership_id: t.northbridge.id,
      episode_id: episodeId,
      start_date: '2026-11-02',
      lead_worker_id: leadWorkerId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

export async function insertConference(
  t: TestApp,
  values: Record<string, unknown> & { child_id: string },
  partnership: SeededPartnership = t.northbridge,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('conference')
    .values({
      partnership_id: partnership.id,
      kind: 'initial',
      target_date: workingDaysFromToday(3),
      created_by: t.userId('social-worker', partnership),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

export async function insertInvitation(
  t: TestApp,
  conferenceId: string,
  agencyId: string,
  values: Record<string, unknown> = {},
  partnership: SeededPartnership = t.northbridge,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('conference_invitation')
    .values({
      partnership_id: partnership.id,
      conference_id: conferenceId,
      agency_id: agencyId,
      invitee_name: 'Safeguarding lead',
      report_due_at: new Date(Date.now() + 2 * 24 * HOUR),
      created_by: t.userId('social-worker', partnership),
      ...values,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

export async function insertTeam(
  t: TestApp,
  name: string,
  memberIds: string[] = [],
  partnership: SeededPartnership = t.northbridge,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('team')
    .values({ partnership_id: partnership.id, name })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const userId of memberIds) {
    await t.database.owner
      .insertInto('team_member')
      .values({ partnership_id: partnership.id, team_id: row.id, user_id: userId })
      .execute()
  }
  return row.id as string
}

export function auditOf(t: TestApp, action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}
