/**
 * Demo children at particular risk, recorded through the registers' own services (so the audit
 * trail and clocks are as real use leaves them): an exploitation cohort, missing episodes with a
 * repeatedly missing child and return home interviews, FGM referrals, private fostering
 * arrangements with their visits, and community intelligence from the public.
 */
import type { DemoContributor } from '../../demo/generate.js'
import type { SeededPartnership } from '../../demo/platform-data.js'
import { inPartnership } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import type { Actor } from '../../platform/http/types.js'
import { addCalendarDays } from '../../platform/working-days.js'
import type { SeededRandom } from '../../platform/random.js'
import { shareIntelligence } from './community-intelligence/service.js'
import { addToCohort, recordDisruption } from './exploitation/service.js'
import type { CohortInput, ExploitationTypeCode } from './exploitation/schema.js'
import { recordMandatoryReport, referFgm } from './fgm/service.js'
import { findEpisode } from './missing/repo.js'
import { recordEpisode, recordInterview } from './missing/service.js'
import { contributePanels } from './panels/demo.js'
import { notifyArrangement, recordAssessment, recordVisit } from './private-fostering/service.js'
import type { Ctx } from './shared.js'

const REQUEST_ID = 'demo-generate'
const GIVEN = [
  'Aaliyah',
  'Brandon',
  'Chloe',
  'Dylan',
  'Esme',
  'Farhan',
  'Grace',
  'Harvey',
  'Isla',
  'Jayden',
  'Kacper',
  'Leah',
]
const FAMILY = ['Ahmed', 'Brown', 'Clarke', 'Davies', 'Evans', 'Francis', 'Green', 'Hussain']
const SCREENING = [
  'missing',
  'olderAssociates',
  'gifts',
  'substances',
  'sexualHealth',
  'carrying',
] as const

function ctxFor(
  partnership: SeededPartnership,
  role: 'social-worker' | 'business-officer' = 'social-worker',
): Ctx | null {
  const user = partnership.users.find(candidate => candidate.role === role)
  if (!user) return null
  const actor: Actor = {
    userId: user.id,
    email: user.email,
    displayName: role === 'social-worker' ? 'Social worker' : 'Business officer',
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    roles: [role],
    agencyIds: [],
    via: 'session',
  }
  return { actor, requestId: REQUEST_ID }
}

function newChild(random: SeededRandom, today: string, age: number) {
  return {
    laChildId: null as string | null,
    givenName: GIVEN[random.int(0, GIVEN.length - 1)] ?? 'Sam',
    familyName: FAMILY[random.int(0, FAMILY.length - 1)] ?? 'Smith',
    birthDate: addCalendarDays(today, -(age * 365 + random.int(20, 300))),
  }
}

const time = (random: SeededRandom) =>
  `${String(random.int(8, 23)).padStart(2, '0')}:${random.chance(0.5) ? '00' : '30'}`

