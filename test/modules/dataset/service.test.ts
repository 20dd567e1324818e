import { describe, expect, it } from 'vitest'
import { periodOf } from '../../../src/modules/dataset/schema.js'
import { decisionDueAt } from '../../../src/modules/frontdoor/service.js'
import { englandAndWales } from '../../../src/platform/working-days.js'
import {
  datasetFigures,
  type DatasetFigures,
  type Figure,
} from '../../../src/modules/dataset/service.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Seeder, actorFor } from './seed.js'

const t = useTestApp()

/** October 2025: British Summer Time ends on Sunday 26 October. */
const OCTOBER = periodOf('2025-10-01', '2025-10-31')

async function figuresFor(period = OCTOBER, partnership = t.northbridge): Promise<DatasetFigures> {
  const [figures] = await datasetFigures(t.database.db, actorFor(t, partnership), [period])
  if (!figures) throw new Error('No figures')
  return figures
}

/** A section's figures as id -> [numerator, denominator]. */
async function section(
  id: string,
  period = OCTOBER,
): Promise<Record<string, [number, number | null]>> {
  const figures = await figuresFor(period)
  const found = figures.sections.find(s => s.id === id)
  if (!found) throw new Error(`No section ${id}`)
  return Object.fromEntries(found.figures.map((f: Figure) => [f.id, [f.count, f.of]]))
}

const north = () => new Seeder(t, t.northbridge)
const south = () => new Seeder(t, t.southbridge)

describe('contacts and referrals received', () => {
  it('counts referrals received in the period by London time, by source and RAG', async () => {
    const seed = north()
    await seed.referral({
      source: 'professional',
      rag_rating: 'red',
      received_at: new Date('2025-10-01T08:00:00Z'),
    })
    await seed.referral({ rag_rating: 'amber', received_at: new Date('2025-10-15T12:00:00Z') })
    // 23:30 on 31 October in London (GMT again by then): inside.
    await seed.referral({ received_at: new Date('2025-10-31T23:30:00Z') })
    // 00:30 on 1 November in London: outside.
    await seed.referral({ received_at: new Date('2025-11-01T00:30:00Z') })
    // 23:30 on 30 September in London is 22:30 UTC (summer time): outside.
    await seed.referral({ received_at: new Date('2025-09-30T22:30:00Z') })
    // 00:30 on 1 October in London is 23:30 UTC on 30 September: inside.
    await seed.referral({ rag_rating: 'green', received_at: new Date('2025-09-30T23:30:00Z') })
    await south().referral({ received_at: new Date('2025-10-15T12:00:00Z') })

    expect(await section('received')).toEqual({
      received: [4, null],
      'received-public': [3, 4],
      'received-professional': [1, 4],
      'received-red': [1, 4],
      'received-amber': [1, 4],
      'received-green': [1, 4],
      'received-not-rated': [1, 4],
    })
  })
})

