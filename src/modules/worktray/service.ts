import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { listPartnershipHolidayDates } from '../../platform/admin.js'
import { changedFields, recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDate } from '../../platform/http/web.js'
import type { Mailer } from '../../platform/mail.js'
import { can, isRole, scopeFor, type Role } from '../../platform/permissions.js'
import { englandAndWales, type WorkingDayCalendar } from '../../platform/working-days.js'
import { londonToday } from '../../platform/calendar.js'
import {
  DEFAULT_PROTECTION_TIMESCALES,
  firstCoreGroupDueDate,
  type ProtectionTimescales,
} from '../protection/queries.js'
import {
  deleteTeamMember,
  findAgency,
  findInvitation,
  findProtectionTimescales,
  findReferralForAllocation,
  findTeam,
  findTeamByName,
  insertReminderSent,
  insertTeam,
  insertTeamMember,
  listActivePeople,
  listFeedbackOwed,
  listOpenConferences,
  listOpenReferrals,
  listPlansWithoutCoreGroup,
  listReportsOwed,
  listTeamMemberIds,
  listUnansweredChecks,
  lockInvitation,
  saveInvitationReport,
  setTeamActive,
  updateReferralAllocation,
} from './repo.js'
import {
  TRAY_KIND_NAMES,
  TRAY_STATUSES,
  type AllocationInput,
  type TeamInput,
  type TrayItemKind,
  type TrayQueryInput,
  type TrayStatus,
} from './schema.js'

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

async function timescalesIn(trx: Trx, partnershipId: string): Promise<ProtectionTimescales> {
  const row = await findProtectionTimescales(trx, partnershipId)
  return row
    ? {
        icpcWorkingDays: row.icpcWorkingDays,
        coreGroupWorkingDays: row.coreGroupWorkingDays,
        firstReviewMonths: row.firstReviewMonths,
        reviewIntervalMonths: row.reviewIntervalMonths,
        reportDueWorkingDays: row.reportDueWorkingDays,
        preBirthIcpcByWeek: row.preBirthIcpcByWeek,
        preBirthReviewWorkingDays: row.preBirthReviewWorkingDays,
      }
    : DEFAULT_PROTECTION_TIMESCALES
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

  for (const conference of await listOpenConferences(trx, partnershipId)) {
    const scheduledAt = conference.scheduledAt ? new Date(conference.scheduledAt) : null
    const isReview = conference.kind === 'review'
    add({
      id: conference.id,
      kind: isReview
        ? 'review-conference'
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
      ),
      teamIds: ids(conference.planTeamId, conference.strategyTeamId),
    })
  }

  const timescales = await timescalesIn(trx, partnershipId)
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
  return items
}

function isAgencyLead(viewer: Viewer): boolean {
  return viewer.roles.includes('agency-lead')
}

