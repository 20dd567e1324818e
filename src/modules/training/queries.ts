import type { Trx } from '../../db/database.js'
import { toDayNumber } from '../../platform/working-days.js'
import * as repo from './repo.js'
import { listEvents } from './catalogue/repo.js'

/**
 * The training programme's figures for a period, as the dataset, the annual report and the
 * figures page read them (ADR 0005). Percentages are whole numbers, rounded as reports print them.
 */

export interface AgencyTrainingRow {
  agencyId: string
  agencyName: string
  sector: string
  bookings: number
  attended: number
  noShows: number
  singleAgencyDelegates: number
  /** Delegates trained (attended multi-agency plus single-agency), against the requirement. */
  delegates: number
  required: number | null
  compliancePercent: number | null
}

export interface TrainingFigures {
  period: repo.Period
  subjects: number
  events: number
  places: number
  bookings: number
  attended: number
  noShows: number
  noShowPercent: number | null
  utilisationPercent: number | null
  evaluationsSent: number
  evaluationsCompleted: number
  evaluationCompletionPercent: number | null
  followUpsSent: number
  followUpsCompleted: number
  followUpResponsePercent: number | null
  followUpsShowingImpact: number
  followUpImpactPercent: number | null
  singleAgencyDeliveries: number
  singleAgencyTrainers: number
  singleAgencyDelegates: number
  agencies: AgencyTrainingRow[]
  sectors: { sector: string; delegates: number }[]
}

export const percent = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 100) : null

export async function trainingFigures(trx: Trx, period: repo.Period): Promise<TrainingFigures> {
  const [totals, byAgency, evaluations, deliveries, requirements, trainers] = await Promise.all([
    repo.eventTotals(trx, period),
    repo.bookingsByAgency(trx, period),
    repo.evaluationTotals(trx, period),
    repo.deliveriesByAgency(trx, period),
    repo.requirements(trx),
    repo.deliveryTrainers(trx, period),
  ])
  const years = (toDayNumber(period.to) - toDayNumber(period.from) + 1) / 365
  const agencies = new Map<string, AgencyTrainingRow>()
  const rowOf = (a: { agencyId: string; agencyName: string; sector: string }) => {
    const row = agencies.get(a.agencyId) ?? {
      ...a,
      bookings: 0,
      attended: 0,
      noShows: 0,
      singleAgencyDelegates: 0,
      delegates: 0,
      required: null,
      compliancePercent: null,
    }
    agencies.set(a.agencyId, row)
    return row
  }
  for (const a of byAgency) {
    const row = rowOf(a)
    row.bookings = Number(a.bookings)
    row.attended = Number(a.attended)
    row.noShows = Number(a.noShows)
  }
  for (const d of deliveries) rowOf(d).singleAgencyDelegates = Number(d.delegates)
  for (const r of requirements) rowOf(r).required = Math.round(r.delegatesPerYear * years)
  const sectors = new Map<string, number>()
  for (const row of agencies.values()) {
    row.delegates = row.attended + row.singleAgencyDelegates
    row.compliancePercent = row.required === null ? null : percent(row.delegates, row.required)
    sectors.set(row.sector, (sectors.get(row.sector) ?? 0) + row.delegates)
  }
  const sum = (pick: (row: AgencyTrainingRow) => number) =>
    [...agencies.values()].reduce((s, r) => s + pick(r), 0)
  const kind = (name: string) => evaluations.find(e => e.kind === name)
  const count = (value: string | undefined) => Number(value ?? 0)
  const bookings = sum(r => r.bookings)
  const attended = sum(r => r.attended)
  const noShows = sum(r => r.noShows)
  const post = kind('post-course')
  const follow = kind('follow-up')
  return {
    period,
    ...totals,
    bookings,
    attended,
    noShows,
    noShowPercent: percent(noShows, bookings),
    utilisationPercent: percent(attended, totals.places),
    evaluationsSent: count(post?.sent),
    evaluationsCompleted: count(post?.completed),
    evaluationCompletionPercent: percent(count(post?.completed), count(post?.sent)),
    followUpsSent: count(follow?.sent),
    followUpsCompleted: count(follow?.completed),
    followUpResponsePercent: percent(count(follow?.completed), count(follow?.sent)),
    followUpsShowingImpact: count(follow?.impact),
    followUpImpactPercent: percent(count(follow?.impact), count(follow?.completed)),
    singleAgencyDeliveries: deliveries.reduce((s, d) => s + Number(d.deliveries), 0),
    singleAgencyTrainers: trainers,
    singleAgencyDelegates: sum(r => r.singleAgencyDelegates),
    agencies: [...agencies.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
    sectors: [...sectors]
      .map(([sector, delegates]) => ({ sector, delegates }))
      .sort((a, b) => a.sector.localeCompare(b.sector)),
  }
}

// ---- For engagement's bulletin (issue 14): coming events, open to booking ----
export interface UpcomingEventRow {
  id: string
  title: string
  startsOn: string
  startTime: string
  venue: string
  online: boolean
  placesLeft: number
}

/** Open events from `from` to `to` inclusive, earliest first. */
export async function upcomingEvents(
  trx: Trx,
  from: string,
  to: string,
): Promise<UpcomingEventRow[]> {
  const events = await listEvents(trx, { from })
  return events
    .filter(e => e.status === 'open' && e.startsOn <= to)
    .map(e => ({
      id: e.id,
      title: e.title,
      startsOn: e.startsOn,
      startTime: e.startTime,
      venue: e.venue,
      online: e.online,
      placesLeft: Math.max(0, e.capacity - Number(e.held)),
    }))
}