describe('front door decisions within 1 working day', () => {
  it('counts a decision at exactly one working day, not one a minute later', async () => {
    const seed = north()
    // Thursday 9 October 10:00 BST to Friday 10:00 BST, and to 10:01.
    await seed.decided('2025-10-09T09:00:00Z', '2025-10-10T09:00:00Z', 'no-further-action')
    await seed.decided('2025-10-09T09:00:00Z', '2025-10-10T09:01:00Z', 'early-help')
    const figures = await section('decisions')
    expect(figures['decided-within-1-working-day']).toEqual([1, 2])
    expect(figures['decision-no-further-action']).toEqual([1, 2])
    expect(figures['decision-early-help']).toEqual([1, 2])
    expect(figures['decision-assessment']).toEqual([0, 2])
  })

  it('skips the partnership’s own bank holiday', async () => {
    const seed = north()
    await seed.holiday('2025-10-13')
    // Friday 10 October 15:00: Monday 13 is a local holiday, so due Tuesday 15:00.
    await seed.decided('2025-10-10T14:00:00Z', '2025-10-14T14:00:00Z', 'assessment')
    await seed.decided('2025-10-10T14:00:00Z', '2025-10-14T14:01:00Z', 'strategy-discussion')
    // Received on Monday 13 (a holiday): the next working day is Tuesday 14.
    await seed.decided('2025-10-13T08:00:00Z', '2025-10-14T08:00:00Z', 'already-open')
    expect(await section('decisions')).toMatchObject({
      'decided-within-1-working-day': [2, 3],
      'decision-assessment': [1, 3],
      'decision-strategy-discussion': [1, 3],
      'decision-already-open': [1, 3],
    })
  })

  it('agrees with the front door’s own due time, across weekends and the clock change', async () => {
    const seed = north()
    await seed.holiday('2025-10-13')
    const calendar = englandAndWales.withExtraHolidays(['2025-10-13'])
    let expected = 0
    // Every 7 hours 13 minutes from 1 October: decided 17 to 95 hours later, some on each side.
    for (let i = 0; i < 60; i++) {
      const receivedAt = new Date(Date.parse('2025-10-01T00:00:00Z') + i * 26_000_000)
      const decidedAt = new Date(receivedAt.getTime() + (17 + ((i * 37) % 79)) * 3_600_000)
      if (decidedAt >= new Date('2025-11-01T00:00:00Z')) continue
      if (decidedAt <= decisionDueAt(receivedAt, calendar)) expected += 1
      await seed.decided(receivedAt.toISOString(), decidedAt.toISOString(), 'early-help')
    }
    const [count, of] = (await section('decisions'))['decided-within-1-working-day'] ?? []
    expect(of).toBeGreaterThan(40)
    expect(expected).toBeGreaterThan(5)
    expect(of! - expected).toBeGreaterThan(5)
    expect(count).toBe(expected)
  })

  it('counts only final decisions made in the period, in this partnership', async () => {
    const seed = north()
    await seed.decided('2025-10-09T09:00:00Z', '2025-10-09T10:00:00Z', 'no-further-action')
    await seed.decided(
      '2025-10-09T09:00:00Z',
      '2025-10-09T10:00:00Z',
      'early-help',
      'awaiting-authorisation',
    )
    await seed.decided('2025-10-31T09:00:00Z', '2025-11-03T09:00:00Z', 'information-and-advice')
    await south().decided('2025-10-09T09:00:00Z', '2025-10-09T10:00:00Z', 'no-further-action')
    expect(await section('decisions')).toMatchObject({
      'decided-within-1-working-day': [1, 1],
      'decision-no-further-action': [1, 1],
      'decision-information-and-advice': [0, 1],
    })
  })
})

describe('re-referrals', () => {
  it('are left to the DfE figures: the front door’s own reading is no longer a section', async () => {
    const seed = north()
    const inPeriod = await seed.referral({ received_at: new Date('2025-10-20T10:00:00Z') })
    await seed.referralChild(inPeriod, '2025-03-01')
    const [figures] = await datasetFigures(t.database.db, actorFor(t, t.northbridge), [OCTOBER])
    expect(figures?.sections.map(s => s.id)).not.toContain('re-referrals')
    expect(figures?.sections.map(s => s.id)).toContain('received')
  })
})

