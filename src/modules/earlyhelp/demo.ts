/**
 * Early help in the demo partnership: episodes at several stages (open with a family plan and
 * reviews, just opened, closed with their outcomes, one stepped up to children's social care), so
 * the register, the agency lead's view and the dataset's flows have something to show. Children
 * come from the census demo: early help for children with no open child in need episode, and
 * the step-up ends on the day a child's open episode was referred, as the front door would record
 * it. Dates follow today. Seeds once: a partnership with early help episodes is left as it is.
 */
import { sql } from 'kysely'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import type { SeededPartnership } from '../../demo/platform-data.js'
import { londonToday } from '../../platform/calendar.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { cinEpisodesFor, type CinEpisodeRow } from '../children/queries.js'
import { recordStep } from '../protection/service.js'
import * as repo from './repo.js'
import type { EarlyHelpEndReason } from './table.js'

const REQUEST_ID = 'demo-generate'

/** Agencies by their place in the demo list: council, police, NHS trust, schools, voluntary. */
const COUNCIL = 0
const POLICE = 1
const HEALTH = 2
const SCHOOLS = 4
const VOLUNTARY = 7

interface DemoEpisode {
  startedDaysAgo: number
  reason: string
  lead: { name: string; agency: number }
  plan?: string
  /** Reviews, days after the start, with what each found. */
  reviews: [number, string][]
  end?: { daysAgo: number; reason: EarlyHelpEndReason; notes?: string }
}

const EPISODES: DemoEpisode[] = [
  {
    startedDaysAgo: 150,
    reason: 'School attendance below 80%; mother struggling after a bereavement',
    lead: { name: 'Priya Shah, attendance lead', agency: SCHOOLS },
    plan: 'Morning routine support from the family worker; attendance reviewed fortnightly; bereavement counselling for mother.',
    reviews: [
      [42, 'Attendance up to 86%; counselling started.'],
      [98, 'Attendance at 91%; the family want to keep the plan going for a term.'],
    ],
  },
  {
    startedDaysAgo: 60,
    reason: 'Anti-social behaviour with older young people; parents asking for help',
    lead: { name: 'PC Dan Hughes, neighbourhood team', agency: POLICE },
    plan: 'Youth club place; parenting group for both parents; school mentor.',
    reviews: [[35, 'Attends the youth club weekly; no further police contact.']],
  },
  {
    startedDaysAgo: 12,
    reason: 'Health visitor concerned about the baby’s weight and the home’s damp',
    lead: { name: 'Grace Okafor, health visitor', agency: HEALTH },
    reviews: [],
  },
  {
    startedDaysAgo: 260,
    reason: 'Housing arrears and conflict at home; child anxious at school',
    lead: { name: 'Tom Reid, family support worker', agency: COUNCIL },
    plan: 'Debt advice; housing officer contacted; family group conference.',
    reviews: [
      [40, 'Arrears plan agreed with the landlord.'],
      [100, 'Home calmer; the child reports feeling safe.'],
    ],
    end: { daysAgo: 120, reason: 'needs-met' },
  },
  {
    startedDaysAgo: 200,
    reason: 'Young carer for a parent with multiple sclerosis',
    lead: { name: 'Sam Patel, young carers project', agency: VOLUNTARY },
    plan: 'Young carers group; respite for the parent through adult social care.',
    reviews: [[45, 'Joined the group; the parent declined the respite offer.']],
    end: { daysAgo: 90, reason: 'family-declined' },
  },
]

async function pickChildren(trx: Trx, today: string) {
  const episodes = await cinEpisodesFor(trx, { from: addCalendarDays(today, -730), to: today })
  const open = (e: CinEpisodeRow) => e.closureDate === null && e.referralNfa !== true
  const openChildren = new Set(episodes.filter(open).map(e => e.childId))
  // Early help after any social care involvement had ended, a year or more ago.
  const lastClosed = new Map<string, string>()
  for (const e of episodes) {
    const closed = e.closureDate ?? e.referralDate
    if (closed > (lastClosed.get(e.childId) ?? '')) lastClosed.set(e.childId, closed)
  }
  const yearAgo = addCalendarDays(today, -365)
  const quiet = [...lastClosed]
    .filter(([childId, closed]) => !openChildren.has(childId) && closed < yearAgo)
    .map(([childId]) => childId)
    .sort()
  // The child whose open episode was referred last came from early help.
  const stepUp = episodes
    .filter(open)
    .sort(
      (a, b) => b.referralDate.localeCompare(a.referralDate) || a.childId.localeCompare(b.childId),
    )[0]
  return { quiet, stepUp }
}