export const registersDemoContributor: DemoContributor = {
  name: 'registers',
  async contribute({ database, partnerships, random }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    const ctx = northbridge && ctxFor(northbridge)
    if (!northbridge || !ctx) return {}
    const db = database.db
    // Generating again leaves the registers as they are.
    const existing = await inPartnership(db, { partnershipId: northbridge.id }, trx =>
      trx.selectFrom('exploitationEntry').select('id').limit(1).execute(),
    )
    if (existing.length) return { cohort: 0 }
    const today = londonToday()
    const counts = { cohort: 0, missing: 0, fgm: 0, privateFostering: 0, intelligence: 0 }

    const types: ExploitationTypeCode[][] = [
      ['cse'],
      ['cce', 'county-lines'],
      ['cse', 'trafficking'],
      ['cce'],
      ['county-lines'],
      ['cse'],
    ]
    for (const [index, chosen] of types.entries()) {
      const screening = Object.fromEntries(
        SCREENING.map(key => [
          `screening-${key}`,
          random.chance(0.5) ? 'yes' : random.chance(0.5) ? 'no' : 'unknown',
        ]),
      )
      const added = await addToCohort(db, ctx, {
        ...newChild(random, today, random.int(12, 17)),
        types: chosen,
        riskLevel: ['low', 'medium', 'high'][index % 3] ?? 'medium',
        leadAgencyId:
          northbridge.agencyIds[index % Math.max(1, northbridge.agencyIds.length)] ?? null,
        leadWorker: 'Dana Lee',
        addedOn: addCalendarDays(today, -random.int(20, 200)),
        locations: index % 2 ? 'The retail park bus stop' : null,
        associatedPersons: null,
        ...(screening as Pick<CohortInput, `screening-${(typeof SCREENING)[number]}`>),
      })
      if (added.kind !== 'saved') continue
      counts.cohort += 1
      if (index === 1)
        await recordDisruption(db, ctx, added.id, {
          activityOn: today,
          kind: 'abduction-notice',
          notes: 'Notice served on an adult seen with the child',
        })
    }

    // One child missing three times in the last 90 days; others once each.
    let repeat = newChild(random, today, 15)
    for (const [index, daysAgo] of [70, 35, 6, 120, 45, 3].entries()) {
      const reportedOn = addCalendarDays(today, -daysAgo)
      const found = daysAgo > 3
      const recorded = await recordEpisode(db, ctx, {
        ...(index < 3 ? repeat : newChild(random, today, random.int(11, 17))),
        missingFrom: index % 2 ? 'home' : 'care',
        reportedOn,
        reportedTime: time(random),
        foundOn: found ? addCalendarDays(reportedOn, 1) : null,
        foundTime: found ? '09:00' : null,
        policeReference: `NB-MIS-${String(1000 + index)}`,
      })
      if (recorded.kind !== 'saved') continue
      counts.missing += 1
      if (index === 0) {
        const first = await inPartnership(db, { partnershipId: northbridge.id }, trx =>
          findEpisode(trx, recorded.id),
        )
        repeat = { ...repeat, laChildId: first?.laChildId ?? null }
      }
      if (!found || index === 4) continue
      const offeredOn = addCalendarDays(reportedOn, index === 1 ? 5 : 2)
      await recordInterview(db, ctx, recorded.id, {
        offeredOn,
        offeredTime: '10:00',
        outcome: index === 2 ? null : index === 3 ? 'declined' : 'completed',
        interviewOn: index === 2 ? null : offeredOn,
      })
    }

    for (const [index, outcome] of (['medium', 'known-case', 'no-risk'] as const).entries()) {
      const referred = await referFgm(db, ctx, {
        ...newChild(random, today, 6 + index * 3),
        referredOn: addCalendarDays(today, -10 * (index + 1)),
        screeningOutcome: outcome,
        community: ['Somalia', 'Sudan', 'Egypt'][index] ?? null,
      })
      if (referred.kind !== 'saved') continue
      counts.fgm += 1
      if (outcome === 'known-case')
        await recordMandatoryReport(db, ctx, referred.id, {
          reportedOn: addCalendarDays(today, -19),
          reportedBy: 'School nurse',
        })
    }

    for (const index of [0, 1, 2, 3]) {
      const notifiedOn = addCalendarDays(today, -(index * index * 25 + 3))
      const notified = await notifyArrangement(db, ctx, {
        ...newChild(random, today, 10 + index),
        notifiedOn,
        arrangementStart: addCalendarDays(notifiedOn, -3),
        childDisabled: false,
        twentyEightDays: true,
        carerName: 'Family friend',
      })
      if (notified.kind !== 'saved') continue
      counts.privateFostering += 1
      for (let day = 5; day < index * index * 25; day += index === 3 ? 80 : 40)
        await recordVisit(db, ctx, notified.id, {
          visitedOn: addCalendarDays(notifiedOn, day),
          seenAlone: random.chance(0.8),
          notes: null,
        })
      if (index > 0)
        await recordAssessment(db, ctx, notified.id, {
          completedOn: addCalendarDays(notifiedOn, 30),
          outcome: 'suitable',
        })
    }

    for (const [about, description] of [
      ['place', 'Teenagers in school uniform going into a flat above the takeaway late at night.'],
      ['vehicle', 'A grey hatchback picks up young people outside the school gates most Fridays.'],
      ['adult', 'A man in his twenties hands out phones to boys at the skate park.'],
    ] as const) {
      await shareIntelligence(
        db,
        { partnership: northbridge.slug, about, location: null, description, contact: null },
        REQUEST_ID,
      )
      counts.intelligence += 1
    }

    const governance = ctxFor(northbridge, 'business-officer')
    return governance
      ? { ...counts, ...(await contributePanels(db, governance, ctx, today)) }
      : counts
  },
}