describe('assessments within 45 working days', () => {
  it('counts from the referral date, over the August bank holiday: 45 in time, 46 not', async () => {
    const seed = north()
    // 20 August 2025 + 45 working days (25 August is a bank holiday) is 23 October.
    await seed.assessment('2025-08-20', '2025-08-21', '2025-10-23')
    await seed.assessment('2025-08-20', '2025-08-21', '2025-10-24')
    // Authorised outside the period.
    await seed.assessment('2025-08-20', '2025-08-21', '2025-11-03')
    await new Seeder(t, t.southbridge).assessment('2025-08-20', '2025-08-21', '2025-10-23')
    expect((await section('assessments'))['assessments-within-45']).toEqual([1, 2])
  })

  it('counts open assessments already past 45 working days at the period end', async () => {
    const seed = north()
    // 29 August to 31 October is 45 working days; 28 August is 46.
    await seed.assessment('2025-08-29', '2025-09-01', null)
    await seed.assessment('2025-08-28', '2025-09-01', null)
    // Authorised after the period: still open at its end, and overdue.
    await seed.assessment('2025-08-28', '2025-09-01', '2025-11-05')
    // In an episode closed during the period: not open.
    await seed.assessment('2025-08-01', '2025-08-04', null, '2025-10-20')
    // Started after the period.
    await seed.assessment('2025-08-01', '2025-11-04', null)
    expect((await section('assessments'))['assessments-open-overdue']).toEqual([2, 3])
  })
})

describe('section 47 enquiries and initial conferences', () => {
  it('counts enquiries started and initial conferences within 15 working days', async () => {
    const seed = north()
    // 1 October + 15 working days is 22 October.
    await seed.section47('2025-10-01', '2025-10-22')
    await seed.section47('2025-10-01', '2025-10-23')
    // Linked to a strategy discussion on 30 September (+15 is 21 October): the 22nd is late.
    await seed.section47('2025-10-02', '2025-10-22', { strategyHeldOn: '2025-09-30' })
    // Started before the period, conference in it and in time (25 September + 15 is 16 October).
    await seed.section47('2025-09-25', '2025-10-16')
    // Started in the period, conference after it.
    await seed.section47('2025-10-20', '2025-11-05')
    await south().section47('2025-10-01', '2025-10-22')
    expect(await section('section-47')).toEqual({
      'section-47-started': [4, null],
      'icpc-within-timescale': [2, 4],
    })
  })

  it('follows the partnership’s initial conference timescale setting', async () => {
    const seed = north()
    await t.database.owner
      .insertInto('protection_setting')
      .values({ partnership_id: t.northbridge.id, icpc_working_days: 16 })
      .execute()
    await seed.section47('2025-10-01', '2025-10-23')
    const figures = await figuresFor()
    const s47 = figures.sections.find(s => s.id === 'section-47')
    expect(s47?.figures.find(f => f.id === 'icpc-within-timescale')).toMatchObject({
      label: 'Initial conferences within 16 working days',
      count: 1,
      of: 1,
    })
  })
})

describe('child protection plans', () => {
  it('counts plans started and ended by category, repeats, long plans and open plans', async () => {
    const seed = north()
    await seed.plan({ start: '2025-10-01', category: 'NEG', previousPlans: 0 })
    await seed.plan({ start: '2025-10-10', category: 'NEG', previousPlans: 2 })
    await seed.plan({ start: '2025-10-20', category: 'PHY', previousPlans: null })
    await seed.plan({ start: '2025-10-31', category: 'MUL', previousPlans: 1 })
    // Exactly 2 years, and 729 days: DfE counts both (more than 729 days including the last day);
    // the 728-day case is in cin-figures.test.ts. This test used to expect 730 days (issue 9).
    await seed.plan({ start: '2023-10-15', end: '2025-10-15', category: 'EMO' })
    await seed.plan({ start: '2023-10-17', end: '2025-10-15', category: 'SAB' })
    await seed.plan({ start: '2025-01-01', category: 'EMO' })
    await seed.plan({ start: '2025-02-01', end: '2025-11-10', category: 'NEG' })
    await seed.plan({ start: '2025-02-01', end: '2025-09-30', category: 'NEG' })
    await seed.plan({ start: '2025-11-02', category: 'NEG' })
    await south().plan({ start: '2025-10-01', category: 'NEG' })
    expect(await section('plans')).toEqual({
      'plans-started': [4, null],
      'plans-started-NEG': [2, 4],
      'plans-started-PHY': [1, 4],
      'plans-started-EMO': [0, 4],
      'plans-started-SAB': [0, 4],
      'plans-started-MUL': [1, 4],
      'plans-started-unknown': [0, 4],
      'plans-started-again': [2, 4],
      'plans-ended': [2, null],
      'plans-ended-NEG': [0, 2],
      'plans-ended-PHY': [0, 2],
      'plans-ended-EMO': [1, 2],
      'plans-ended-SAB': [1, 2],
      'plans-ended-MUL': [0, 2],
      'plans-ended-unknown': [0, 2],
      'plans-ended-after-2-years': [2, 2],
      'plans-open': [6, null],
    })
  })
})

