/** What a work tray is made of: every open item of the partnership, whose it is, when due. */
import { type Trx } from '../../../db/database.js'
import { can, isRole, type Role } from '../../../platform/permissions.js'
import { type WorkingDayCalendar } from '../../../platform/working-days.js'
import { londonToday } from '../../../platform/calendar.js'
import {
  ASSESSMENT_WORKING_DAYS,
  CIN_PLAN_REVIEW_MONTHS,
  firstCoreGroupDueDate,
  listAssessmentsInProgress,
  listConferencesToHold,
  listOpenCinPlans,
  listPlansWithoutCoreGroup,
  listReportsOwed,
  protectionTimescalesOf,
  visitsDue,
} from '../../protection/queries.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import {
  allocationsDue,
  listFeedbackOwed,
  listOpenReferrals,
  listUnansweredChecks,
} from '../../frontdoor/queries.js'
import {
  TRAY_KIND_NAMES,
  TRAY_STATUSES,
  type TrayItemKind,
  type TrayQueryInput,
  type TrayStatus,
} from '../schema.js'

/** "Due soon" on a tray: within this many working days of today. */
export const DUE_SOON_WORKING_DAYS = 5
/** Feedback to a professional referrer is owed by the working day after the decision. */
export const FEEDBACK_DUE_WORKING_DAYS = 1
/** Reminders go out for items due within this many working days, and for overdue items. */
export const REMINDER_LOOKAHEAD_WORKING_DAYS = 1

// ---- Work tray items -----------------------------------------------------------------------

/** Items with no named person belong to whoever works the front door's queue, or authorises it. */
type Queue = 'front-door' | 'authoriser'

export interface TrayItem {
  /** Stable across runs: kind and record id (reminders are sent once per key). */
  key: string
  kind: TrayItemKind
  /** The child's name (or the first child's, with how many more): personal data. */
  subject: string
  reference: string
  dueOn: string
  /** The exact time, when the item has one (a decision clock, a check, a report). */
  dueAt: Date | null
  status: TrayStatus
  href: string
  userIds: string[]
  teamIds: string[]
  agencyId: string | null
  queue: Queue | null
}

/** Whose tray an item is in: the person, their roles and agencies. */
export interface Viewer {
  userId: string
  roles: readonly string[]
  agencyIds: readonly string[]
}

export interface TrayClock {
  now: Date
  today: string
  calendar: WorkingDayCalendar
}

export function trayStatus(
  due: { dueOn: string; dueAt: Date | null },
  clock: TrayClock,
): TrayStatus {
  const isPast = due.dueAt ? due.dueAt.getTime() < clock.now.getTime() : due.dueOn < clock.today
  if (isPast) return 'overdue'
  if (due.dueOn <= clock.today) return 'due-today'
  if (due.dueOn <= clock.calendar.addWorkingDays(clock.today, DUE_SOON_WORKING_DAYS)) {
    return 'due-soon'
  }
  return 'later'
}

function childLabel(name: string | null, count: number): string {
  const first = name?.trim() || 'Child not named'
  return count > 1 ? `${first} and ${String(count - 1)} more` : first
}

function ids(...values: (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))]
}

