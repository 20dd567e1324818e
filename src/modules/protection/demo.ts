/**
 * Demo children on the child protection journey, taken there through the journey's own services
 * (so the census tables, clocks and audit trail are as real use leaves them): an enquiry just
 * started, an initial conference coming up with its invitations, and a plan with a core group.
 */
import { sql } from 'kysely'
import { inPartnership, type Db } from '../../db/database.js'
import { listedChildren } from '../children/queries.js'
import type { DemoContributor } from '../../demo/generate.js'
import { demoActor } from '../../demo/platform-data.js'
import type { Actor } from '../../platform/http/types.js'
import { englandAndWales } from '../../platform/working-days.js'
import { londonToday } from '../../platform/calendar.js'
import {
  addInvitations,
  completeSection47,
  recordConferenceOutcome,
  recordCoreGroup,
  recordPlanVersion,
  recordStrategyDiscussion,
  scheduleConference,
} from './service.js'

const REQUEST_ID = 'demo-generate'

/** What the initial conference agreed for the demo child on a plan. */
function writePlan(
  db: Db,
  worker: Actor,
  options: {
    planId: string
    conferenceId: string
    day: (workingDays: number) => string
    council: string
    school: string
  },
) {
  const { planId, conferenceId, day, council, school } = options
  const action = (row: number, what: string, ownerName: string, agencyId: string, due: number) => ({
    row,
    key: null,
    what,
    ownerName,
    agencyId,
    dueOn: day(due),
    status: 'not-started' as const,
    doneOn: null,
  })
  return recordPlanVersion(db, {
    actor: worker,
    planId,
    input: {
      agreedAt: { kind: 'conference', id: conferenceId },
      outcomes: [
        'Every day the children have enough to eat, clean clothes and a warm, safe home.',
        'The children go to school every day and on time.',
      ],
      actions: [
        action(0, 'Visit the home every week, seeing the children alone', 'Sam Worker', council, 5),
        action(
          1,
          'Tell the social worker the same day if the children are absent',
          'Jo Clarke',
          school,
          10,
        ),
        action(
          2,
          'Refer the mother to the parenting course and check she attends',
          'Sam Worker',
          council,
          20,
        ),
      ],
      contingency:
        'If the home conditions do not improve by the first review, or the children are hurt, a legal planning meeting will be held.',
    },
    requestId: REQUEST_ID,
  })
}

export const protectionDemoContributor: DemoContributor = {
  name: 'protection',
  async contribute({ database, partnerships }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const owner = database.owner
    // Generating again leaves the journey as it is.
    const existing = await sql<{ count: string }>`
      select count(*) as count from strategy_discussion where partnership_id = ${northbridge.id}`.execute(
      owner,
    )
    if (Number(existing.rows[0]?.count ?? 0) > 0) return { children: 0 }
    const today = londonToday()
    const day = (workingDays: number) => englandAndWales.addWorkingDays(today, workingDays)
    // Children with an open episode referred well before the journey starts, and no enquiry or plan.
    const episodes = await sql<{ child_id: string }>`
      select episode.child_id from cin_episode episode
      where episode.partnership_id = ${northbridge.id}
        and episode.closure_date is null and episode.referral_nfa is not true
        and episode.referral_date < ${day(-45)}
        and not exists (select 1 from section47 s where s.episode_id = episode.id)
        and not exists (select 1 from child_protection_plan p where p.episode_id = episode.id)`.execute(
      owner,
    )
    const ids = episodes.rows.map(row => row.child_id)
    const children = (
      await inPartnership(database.db, { partnershipId: northbridge.id }, trx =>
        listedChildren(trx, ids),
      )
    )
      .filter(child => child.birthDate !== null)
      .sort((a, b) => (a.laChildId < b.laChildId ? -1 : a.laChildId > b.laChildId ? 1 : 0))
      .slice(0, 3)
    const worker = demoActor(northbridge, 'social-worker')
    const chair = demoActor(northbridge, 'conference-chair')
    const [council, police, health, , school] = northbridge.agencyIds
    if (!council || !police || !health || !school) return { children: 0 }
    const participants = [
      { agencyId: police, personName: 'DS Priya Ahmed', roleTitle: 'Child abuse investigation' },
      { agencyId: council, personName: 'Tom Ellis', roleTitle: 'Team manager' },
      { agencyId: health, personName: 'Grace Obi', roleTitle: 'Named nurse' },
    ]
    const db = database.db
    let count = 0
    for (const [index, { id: childId }] of children.entries()) {
      const heldOn = day(index === 0 ? -5 : index === 1 ? -15 : -40)
      const recorded = await recordStrategyDiscussion(db, {
        actor: worker,
        childId,
        referralId: undefined,
        input: {
          heldOn,
          reason: 'Injuries the child could not explain, seen at school.',
          participants,
          outcome: 'section-47',
          outcomeNotes: null,
          leadWorkerId: worker.userId,
        },
        requestId: REQUEST_ID,
      })
      count += 1
      if (recorded.kind !== 'recorded' || !recorded.section47Id || index === 0) continue
      const completed = await completeSection47(db, {
        actor: worker,
        id: recorded.section47Id,
        input: { completedOn: day(index === 1 ? -8 : -32), outcome: 'conference' },
        requestId: REQUEST_ID,
      })
      if (completed.kind !== 'completed' || !completed.conferenceId) continue
      const conferenceId = completed.conferenceId
      await scheduleConference(db, {
        actor: chair,
        id: conferenceId,
        input: {
          date: day(index === 1 ? 3 : -28),
          seconds: 10 * 3600,
          venue: 'Northbridge Civic Centre, room 2',
          chairId: chair.userId,
        },
        requestId: REQUEST_ID,
      })
      await addInvitations(db, {
        actor: chair,
        id: conferenceId,
        input: [
          { agencyId: police, inviteeName: 'DS Priya Ahmed', inviteeEmail: null },
          { agencyId: school, inviteeName: 'Designated safeguarding lead', inviteeEmail: null },
        ],
        requestId: REQUEST_ID,
      })
      if (index === 1) continue
      const held = await recordConferenceOutcome(db, {
        actor: chair,
        id: conferenceId,
        input: {
          heldOn: day(-28),
          outcome: 'plan',
          category: 'NEG',
          endReason: null,
          outcomeNotes: null,
          attendance: {},
        },
        requestId: REQUEST_ID,
      })
      if (held.kind !== 'recorded' || !held.planId) continue
      await writePlan(db, worker, { planId: held.planId, conferenceId, day, council, school })
      const [firstAction] =
        (
          await sql<{ actions: { key: string }[] }>`
          select actions from cp_plan_version where plan_id = ${held.planId}`.execute(owner)
        ).rows[0]?.actions ?? []
      await recordCoreGroup(db, {
        actor: worker,
        planId: held.planId,
        input: {
          heldOn: day(-20),
          agencyIds: [council, police, school],
          notes: null,
          attendees: [
            { personName: 'Sam Worker', agencyId: council, attendance: 'attended' },
            { personName: 'DS Priya Ahmed', agencyId: police, attendance: 'attended' },
            { personName: 'Jo Clarke', agencyId: school, attendance: 'attended' },
            { personName: 'Grace Obi', agencyId: health, attendance: 'apologies' },
          ],
          actionUpdates: firstAction
            ? [{ key: firstAction.key, status: 'in-progress', doneOn: null }]
            : [],
        },
        requestId: REQUEST_ID,
      })
    }
    return { children: count }
  },
}