describe('reviews on time', () => {
  it('counts review conferences held by their target date, not one a day late', async () => {
    const seed = north()
    const plan = await seed.plan({ start: '2025-07-10', reviewDates: ['2025-10-10'] })
    await seed.conference({ kind: 'review', targetDate: '2025-10-10', heldOn: '2025-10-10', plan })
    await seed.conference({ kind: 'review', targetDate: '2025-10-10', heldOn: '2025-10-11', plan })
    await seed.conference({ kind: 'review', targetDate: '2025-11-10', heldOn: '2025-11-03', plan })
    await seed.conference({ kind: 'review', targetDate: '2025-10-20', plan })
    await seed.conference({ kind: 'initial', targetDate: '2025-10-20', heldOn: '2025-10-21' })
    expect(await section('reviews')).toEqual({
      'reviews-conference-on-time': [1, 2],
      // The plan has conferences in Keepsafe, so its census review dates are not counted again.
      'reviews-census-on-time': [0, 0],
      'reviews-on-time': [1, 2],
    })
  })

  it('counts census-only plans’ reviews: first within 3 months, later within 6 months', async () => {
    const seed = north()
    await seed.plan({ start: '2025-07-10', reviewDates: ['2025-10-10'] })
    await seed.plan({ start: '2025-07-10', reviewDates: ['2025-10-11'] })
    await seed.plan({ start: '2025-01-15', reviewDates: ['2025-04-15', '2025-10-15'] })
    await seed.plan({ start: '2025-01-15', reviewDates: ['2025-04-15', '2025-10-16'] })
    // Reviews outside the period only.
    await seed.plan({ start: '2025-01-15', reviewDates: ['2025-04-15'] })
    await south().plan({ start: '2025-07-10', reviewDates: ['2025-10-10'] })
    expect(await section('reviews')).toEqual({
      'reviews-conference-on-time': [0, 0],
      'reviews-census-on-time': [2, 4],
      'reviews-on-time': [2, 4],
    })
  })
})