function rolesOf(viewer: Viewer): Role[] {
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

export type TrayScope =
  { kind: 'own' } | { kind: 'team'; teamId: string } | { kind: 'agency'; agencyId: string }

export type TrayOutcome =
  | { kind: 'not-found' }
  | { kind: 'tray'; title: string; items: TrayItem[]; counts: Record<TrayStatus, number> }

/**
 * A tray the actor may see, with the audit event of reading it (its items name children).
 * Team trays: the team's members or a partnership-wide reader; agency trays: the agency's leads
 * or a partnership-wide reader. Anyone else is told there is no such tray.
 */
export function readTray(
  db: Db,
  options: {
    actor: Actor
    scope: TrayScope
    query: TrayQueryInput
    calendar: WorkingDayCalendar
    requestId: string
    action: 'viewed' | 'exported'
    now?: Date
  },
): Promise<TrayOutcome> {
  const { actor, scope, query, calendar, requestId } = options
  const now = options.now ?? new Date()
  const clock: TrayClock = { now, today: londonToday(now), calendar }
  const isPartnershipReader = scopeFor(actor.roles, 'work-tray', 'read') === 'partnership'
  return inPartnership(db, actor, async trx => {
    let title = 'Your work tray'
    let belongs: (item: TrayItem) => boolean = item => isInTrayOf(item, actor)
    if (scope.kind === 'team') {
      const team = await findTeam(trx, actor.partnershipId, scope.teamId)
      if (!team) return { kind: 'not-found' } as const
      const people = await listActivePeople(trx, actor.partnershipId)
      const memberIds = new Set(
        (await listTeamMemberIds(trx, actor.partnershipId, scope.teamId)).filter(id =>
          people.some(person => person.id === id),
        ),
      )
      if (!memberIds.has(actor.userId) && !isPartnershipReader)
        return { kind: 'not-found' } as const
      const members = people.filter(person => memberIds.has(person.id))
      title = `${team.name}: work tray`
      belongs = item =>
        item.teamIds.includes(scope.teamId) ||
        members.some(member => isInTrayOf(item, { ...member, userId: member.id }))
    } else if (scope.kind === 'agency') {
      const agency = await findAgency(trx, actor.partnershipId, scope.agencyId)
      const isLead = isAgencyLead(actor) && actor.agencyIds.includes(scope.agencyId)
      if (!agency || (!isLead && !isPartnershipReader)) return { kind: 'not-found' } as const
      title = `${agency.name}: work tray`
      belongs = item => item.agencyId === scope.agencyId
    }
    const all = (await collectTrayItems(trx, actor.partnershipId, clock)).filter(belongs)
    const items = arrangeTray(all, query)
    const counts = Object.fromEntries(
      TRAY_STATUSES.map(status => [status, all.filter(item => item.status === status).length]),
    ) as Record<TrayStatus, number>
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: `work-tray.${options.action}`,
      resourceType: 'work-tray',
      resourceId:
        scope.kind === 'team' ? scope.teamId : scope.kind === 'agency' ? scope.agencyId : null,
      detail: {
        tray: scope.kind,
        items: items.length,
        ...(options.action === 'exported' ? { format: 'csv' } : {}),
      },
      requestId,
    })
    return { kind: 'tray', title, items, counts } as const
  })
}

// ---- Teams ---------------------------------------------------------------------------------

export type TeamOutcome =
  { kind: 'created'; id: string } | { kind: 'duplicate-name' } | { kind: 'unknown-agency' }

export function createTeam(
  db: Db,
  options: { actor: Actor; input: TeamInput; requestId: string },
): Promise<TeamOutcome> {
  const { actor, input, requestId } = options
  return inPartnership(db, actor, async trx => {
    if (await findTeamByName(trx, actor.partnershipId, input.name)) {
      return { kind: 'duplicate-name' } as const
    }
    if (input.agencyId) {
      const agency = await findAgency(trx, actor.partnershipId, input.agencyId)
      if (!agency?.isActive) return { kind: 'unknown-agency' } as const
    }
    const { id } = await insertTeam(trx, {
      partnershipId: actor.partnershipId,
      name: input.name,
      agencyId: input.agencyId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.created',
      resourceType: 'team',
      resourceId: id,
      fields: { name: input.name, agencyId: input.agencyId },
      requestId,
    })
    return { kind: 'created', id } as const
  })
}

export type MemberOutcome = 'added' | 'already-member' | 'not-found' | 'inactive' | 'unknown-user'

export function addTeamMember(
  db: Db,
  options: { actor: Actor; teamId: string; userId: string; requestId: string },
): Promise<MemberOutcome> {
  const { actor, teamId, userId, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    if (!team.isActive) return 'inactive'
    const people = await listActivePeople(trx, actor.partnershipId)
    if (!people.some(person => person.id === userId)) return 'unknown-user'
    const added = await insertTeamMember(trx, {
      partnershipId: actor.partnershipId,
      teamId,
      userId,
    })
    if (!added) return 'already-member'
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.member-added',
      resourceType: 'team',
      resourceId: teamId,
      fields: { userId },
      requestId,
    })
    return 'added'
  })
}

