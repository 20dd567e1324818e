import type { LightMyRequestResponse } from 'fastify'
import type { Role } from '../../../src/platform/permissions.js'
import type { TestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'

/** A child's record with every census identifier, so that only the journey is under test. */
export async function insertChild(
  t: TestApp,
  laChildId: string,
  options: {
    birthDate?: string | null
    expectedBirthDate?: string | null
    partnershipId?: string
  } = {},
): Promise<string> {
  const row = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: options.partnershipId ?? t.northbridge.id,
      la_child_id: laChildId,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: options.birthDate === undefined ? '2018-04-03' : options.birthDate,
      expected_birth_date: options.expectedBirthDate ?? null,
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['NONE'],
      upn_unknown: 'UN1',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** An open child in need episode, as the front door or a census import leaves it. */
export async function openEpisode(
  t: TestApp,
  childId: string,
  referralDate: string,
  partnershipId = t.northbridge.id,
): Promise<string> {
  const row = await t.database.owner
    .insertInto('cin_episode')
    .values({
      partnership_id: partnershipId,
      child_id: childId,
      referral_date: referralDate,
      referral_source: '6',
      primary_need_code: 'N1',
      referral_nfa: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

export async function as(t: TestApp, role: Role, partnership = t.northbridge): Promise<Visitor> {
  return new Visitor(t, await t.signInAs(role, partnership))
}

export function agency(t: TestApp, index: number, partnership = t.northbridge): string {
  const id = partnership.agencyIds[index]
  if (!id) throw new Error(`No agency ${String(index)}`)
  return id
}

/** Day, month and year boxes of a GOV.UK date input. */
export function dateFields(name: string, date: string): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  }
}

export function strategyForm(t: TestApp, heldOn: string, extra: Record<string, string> = {}) {
  return {
    ...dateFields('heldOn', heldOn),
    reason: 'Bruising seen by school; child says her stepfather hit her.',
    'participant-0-agency': agency(t, 1),
    'participant-0-name': 'DS Pat Officer',
    'participant-0-role': 'Child abuse investigation unit',
    'participant-1-agency': agency(t, 0),
    'participant-1-name': 'Sam Worker',
    'participant-1-role': 'Team manager',
    outcome: 'section-47',
    leadWorkerId: t.userId('social-worker'),
    ...extra,
  }
}

/** The id at the end of a redirect to a page: /protection/section47s/<id>. */
export function idFrom(location: string): string {
  const id = /\/([0-9a-f-]{36})(?:[?#].*)?$/.exec(location)?.[1]
  if (!id) throw new Error(`No id in ${location}`)
  return id
}

export async function countRows(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await t.database.owner
      .selectFrom(table)
      .select(eb => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.count)
  }
  return counts
}

export const JOURNEY_TABLES = [
  'strategy_discussion',
  'strategy_participant',
  'section47',
  'conference',
  'conference_invitation',
  'child_protection_plan',
  'core_group_meeting',
]

/** Journey rows and audit events of writes (a refused form re-renders, which records a view). */
export async function snapshot(t: TestApp) {
  const writes = await t.database.owner
    .selectFrom('audit_event')
    .select(eb => eb.fn.countAll().as('count'))
    .where('action', '!=', 'child.viewed')
    .executeTakeFirstOrThrow()
  const episodes = await t.database.owner.selectFrom('cin_episode').selectAll().execute()
  const section47s = await t.database.owner.selectFrom('section47').selectAll().execute()
  const plans = await t.database.owner.selectFrom('child_protection_plan').selectAll().execute()
  const conferences = await t.database.owner.selectFrom('conference').selectAll().execute()
  return {
    rows: await countRows(t, JOURNEY_TABLES),
    writes: Number(writes.count),
    episodes,
    section47s,
    plans,
    conferences,
  }
}

export function expect400(response: LightMyRequestResponse, message: string) {
  if (response.statusCode !== 400 || !response.body.includes(message)) {
    throw new Error(
      `Expected 400 with "${message}", got ${String(response.statusCode)}: ${errorText(response.body)}`,
    )
  }
}

function errorText(body: string): string {
  return (
    /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(body)?.[1]?.replace(/\s+/g, ' ') ??
    body.slice(0, 300)
  )
}

/**
 * A child taken through the journey by HTTP up to a scheduled initial conference: referral on
 * 2 September 2024, strategy discussion and enquiry on 4 September, conference on 1 October.
 */
export async function toScheduledConference(t: TestApp, laChildId = 'CPSETUP') {
  const childId = await insertChild(t, laChildId)
  await openEpisode(t, childId, '2024-09-02')
  const worker = await as(t, 'social-worker')
  const section47Id = idFrom(
    await worker.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-04'),
    ),
  )
  const conferenceId = idFrom(
    await worker.step(`/protection/section47s/${section47Id}/outcome`, {
      ...dateFields('completedOn', '2024-09-20'),
      outcome: 'conference',
    }),
  )
  await worker.step(`/protection/conferences/${conferenceId}/schedule`, {
    ...dateFields('date', '2024-10-01'),
    time: '10:00',
    venue: 'Civic Centre',
    chairId: t.userId('conference-chair'),
  })
  return { childId, section47Id, conferenceId, worker }
}

/** As above, then held on 1 October 2024 with a plan under neglect. */
export async function toPlan(t: TestApp, laChildId = 'CPSETUP') {
  const setup = await toScheduledConference(t, laChildId)
  const planId = idFrom(
    await setup.worker.step(`/protection/conferences/${setup.conferenceId}/outcome`, {
      ...dateFields('heldOn', '2024-10-01'),
      outcome: 'plan',
      category: 'NEG',
    }),
  )
  return { ...setup, planId }
}
