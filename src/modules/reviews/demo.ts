/**
 * Demo case reviews, made through the module's own services (clocks and audit as real use leaves
 * them): a case being screened with a request to health, one waiting for its rapid review, one
 * that did not meet the criteria, one that became a practice review with a recommendation, and a
 * domestic homicide review held elsewhere.
 */
import { sql } from 'kysely'
import type { DemoContributor } from '../../demo/generate.js'
import { demoActor, type SeededPartnership } from '../../demo/platform-data.js'
import { londonToday } from '../../platform/calendar.js'
import type { Role } from '../../platform/permissions.js'
import { englandAndWales } from '../../platform/working-days.js'
import {
  askAgency,
  recordDecision,
  recordNotification,
  recordRapidReview,
  recordScreening,
  referCase,
} from './service/cases.js'
import { addRecommendation, recordReviewElsewhere } from './service/reviews.js'
import type { Ctx } from './service/shared.js'

function ctxFor(partnership: SeededPartnership, role: Role): Ctx {
  return { actor: demoActor(partnership, role), requestId: 'demo-generate' }
}

function idOf(outcome: { kind: string; id?: string }): string {
  if (outcome.kind !== 'referred' || !outcome.id) throw new Error('Demo referral refused')
  return outcome.id
}

export const reviewsDemoContributor: DemoContributor = {
  name: 'reviews',
  async contribute({ database, partnerships }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const existing = await sql<{ count: string }>`
      select count(*) as count from cr_case where partnership_id = ${northbridge.id}`.execute(
      database.owner,
    )
    if (Number(existing.rows[0]?.count ?? 0) > 0) return { cases: 0 }
    const db = database.db
    const officer = ctxFor(northbridge, 'business-officer')
    const chair = ctxFor(northbridge, 'partnership-admin')
    const today = londonToday()
    const day = (n: number) => englandAndWales.addWorkingDays(today, n)
    const [, , health] = northbridge.agencyIds
    const refer = async (childName: string, awareOn: string, summary: string) =>
      idOf(
        await referCase(
          db,
          officer,
          {
            childName,
            dateOfBirth: null,
            harm: 'seriously-harmed',
            incidentOn: null,
            awareOn,
            agencyId: health ?? null,
            summary,
          },
          today,
        ),
      )

    const screening = await refer(
      'Demo Child A',
      day(-2),
      'Fractured arm in a baby; explanation inconsistent.',
    )
    if (health)
      await askAgency(
        db,
        officer,
        screening,
        { agencyId: health, question: 'Health visiting contacts this year', workingDays: 10 },
        today,
      )

    const rapid = await refer(
      'Demo Child B',
      day(-12),
      'Serious neglect found by police at a welfare check.',
    )
    await recordScreening(db, officer, rapid, {
      screenedOn: day(-11),
      abuseSuspected: true,
      criteriaMet: true,
      notes: null,
    })
    await recordNotification(db, officer, rapid, day(-9))

    const notMet = await refer(
      'Demo Child C',
      day(-30),
      'Accidental injury at home; no concerns about care.',
    )
    await recordScreening(db, officer, notMet, {
      screenedOn: day(-28),
      abuseSuspected: false,
      criteriaMet: false,
      notes: 'Accident',
    })
    await recordDecision(db, chair, notMet, {
      decidedOn: day(-27),
      decision: 'no-review',
      rationale: 'Does not meet the criteria.',
      alternativeAction: 'Single-agency review by health',
      reviewType: null,
      reviewTitle: null,
    })

    const reviewed = await refer(
      'Demo Child D',
      day(-80),
      'Death of a toddler on a child protection plan.',
    )
    await recordScreening(db, officer, reviewed, {
      screenedOn: day(-79),
      abuseSuspected: true,
      criteriaMet: true,
      notes: null,
    })
    await recordNotification(db, officer, reviewed, day(-77))
    await recordRapidReview(db, officer, reviewed, {
      heldOn: day(-65),
      sentOn: day(-64),
      findings: 'Learning on information sharing.',
    })
    const decided = await recordDecision(db, chair, reviewed, {
      decidedOn: day(-60),
      decision: 'local-review',
      rationale: 'The rapid review found learning for several agencies.',
      alternativeAction: null,
      reviewType: 'practice-review',
      reviewTitle: 'Child D',
    })
    if (decided.kind === 'saved' && decided.reviewId) {
      await addRecommendation(db, officer, decided.reviewId, {
        number: 1,
        text: 'Agencies share concerns about injuries to babies the same day.',
        action: 'Joint protocol between the hospital and the police',
        agencyId: health ?? null,
        dueOn: day(-5),
      })
    }
    await recordReviewElsewhere(db, officer, {
      title: 'Domestic homicide review: Adult E',
      reviewType: 'domestic-homicide',
      heldBy: 'Northbridge Community Safety Partnership',
      decidedOn: day(-120),
      publishedOn: null,
    })
    return { cases: 4, reviews: 2 }
  },
}