async function seedEpisode(
  trx: Trx,
  context: { partnership: SeededPartnership; userId: string; today: string },
  childId: string,
  demo: DemoEpisode,
) {
  const { partnership, userId, today } = context
  const startDate = addCalendarDays(today, -demo.startedDaysAgo)
  const { id } = await repo.insertEpisode(trx, {
    partnershipId: partnership.id,
    childId,
    referralId: null,
    startDate,
    reason: demo.reason,
    leadProfessional: demo.lead.name,
    leadAgencyId: partnership.agencyIds[demo.lead.agency] ?? null,
    familyPlan: demo.plan ?? null,
    familyPlanAgreedOn: demo.plan ? addCalendarDays(startDate, 14) : null,
    endDate: demo.end ? addCalendarDays(today, -demo.end.daysAgo) : null,
    endReason: demo.end?.reason ?? null,
    endNotes: demo.end?.notes ?? null,
    createdBy: userId,
  })
  for (const [index, [afterDays, notes]] of demo.reviews.entries()) {
    const next = demo.reviews[index + 1]?.[0] ?? (demo.end ? null : afterDays + 56)
    await repo.insertReview(trx, {
      partnershipId: partnership.id,
      episodeId: id,
      heldOn: addCalendarDays(startDate, afterDays),
      notes,
      nextReviewOn: next === null ? null : addCalendarDays(startDate, next),
      recordedBy: userId,
    })
  }
}

/** The episodes seeded, or 0 when the partnership already has early help. */
export async function seedDemoEarlyHelp(db: Db, partnership: SeededPartnership): Promise<number> {
  const worker = partnership.users.find(user => user.role === 'front-door-practitioner')
  if (!worker) return 0
  const scope = { partnershipId: partnership.id, userId: worker.id }
  return inPartnership(db, scope, async trx => {
    const already = await sql<{ n: number }>`
      select count(*)::int as n from early_help_episode where partnership_id = ${partnership.id}`.execute(
      trx,
    )
    if ((already.rows[0]?.n ?? 0) > 0) return 0
    const today = londonToday()
    const { quiet, stepUp } = await pickChildren(trx, today)
    const context = { partnership, userId: worker.id, today }
    let seeded = 0
    for (const [index, demo] of EPISODES.entries()) {
      const childId = quiet[index]
      if (!childId) break
      await seedEpisode(trx, context, childId, demo)
      seeded += 1
    }
    if (stepUp) {
      const daysAgo = (iso: string) =>
        Math.round((Date.parse(today) - Date.parse(iso)) / 86_400_000)
      await seedEpisode(trx, context, stepUp.childId, {
        startedDaysAgo: daysAgo(stepUp.referralDate) + 90,
        reason: 'Persistent neglect concerns: poor hygiene, missed health appointments',
        lead: { name: 'Tom Reid, family support worker', agency: COUNCIL },
        plan: 'Daily routines with the family worker; health appointments booked together.',
        reviews: [[45, 'Little change; the family stopped engaging with the worker.']],
        end: {
          daysAgo: daysAgo(stepUp.referralDate),
          reason: 'stepped-up',
          notes: 'Referred to children’s social care for an assessment.',
        },
      })
      await recordStep(trx, scope, REQUEST_ID, {
        childId: stepUp.childId,
        episodeId: stepUp.episodeId,
        kind: 'early-help-to-social-care',
        steppedOn: stepUp.referralDate,
      })
      seeded += 1
    }
    return seeded
  })
}

export const earlyhelpDemoContributor: DemoContributor = {
  name: 'earlyhelp',
  async contribute({ database, partnerships }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    return { episodes: await seedDemoEarlyHelp(database.db, northbridge) }
  },
}