export function removeTeamMember(
  db: Db,
  options: { actor: Actor; teamId: string; userId: string; requestId: string },
): Promise<'removed' | 'not-found'> {
  const { actor, teamId, userId, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    const removed = await deleteTeamMember(trx, actor.partnershipId, teamId, userId)
    if (!removed) return 'not-found'
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'team.member-removed',
      resourceType: 'team',
      resourceId: teamId,
      fields: { userId: { from: userId, to: null } },
      requestId,
    })
    return 'removed'
  })
}

/** Deactivates (or reactivates) a team: it keeps its history but takes no new work. */
export function setTeamActivity(
  db: Db,
  options: { actor: Actor; teamId: string; isActive: boolean; requestId: string },
): Promise<'changed' | 'unchanged' | 'not-found'> {
  const { actor, teamId, isActive, requestId } = options
  return inPartnership(db, actor, async trx => {
    const team = await findTeam(trx, actor.partnershipId, teamId)
    if (!team) return 'not-found'
    if (team.isActive === isActive) return 'unchanged'
    await setTeamActive(trx, actor.partnershipId, teamId, isActive)
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: isActive ? 'team.reactivated' : 'team.deactivated',
      resourceType: 'team',
      resourceId: teamId,
      fields: { isActive: { from: team.isActive, to: isActive } },
      requestId,
    })
    return 'changed'
  })
}

// ---- Allocation ----------------------------------------------------------------------------

export type AllocationOutcome =
  'allocated' | 'unchanged' | 'not-found' | 'unknown-worker' | 'unknown-team'

/** Allocates a referral to a worker and/or a team: an active person and an active team of the partnership. */
export function allocateReferral(
  db: Db,
  options: { actor: Actor; referralId: string; input: AllocationInput; requestId: string },
): Promise<AllocationOutcome> {
  const { actor, referralId, input, requestId } = options
  return inPartnership(db, actor, async trx => {
    const referral = await findReferralForAllocation(trx, actor.partnershipId, referralId)
    if (!referral) return 'not-found'
    if (input.allocatedTo) {
      const people = await listActivePeople(trx, actor.partnershipId)
      if (!people.some(person => person.id === input.allocatedTo)) return 'unknown-worker'
    }
    if (input.teamId) {
      const team = await findTeam(trx, actor.partnershipId, input.teamId)
      if (!team?.isActive) return 'unknown-team'
    }
    const fields = changedFields(
      { allocatedTo: referral.allocatedTo, teamId: referral.teamId },
      { allocatedTo: input.allocatedTo, teamId: input.teamId },
    )
    if (Object.keys(fields).length === 0) return 'unchanged'
    await updateReferralAllocation(trx, actor.partnershipId, referralId, {
      allocatedTo: input.allocatedTo,
      teamId: input.teamId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'referral.allocated',
      resourceType: 'referral',
      resourceId: referralId,
      fields,
      requestId,
    })
    return 'allocated'
  })
}

// ---- Agencies' conference invitations ------------------------------------------------------

/** The agencies whose invitations the actor sees: theirs (agency leads), or null for every one. */
export function invitationAgencies(actor: Actor, action: 'read' | 'update'): string[] | null {
  return scopeFor(actor.roles, 'conference-invitation', action) === 'partnership'
    ? null
    : actor.agencyIds
}

export type ReportOutcome = 'received' | 'not-found' | 'already-received' | 'closed'

/** An agency's report to a conference, once, before the conference is held or cancelled. */
export function submitInvitationReport(
  db: Db,
  options: { actor: Actor; invitationId: string; reportText: string; requestId: string; now: Date },
): Promise<ReportOutcome> {
  const { actor, invitationId, reportText, requestId, now } = options
  return inPartnership(db, actor, async trx => {
    const invitation = await findInvitation(
      trx,
      actor.partnershipId,
      invitationId,
      invitationAgencies(actor, 'update'),
    )
    if (!invitation) return 'not-found'
    const locked = await lockInvitation(trx, actor.partnershipId, invitationId)
    if (!locked) return 'not-found'
    if (locked.reportReceivedAt) return 'already-received'
    if (invitation.status === 'held' || invitation.status === 'cancelled') return 'closed'
    await saveInvitationReport(trx, actor.partnershipId, invitationId, {
      reportText,
      reportReceivedAt: now,
      reportReceivedBy: actor.userId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'conference-invitation.report-received',
      resourceType: 'conference-invitation',
      resourceId: invitationId,
      childId: invitation.childId,
      // The report's length, not its words: the text itself stays in its table.
      fields: { reportReceivedAt: now.toISOString(), reportLength: reportText.length },
      requestId,
    })
    return 'received'
  })
}