/** Every open item of the partnership, with whose it is; `trx` is bound to the partnership. */
export async function collectTrayItems(
  trx: Trx,
  partnershipId: string,
  clock: TrayClock,
): Promise<TrayItem[]> {
  const items: TrayItem[] = []
  const add = (
    item: Omit<TrayItem, 'status' | 'key' | 'userIds' | 'teamIds' | 'agencyId' | 'queue'> & {
      id: string
      userIds?: string[]
      teamIds?: string[]
      agencyId?: string | null
      queue?: Queue | null
    },
  ) => {
    const { id, ...rest } = item
    items.push({
      userIds: [],
      teamIds: [],
      agencyId: null,
      queue: null,
      ...rest,
      key: `${item.kind}:${id}`,
      status: trayStatus(item, clock),
    })
  }
  const onDate = (instant: Date) => londonToday(instant)

  for (const referral of await listOpenReferrals(trx, partnershipId)) {
    const dueAt = new Date(referral.decisionDueAt)
    const awaiting = referral.status === 'awaiting-authorisation'
    add({
      id: referral.id,
      kind: awaiting ? 'referral-authorisation' : 'referral-decision',
      subject: childLabel(referral.childName, referral.childCount),
      reference: referral.reference,
      dueOn: onDate(dueAt),
      dueAt,
      href: `/referrals/${referral.id}`,
      // The whole queue is the front door's; a referral allocated to a worker is theirs.
      userIds: awaiting ? [] : ids(referral.allocatedTo),
      teamIds: ids(referral.teamId),
      queue: awaiting ? 'authoriser' : referral.allocatedTo ? null : 'front-door',
    })
  }

  for (const referral of await listFeedbackOwed(trx, partnershipId)) {
    const decidedOn = onDate(new Date(referral.decidedAt ?? clock.now))
    add({
      id: referral.id,
      kind: 'referral-feedback',
      subject: childLabel(referral.childName, referral.childCount),
      reference: referral.reference,
      dueOn: clock.calendar.addWorkingDays(decidedOn, FEEDBACK_DUE_WORKING_DAYS),
      dueAt: null,
      href: `/referrals/${referral.id}`,
      userIds: ids(referral.decidedBy),
      teamIds: ids(referral.teamId),
    })
  }

  for (const check of await listUnansweredChecks(trx, partnershipId)) {
    const dueAt = new Date(check.dueAt)
    add({
      id: check.id,
      kind: 'agency-check',
      subject: childLabel(check.childName, check.childCount),
      reference: check.reference,
      dueOn: onDate(dueAt),
      dueAt,
      href: `/front-door/checks#check-${check.id}`,
      agencyId: check.agencyId,
    })
  }

  for (const conference of await listConferencesToHold(trx, partnershipId)) {
    const scheduledAt = conference.scheduledAt ? new Date(conference.scheduledAt) : null
    const isReview = conference.kind === 'review'
    // A transfer-in conference has no enquiry: the worker who recorded the transfer leads it.
    const isTransferIn = conference.kind === 'transfer-in'
    add({
      id: conference.id,
      kind: isReview
        ? 'review-conference'
        : isTransferIn
          ? 'transfer-in-conference'
          : conference.status === 'scheduled'
            ? 'conference-scheduled'
            : 'conference-to-schedule',
      subject: childLabel(conference.childName, 1),
      reference: conference.laChildId,
      // A conference still to schedule is due by its target date; a scheduled one on its day.
      dueOn: scheduledAt ? onDate(scheduledAt) : conference.targetDate,
      dueAt: scheduledAt,
      href: `/protection/conferences/${conference.id}`,
      userIds: ids(
        conference.chairId,
        conference.enquiryLeadWorkerId ?? conference.strategyLeadWorkerId,
        conference.planLeadWorkerId,
        isTransferIn ? conference.createdBy : null,
      ),
      teamIds: ids(conference.planTeamId, conference.strategyTeamId),
    })
  }

  const timescales = await protectionTimescalesOf(trx, partnershipId)
  for (const plan of await listPlansWithoutCoreGroup(trx, partnershipId)) {
    add({
      id: plan.id,
      kind: 'core-group',
      subject: childLabel(plan.childName, 1),
      reference: plan.laChildId,
      dueOn: firstCoreGroupDueDate(plan.icpcHeldOn ?? plan.startDate, timescales, clock.calendar),
      dueAt: null,
      href: `/protection/plans/${plan.id}`,
      userIds: ids(plan.leadWorkerId),
      teamIds: ids(plan.teamId),
    })
  }

  for (const invitation of await listReportsOwed(trx, partnershipId)) {
    const dueAt = invitation.reportDueAt ? new Date(invitation.reportDueAt) : null
    const conferenceAt = invitation.scheduledAt ? new Date(invitation.scheduledAt) : null
    add({
      id: invitation.id,
      kind: 'conference-report',
      subject: childLabel(invitation.childName, 1),
      reference: invitation.laChildId,
      dueOn: dueAt ? onDate(dueAt) : conferenceAt ? onDate(conferenceAt) : invitation.targetDate,
      dueAt: dueAt ?? conferenceAt,
      href: `/conference-invitations/${invitation.id}/report`,
      agencyId: invitation.agencyId,
    })
  }
  addJourneyItems(
    add,
    await listAssessmentsInProgress(trx, partnershipId),
    await listOpenCinPlans(trx, partnershipId),
    clock,
  )
  addAllocationAndVisitItems(
    add,
    await allocationsDue(trx, partnershipId, { today: clock.today, calendar: clock.calendar }),
    await visitsDue(trx, partnershipId, { today: clock.today, calendar: clock.calendar }),
  )
  return items
}

/**
 * Referrals decided for social work and not yet given a worker (the front door's queue, or the
 * team's), and statutory visits to children on a plan (their lead worker's).
 */