describe('agencies at conferences', () => {
  it('counts invitations in time, reports on time, late and missing, and attendance', async () => {
    const seed = north()
    const police = seed.agency(1)
    const health = seed.agency(2)
    const education = seed.agency(3)
    // Wednesday 15 October: reports due 3 working days before, on Friday 10 October.
    const initial = await seed.conference({
      kind: 'initial',
      targetDate: '2025-10-15',
      heldOn: '2025-10-15',
    })
    await seed.invitation(initial, police, {
      sentAt: '2025-10-10T15:00:00Z',
      reportDueAt: '2025-10-10T16:00:00Z',
      reportReceivedAt: '2025-10-10T16:00:00Z',
      attendance: 'attended',
    })
    // Monday 13 October: 2 working days before.
    await seed.invitation(initial, health, {
      sentAt: '2025-10-13T08:00:00Z',
      reportDueAt: '2025-10-10T16:00:00Z',
      reportReceivedAt: '2025-10-10T16:01:00Z',
      attendance: 'apologies',
    })
    // 00:30 on Saturday 11 October in London, still the 10th in UTC: not in time.
    await seed.invitation(initial, health, {
      sentAt: '2025-10-10T23:30:00Z',
      reportRequested: false,
      attendance: 'attended',
    })
    await seed.invitation(initial, education, {
      sentAt: null,
      reportDueAt: '2025-10-10T16:00:00Z',
      attendance: 'absent',
    })
    const plan = await seed.plan({ start: '2025-07-20' })
    const review = await seed.conference({
      kind: 'review',
      targetDate: '2025-10-20',
      heldOn: '2025-10-20',
      plan,
    })
    await seed.invitation(review, police, {
      sentAt: '2025-10-01T09:00:00Z',
      reportRequested: false,
      attendance: 'attended',
    })
    // Not held in the period: not counted.
    const later = await seed.conference({
      kind: 'initial',
      targetDate: '2025-11-05',
      heldOn: '2025-11-05',
    })
    await seed.invitation(later, police, { sentAt: '2025-10-01T09:00:00Z' })
    const scheduled = await seed.conference({ kind: 'initial', targetDate: '2025-10-30' })
    await seed.invitation(scheduled, police, { sentAt: '2025-10-01T09:00:00Z' })
    const other = south()
    const elsewhere = await other.conference({
      kind: 'initial',
      targetDate: '2025-10-15',
      heldOn: '2025-10-15',
    })
    await other.invitation(elsewhere, other.agency(1), { sentAt: '2025-10-01T09:00:00Z' })

    const figures = await section('conference-agencies')
    expect(figures).toMatchObject({
      'all-agencies-invited-in-time': [2, 5],
      'all-agencies-reports-on-time': [1, 3],
      'all-agencies-reports-late': [1, 3],
      'all-agencies-reports-missing': [1, 3],
      'all-agencies-attended': [3, 5],
      [`agency-${police}-invited-in-time`]: [2, 2],
      [`agency-${police}-reports-on-time`]: [1, 1],
      [`agency-${police}-attended`]: [2, 2],
      [`agency-${health}-invited-in-time`]: [0, 2],
      [`agency-${health}-reports-late`]: [1, 1],
      [`agency-${health}-attended`]: [1, 2],
      [`agency-${education}-reports-missing`]: [1, 1],
      [`agency-${education}-attended`]: [0, 1],
    })
    expect(Object.keys(figures).some(id => id.includes(other.agency(1)))).toBe(false)
  })
})

describe('checks answered by agencies', () => {
  it('counts checks due in the period answered on time, late and not at all', async () => {
    const seed = north()
    const police = seed.agency(1)
    const health = seed.agency(2)
    await seed.check(police, '2025-10-10T11:00:00Z', '2025-10-10T11:00:00Z')
    await seed.check(police, '2025-10-10T11:00:00Z', '2025-10-10T11:01:00Z')
    await seed.check(health, '2025-10-20T11:00:00Z', null)
    await seed.check(health, '2025-11-03T12:00:00Z', '2025-11-03T10:00:00Z')
    const other = south()
    await other.check(other.agency(1), '2025-10-10T11:00:00Z', '2025-10-10T11:00:00Z')
    expect(await section('checks')).toEqual({
      'all-agencies-checks-on-time': [1, 3],
      'all-agencies-checks-late': [1, 3],
      'all-agencies-checks-unanswered': [1, 3],
      [`agency-${police}-checks-on-time`]: [1, 2],
      [`agency-${police}-checks-late`]: [1, 2],
      [`agency-${police}-checks-unanswered`]: [0, 2],
      [`agency-${health}-checks-on-time`]: [0, 1],
      [`agency-${health}-checks-late`]: [0, 1],
      [`agency-${health}-checks-unanswered`]: [1, 1],
    })
  })
})

describe('empty periods', () => {
  it('gives zero counts and no rates when nothing was recorded', async () => {
    const figures = await figuresFor()
    for (const s of figures.sections) for (const f of s.figures) expect(f.count).toBe(0)
  })
})