// ---- Reminders -----------------------------------------------------------------------------

type Person = Awaited<ReturnType<typeof listActivePeople>>[number]

/** Who is told about an item: the people named on it or, when none, whoever holds its queue. */
export function recipientsOf(item: TrayItem, people: Person[]): Person[] {
  const named = people.filter(person => item.userIds.includes(person.id))
  if (named.length) return named
  return people.filter(person => {
    const viewer = { userId: person.id, roles: person.roles, agencyIds: person.agencyIds }
    if (item.queue === 'front-door' || item.queue === 'authoriser') {
      // The queue's reminders go to the managers, not to every practitioner.
      return can(rolesOf(viewer), 'referral-authorisation', 'create')
    }
    return isInTrayOf(item, viewer)
  })
}

function reminderText(item: TrayItem, reminderKind: 'due-soon' | 'overdue', trayUrl: string) {
  const what = TRAY_KIND_NAMES[item.kind]
  const when =
    reminderKind === 'overdue'
      ? `It was due on ${formatDate(item.dueOn)} and is now overdue.`
      : `It is due on ${formatDate(item.dueOn)}.`
  return {
    subject:
      reminderKind === 'overdue' ? `Overdue in your work tray: ${what}` : `Due soon: ${what}`,
    // Never the child's name, a reference or anything else about the child: only the kind and date.
    text: [
      `You have an item in your Keepsafe work tray: ${what}.`,
      when,
      `Sign in to see it: ${trayUrl}`,
    ].join('\n\n'),
  }
}

/**
 * Emails the people responsible for items due within the next working day or overdue, once per
 * item, reminder kind and person (the reminder_sent table's unique key decides, so two runners
 * at once still send one). Returns how many reminders were queued.
 */
export async function sendReminders(
  db: Db,
  mailer: Mailer,
  options: { partnershipId: string; publicUrl: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date()
  const { partnershipId } = options
  const afterCommit: (() => Promise<void>)[] = []
  const sent = await inPartnership(db, { partnershipId }, async trx => {
    const holidays = await listPartnershipHolidayDates(trx)
    const calendar = holidays.length ? englandAndWales.withExtraHolidays(holidays) : englandAndWales
    const clock: TrayClock = { now, today: londonToday(now), calendar }
    const horizon = calendar.addWorkingDays(clock.today, REMINDER_LOOKAHEAD_WORKING_DAYS)
    const people = await listActivePeople(trx, partnershipId)
    let count = 0
    for (const item of await collectTrayItems(trx, partnershipId, clock)) {
      const reminderKind = item.status === 'overdue' ? 'overdue' : 'due-soon'
      if (reminderKind === 'due-soon' && item.dueOn > horizon) continue
      for (const person of recipientsOf(item, people)) {
        const isNew = await insertReminderSent(trx, {
          partnershipId,
          itemKey: item.key,
          reminderKind,
          recipientId: person.id,
          dueOn: item.dueOn,
        })
        if (!isNew) continue
        const { subject, text } = reminderText(item, reminderKind, `${options.publicUrl}/work-tray`)
        afterCommit.push(
          await mailer.queue(trx, { partnershipId, to: person.email, subject, text }),
        )
        count += 1
      }
    }
    if (count > 0) {
      await recordAudit(trx, {
        partnershipId,
        userId: null,
        action: 'work-tray.reminders-sent',
        resourceType: 'work-tray',
        detail: { reminders: count },
      })
    }
    return count
  })
  for (const send of afterCommit) await send()
  return sent
}