function addAllocationAndVisitItems(
  add: AddItem,
  allocations: Awaited<ReturnType<typeof allocationsDue>>,
  visits: Awaited<ReturnType<typeof visitsDue>>,
) {
  for (const allocation of allocations) {
    add({
      id: allocation.referralId,
      kind: 'allocation-due',
      subject: `Referral ${allocation.reference}`,
      reference: allocation.reference,
      dueOn: allocation.dueOn,
      dueAt: null,
      href: `/referrals/${allocation.referralId}#allocation`,
      teamIds: ids(allocation.teamId),
      queue: 'front-door',
    })
  }
  for (const visit of visits) {
    add({
      id: visit.planId,
      kind: 'visit-due',
      subject: childLabel(visit.childName, 1),
      reference: visit.laChildId,
      dueOn: visit.dueOn,
      dueAt: null,
      href: `/protection/plans/${visit.planId}/visits`,
      userIds: ids(visit.leadWorkerId),
      teamIds: ids(visit.teamId),
    })
  }
}

type AddItem = (
  item: Omit<TrayItem, 'status' | 'key' | 'userIds' | 'teamIds' | 'agencyId' | 'queue'> & {
    id: string
    userIds?: string[]
    teamIds?: string[]
    queue?: Queue | null
  },
) => void

/** Assessments due within 45 working days of their start, and CIN plan reviews due. */
function addJourneyItems(
  add: AddItem,
  assessments: Awaited<ReturnType<typeof listAssessmentsInProgress>>,
  cinPlans: Awaited<ReturnType<typeof listOpenCinPlans>>,
  clock: TrayClock,
) {
  for (const assessment of assessments) {
    const submitted = assessment.submittedAt !== null
    add({
      id: assessment.id,
      kind: submitted ? 'assessment-authorisation' : 'assessment-due',
      subject: childLabel(assessment.childName, 1),
      reference: assessment.laChildId,
      dueOn: clock.calendar.addWorkingDays(assessment.startDate, ASSESSMENT_WORKING_DAYS),
      dueAt: null,
      href: `/protection/assessments/${assessment.id}`,
      // A submitted assessment waits for a manager; one in progress is its worker's.
      userIds: submitted ? [] : ids(assessment.leadWorkerId),
      queue: submitted ? 'authoriser' : null,
    })
  }
  for (const plan of cinPlans) {
    add({
      id: plan.id,
      kind: 'cin-plan-review',
      subject: childLabel(plan.childName, 1),
      reference: plan.laChildId,
      dueOn: addCalendarMonths(plan.lastReviewedOn, CIN_PLAN_REVIEW_MONTHS),
      dueAt: null,
      href: `/protection/cin-plans/${plan.id}`,
      userIds: ids(plan.leadWorkerId),
    })
  }
}

export function isAgencyLead(viewer: Viewer): boolean {
  return viewer.roles.includes('agency-lead')
}

export function rolesOf(viewer: Viewer): Role[] {
  return viewer.roles.filter(isRole)
}

/** Whether an item is in this person's own tray. */
export function isInTrayOf(item: TrayItem, viewer: Viewer): boolean {
  if (item.userIds.includes(viewer.userId)) return true
  const roles = rolesOf(viewer)
  if (item.queue === 'front-door') return can(roles, 'referral', 'update')
  if (item.queue === 'authoriser') return can(roles, 'referral-authorisation', 'create')
  if (item.agencyId) return isAgencyLead(viewer) && viewer.agencyIds.includes(item.agencyId)
  return false
}

const STATUS_ORDER = Object.fromEntries(TRAY_STATUSES.map((status, index) => [status, index]))

function dueTime(item: TrayItem): number {
  return item.dueAt?.getTime() ?? Date.parse(`${item.dueOn}T23:59:59Z`)
}

/** Filtered by status and sorted as asked; ties go to the earliest due. */
export function arrangeTray(items: TrayItem[], query: TrayQueryInput): TrayItem[] {
  const direction = query.order === 'desc' ? -1 : 1
  const compare = (a: TrayItem, b: TrayItem): number => {
    if (query.sort === 'kind') {
      const byKind = TRAY_KIND_NAMES[a.kind].localeCompare(TRAY_KIND_NAMES[b.kind])
      if (byKind !== 0) return byKind * direction
    } else if (query.sort === 'status') {
      const byStatus = (STATUS_ORDER[a.status] ?? 0) - (STATUS_ORDER[b.status] ?? 0)
      if (byStatus !== 0) return byStatus * direction
    } else {
      const byDue = dueTime(a) - dueTime(b)
      if (byDue !== 0) return byDue * direction
    }
    return dueTime(a) - dueTime(b) || a.key.localeCompare(b.key)
  }
  return items.filter(item => query.status === 'all' || item.status === query.status).sort(compare)
}
