/**
 * The child protection journey after the front door: strategy discussions, Section 47
 * enquiries, initial and review conferences, plans and core groups. Each step writes the census
 * records it decides (section47, child_protection_plan) in its own transaction, with its audit
 * events, so the census return comes from the work itself and nothing is keyed twice.
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { inPartnership, type Trx, type Db } from '../../db/database.js'
import { listPartnershipHolidayDates } from '../../platform/admin.js'
import { changedFields, recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import {
  addCalendarDays,
  englandAndWales,
  isWeekendDate,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import { londonInstant, londonParts } from '../../platform/calendar.js'
import { refusable, refuse, type Refusal } from '../../platform/refusal.js'
import {
  findChild,
  findConference,
  findOpenEpisode,
  findOpenSection47,
  findPlan,
  findReferralOfChild,
  findSection47,
  findStrategyDiscussion,
  findTeamOfUser,
  findTimescales,
  insertConference,
  insertCoreGroup,
  insertInvitations,
  insertParticipants,
  insertPlan,
  insertSection47,
  insertStrategyDiscussion,
  latestStrategyDate,
  listActiveAgencies,
  listConferences,
  listConferencesOfChild,
  listConferencesOfPlan,
  listCoreGroups,
  listInvitations,
  listOpenConferences,
  listParticipants,
  listPlansOfChild,
  listSection47sOfChild,
  listStrategyDiscussionsOfChild,
  listUserNames,
  listUsersWithRoles,
  listAgencyNames,
  setReportsDue,
  updateConference,
  updateInvitation,
  updatePlan,
  updateSection47,
  upsertTimescales,
} from './repo.js'
import type {
  CompleteSection47Input,
  ConferenceOutcomeInput,
  CoreGroupInput,
  EndPlanInput,
  InvitationInput,
  MarkSentInput,
  ReportReceivedInput,
  ScheduleConferenceInput,
  StrategyDiscussionInput,
} from './schema.js'
import {
  firstCoreGroupDueDate,
  firstReviewDueDate,
  icpcTargetDate,
  nextReviewDueDate,
  preBirthIcpcTargetDate,
  reportDueDate,
  type ProtectionTimescales,
} from './timescales.js'

/** Who may chair a conference, and who may lead the work on a child. */
export const CHAIR_ROLES = ['conference-chair']
export const LEAD_WORKER_ROLES = ['social-worker', 'front-door-manager']

export type { Refusal }
type NotFound = { kind: 'not-found' }

function audit(
  trx: Trx,
  actor: Actor,
  requestId: string,
  event: {
    action: string
    resourceType: string
    resourceId: string
    childId: string | null
    fields?: Record<string, unknown>
    detail?: Record<string, unknown>
  },
) {
  return recordAudit(trx, {
    partnershipId: actor.partnershipId,
    userId: actor.userId,
    requestId,
    ...event,
  })
}

/** A view of a child's protection record: audited like `child.viewed` on the child's page. */
function auditView(trx: Trx, actor: Actor, requestId: string, childId: string, page: string) {
  return audit(trx, actor, requestId, {
    action: 'child.viewed',
    resourceType: 'child',
    resourceId: childId,
    childId,
    detail: { page },
  })
}

/** The partnership's working-day calendar, read in the transaction (never a stale copy). */
async function calendarIn(trx: Trx): Promise<WorkingDayCalendar> {
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
}

async function clocksIn(trx: Trx, partnershipId: string) {
  return { timescales: await findTimescales(trx, partnershipId), calendar: await calendarIn(trx) }
}

export function childName(child: {
  givenName: string | null
  familyName: string | null
  laChildId: string
}): string {
  return [child.givenName, child.familyName].filter(Boolean).join(' ') || `Child ${child.laChildId}`
}

/** A pre-birth child: expected, not yet born. */
function isUnborn(child: { birthDate: string | null; expectedBirthDate: string | null }) {
  return child.birthDate === null && child.expectedBirthDate !== null
}

/** Reports are due by the end of their due day, London time. */
export function reportDueInstant(dueDate: string): Date {
  return new Date(londonInstant(addCalendarDays(dueDate, 1), 0).getTime() - 1000)
}

// ---- Strategy discussions ---------------------------------------------------------------------

/** What the strategy discussion form needs; audited, as it shows the child. */
export function strategyDiscussionForm(
  db: Db,
  options: { actor: Actor; childId: string; referralId: string | undefined; requestId: string },
) {
  const { actor, childId, referralId, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const child = await findChild(trx, actor.partnershipId, childId)
    if (!child) return undefined
    const referral = referralId
      ? await findReferralOfChild(trx, actor.partnershipId, referralId, childId)
      : undefined
    await auditView(trx, actor, requestId, childId, 'strategy-discussion-form')
    const episode = await findOpenEpisode(trx, actor.partnershipId, childId)
    return {
      child,
      preBirth: isUnborn(child),
      episode,
      openSection47: episode
        ? await findOpenSection47(trx, actor.partnershipId, episode.id)
        : undefined,
      referral,
      agencies: await listActiveAgencies(trx, actor.partnershipId),
      workers: await listUsersWithRoles(trx, actor.partnershipId, LEAD_WORKER_ROLES),
    }
  })
}

export const NO_OPEN_EPISODE =
  'This child has no open child in need episode. A strategy discussion follows a front door decision or an episode open in the census: record the referral first.'

export type RecordStrategyOutcome =
  NotFound | Refusal | { kind: 'recorded'; id: string; section47Id: string | null }

/**
 * Records a strategy discussion. Outcome section-47 starts an enquiry in the census table with
 * its initial conference target or, when an enquiry is already open in the episode, moves that
 * target to count from this (the last) discussion.
 */
export function recordStrategyDiscussion(
  db: Db,
  options: {
    actor: Actor
    childId: string
    referralId: string | undefined
    input: StrategyDiscussionInput
    requestId: string
  },
): Promise<RecordStrategyOutcome> {
  const { actor, childId, referralId, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const child = await findChild(trx, partnershipId, childId)
      if (!child) return { kind: 'not-found' }
      const referral = referralId
        ? await findReferralOfChild(trx, partnershipId, referralId, childId)
        : undefined
      if (referralId && !referral) return { kind: 'not-found' }
      const episode = await findOpenEpisode(trx, partnershipId, childId)
      if (!episode) return refuse('form', NO_OPEN_EPISODE)
      const preBirth = isUnborn(child)
      if (child.birthDate && input.heldOn < child.birthDate) {
        return refuse(
          'heldOn-day',
          'The date of the strategy discussion cannot be before the child’s date of birth',
        )
      }
      if (input.heldOn < episode.referralDate) {
        return refuse(
          'heldOn-day',
          `The date of the strategy discussion cannot be before the referral date of the open episode (${episode.referralDate})`,
        )
      }
      const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
      const unknown = input.participants.findIndex(p => !agencies.has(p.agencyId))
      if (unknown >= 0) {
        return refuse(`participant-${String(unknown)}-agency`, 'Select an agency from the list')
      }
      if (input.leadWorkerId) {
        const workers = await listUsersWithRoles(trx, partnershipId, LEAD_WORKER_ROLES)
        if (!workers.some(w => w.id === input.leadWorkerId)) {
          return refuse('leadWorkerId', 'Select a lead worker from the list')
        }
      }

      const { id } = await insertStrategyDiscussion(trx, {
        partnershipId,
        childId,
        episodeId: episode.id,
        referralId: referral?.id ?? null,
        heldOn: input.heldOn,
        preBirth,
        reason: input.reason,
        outcome: input.outcome,
        outcomeNotes: input.outcomeNotes,
        leadWorkerId: input.leadWorkerId,
        teamId: input.leadWorkerId
          ? await findTeamOfUser(trx, partnershipId, input.leadWorkerId)
          : null,
        recordedBy: actor.userId,
      })
      await insertParticipants(
        trx,
        input.participants.map(p => ({ partnershipId, strategyDiscussionId: id, ...p })),
      )
      await audit(trx, actor, requestId, {
        action: 'strategy-discussion.recorded',
        resourceType: 'strategy-discussion',
        resourceId: id,
        childId,
        // The reason and notes describe the child: the trail says they were set, not what they say.
        fields: {
          heldOn: input.heldOn,
          outcome: input.outcome,
          preBirth,
          reason: 'set',
          outcomeNotes: input.outcomeNotes ? 'set' : null,
          leadWorkerId: input.leadWorkerId,
          participantAgencyIds: input.participants.map(p => p.agencyId),
          episodeId: episode.id,
          referralId: referral?.id ?? null,
        },
      })
      if (input.outcome !== 'section-47') return { kind: 'recorded', id, section47Id: null }

      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const target = (from: string) =>
        preBirth && child.expectedBirthDate
          ? preBirthIcpcTargetDate(from, child.expectedBirthDate, timescales, calendar)
          : icpcTargetDate(from, timescales, calendar)
      const open = await findOpenSection47(trx, partnershipId, episode.id)
      if (open) {
        const last =
          (await latestStrategyDate(trx, partnershipId, childId, open.startDate)) ?? input.heldOn
        const icpcTarget = target(last)
        if (icpcTarget !== open.icpcTargetDate) {
          await updateSection47(trx, partnershipId, open.id, { icpcTargetDate: icpcTarget })
          for (const conference of await listOpenConferences(trx, partnershipId, {
            section47Id: open.id,
          })) {
            await updateConference(trx, partnershipId, conference.id, { targetDate: icpcTarget })
          }
          await audit(trx, actor, requestId, {
            action: 'section47.target-moved',
            resourceType: 'section47',
            resourceId: open.id,
            childId,
            fields: { icpcTargetDate: { from: open.icpcTargetDate, to: icpcTarget } },
            detail: { strategyDiscussionId: id },
          })
        }
        return { kind: 'recorded', id, section47Id: open.id }
      }
      const started = await listSection47sOfChild(trx, partnershipId, childId)
      if (started.some(s => s.episodeId === episode.id && s.startDate === input.heldOn)) {
        return refuse('heldOn-day', 'A Section 47 enquiry already started on this date')
      }
      const icpcTarget = target(input.heldOn)
      const section47 = await insertSection47(trx, {
        partnershipId,
        episodeId: episode.id,
        startDate: input.heldOn,
        icpcTargetDate: icpcTarget,
        strategyDiscussionId: id,
        leadWorkerId: input.leadWorkerId,
      })
      await audit(trx, actor, requestId, {
        action: 'section47.started',
        resourceType: 'section47',
        resourceId: section47.id,
        childId,
        fields: {
          startDate: input.heldOn,
          icpcTargetDate: icpcTarget,
          icpcNotRequired: false,
          strategyDiscussionId: id,
          leadWorkerId: input.leadWorkerId,
        },
      })
      return { kind: 'recorded', id, section47Id: section47.id }
    }),
  )
}

/** One strategy discussion with its participants; audited. */
export function strategyDiscussionPage(
  db: Db,
  options: { actor: Actor; id: string; requestId: string },
) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const discussion = await findStrategyDiscussion(trx, actor.partnershipId, id)
    if (!discussion) return undefined
    const child = await findChild(trx, actor.partnershipId, discussion.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'strategy-discussion')
    const section47 = (await listSection47sOfChild(trx, actor.partnershipId, child.id)).find(
      s => s.strategyDiscussionId === id,
    )
    return {
      discussion,
      child,
      participants: await listParticipants(trx, actor.partnershipId, [id]),
      section47,
    }
  })
}

// ---- Section 47 enquiries ---------------------------------------------------------------------

export function section47Page(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const section47 = await findSection47(trx, actor.partnershipId, id)
    if (!section47) return undefined
    const child = await findChild(trx, actor.partnershipId, section47.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'section47')
    const discussions = (
      await listStrategyDiscussionsOfChild(trx, actor.partnershipId, child.id)
    ).filter(d => d.episodeId === section47.episodeId && d.heldOn >= section47.startDate)
    const conferences = (await listConferencesOfChild(trx, actor.partnershipId, child.id)).filter(
      c => c.section47Id === id,
    )
    const lead = section47.leadWorkerId ? await listUserNames(trx, [section47.leadWorkerId]) : []
    return { section47, child, discussions, conferences, leadWorkerName: lead[0]?.displayName }
  })
}

export type CompleteSection47Outcome =
  NotFound | Refusal | { kind: 'completed'; conferenceId: string | null }

/**
 * Records how the enquiry ended. Concerns substantiated: an initial conference to schedule, due
 * by the enquiry's target date. Otherwise the census marks the conference as not required.
 */
export function completeSection47(
  db: Db,
  options: { actor: Actor; id: string; input: CompleteSection47Input; requestId: string },
): Promise<CompleteSection47Outcome> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const section47 = await findSection47(trx, partnershipId, id, true)
      if (!section47) return { kind: 'not-found' }
      if (
        section47.completedOn ||
        section47.dateOfInitialCpc ||
        section47.icpcNotRequired === true
      ) {
        return refuse('outcome', 'The outcome of this enquiry is already recorded')
      }
      if (input.completedOn < section47.startDate) {
        return refuse(
          'completedOn-day',
          `The enquiry cannot end before it started (${section47.startDate})`,
        )
      }
      const child = await findChild(trx, partnershipId, section47.childId)
      if (!child) return { kind: 'not-found' }
      const isConference = input.outcome === 'conference'
      const change = {
        completedOn: input.completedOn,
        outcome: input.outcome,
        icpcNotRequired: !isConference,
      }
      await updateSection47(trx, partnershipId, id, change)
      let conferenceId: string | null = null
      if (isConference) {
        const discussion = section47.strategyDiscussionId
          ? await findStrategyDiscussion(trx, partnershipId, section47.strategyDiscussionId)
          : undefined
        const { timescales, calendar } = await clocksIn(trx, partnershipId)
        const targetDate =
          section47.icpcTargetDate ?? icpcTargetDate(section47.startDate, timescales, calendar)
        const conference = await insertConference(trx, {
          partnershipId,
          childId: child.id,
          kind: 'initial',
          preBirth: discussion?.preBirth ?? isUnborn(child),
          section47Id: id,
          targetDate,
          createdBy: actor.userId,
        })
        conferenceId = conference.id
        await audit(trx, actor, requestId, {
          action: 'conference.created',
          resourceType: 'conference',
          resourceId: conference.id,
          childId: child.id,
          fields: { kind: 'initial', status: 'to-schedule', targetDate, section47Id: id },
        })
      }
      await audit(trx, actor, requestId, {
        action: 'section47.completed',
        resourceType: 'section47',
        resourceId: id,
        childId: child.id,
        fields: changedFields<Record<string, unknown>>(
          {
            completedOn: section47.completedOn,
            outcome: section47.outcome,
            icpcNotRequired: section47.icpcNotRequired,
          },
          change,
        ),
      })
      return { kind: 'completed', conferenceId }
    }),
  )
}

// ---- Conferences ------------------------------------------------------------------------------

export function isReportOnTime(invitation: {
  reportReceivedAt: Date | string | null
  reportDueAt: Date | string | null
}): boolean | null {
  if (!invitation.reportReceivedAt || !invitation.reportDueAt) return null
  return new Date(invitation.reportReceivedAt) <= new Date(invitation.reportDueAt)
}

/** Everything the conference page shows; audited. */
export function conferencePage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const conference = await findConference(trx, partnershipId, id)
    if (!conference) return undefined
    await auditView(trx, actor, requestId, conference.childId, 'conference')
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const scheduledOn = conference.scheduledAt
      ? londonParts(new Date(conference.scheduledAt)).date
      : null
    const section47 = conference.section47Id
      ? await findSection47(trx, partnershipId, conference.section47Id)
      : undefined
    // A review belongs to its plan; an initial conference may have made one.
    const plan = conference.planId
      ? await findPlan(trx, partnershipId, conference.planId)
      : (await listPlansOfChild(trx, partnershipId, conference.childId)).find(
          candidate => candidate.initialConferenceId === id,
        )
    return {
      conference,
      scheduledOn,
      reportDueOn: scheduledOn ? reportDueDate(scheduledOn, timescales, calendar) : null,
      invitations: await listInvitations(trx, partnershipId, id),
      agencies: await listActiveAgencies(trx, partnershipId),
      chairs: await listUsersWithRoles(trx, partnershipId, CHAIR_ROLES),
      section47,
      plan,
    }
  })
}

/** What the outcome form needs to be read: the kind of conference and its invitations. */
export function conferenceFormContext(db: Db, actor: Actor, id: string) {
  return inPartnership(db, scope(actor), async trx => {
    const conference = await findConference(trx, actor.partnershipId, id)
    if (!conference) return undefined
    const invitations = await listInvitations(trx, actor.partnershipId, id)
    return { kind: conference.kind, invitationIds: invitations.map(invitation => invitation.id) }
  })
}

type ConferenceRow = NonNullable<Awaited<ReturnType<typeof findConference>>>

const isOpen = (conference: ConferenceRow) =>
  conference.status === 'to-schedule' || conference.status === 'scheduled'

/** The earliest day the conference can be held: after its enquiry started or its plan began. */
async function earliestConferenceDate(trx: Trx, partnershipId: string, conference: ConferenceRow) {
  if (conference.section47Id) {
    const section47 = await findSection47(trx, partnershipId, conference.section47Id)
    return section47
      ? { date: section47.startDate, after: false, what: 'the enquiry started' }
      : null
  }
  if (conference.planId) {
    const plan = await findPlan(trx, partnershipId, conference.planId)
    const last = plan?.reviewDates.at(-1) ?? plan?.startDate
    return last ? { date: last, after: true, what: 'the plan’s last conference' } : null
  }
  return null
}

export type ConferenceChange = NotFound | Refusal | { kind: 'done' }

export function scheduleConference(
  db: Db,
  options: { actor: Actor; id: string; input: ScheduleConferenceInput; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      if (!isOpen(conference)) {
        return refuse('date-day', 'This conference has been held or cancelled')
      }
      const chairs = await listUsersWithRoles(trx, partnershipId, CHAIR_ROLES)
      if (!chairs.some(chair => chair.id === input.chairId)) {
        return refuse('chairId', 'Select a chair from the list')
      }
      const earliest = await earliestConferenceDate(trx, partnershipId, conference)
      if (earliest && (earliest.after ? input.date <= earliest.date : input.date < earliest.date)) {
        return refuse(
          'date-day',
          `The conference must be ${earliest.after ? 'after' : 'on or after the day'} ${earliest.what} (${earliest.date})`,
        )
      }
      const scheduledAt = londonInstant(input.date, input.seconds)
      const before = {
        status: conference.status,
        scheduledAt: conference.scheduledAt ? new Date(conference.scheduledAt).toISOString() : null,
        venue: conference.venue,
        chairId: conference.chairId,
      }
      const after = {
        status: 'scheduled' as const,
        scheduledAt: scheduledAt.toISOString(),
        venue: input.venue,
        chairId: input.chairId,
      }
      const fields = changedFields(before, after)
      if (Object.keys(fields).length === 0) return { kind: 'done' }
      await updateConference(trx, partnershipId, id, { ...after, scheduledAt })
      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const dueOn = reportDueDate(input.date, timescales, calendar)
      await setReportsDue(trx, partnershipId, id, reportDueInstant(dueOn))
      await audit(trx, actor, requestId, {
        action:
          conference.status === 'scheduled' ? 'conference.rescheduled' : 'conference.scheduled',
        resourceType: 'conference',
        resourceId: id,
        childId: conference.childId,
        fields: { ...fields, reportsDueOn: dueOn },
      })
      return { kind: 'done' }
    }),
  )
}

export function cancelConference(
  db: Db,
  options: { actor: Actor; id: string; reason: string; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, reason, requestId } = options
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, actor.partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      if (!isOpen(conference)) {
        return refuse('cancelledReason', 'This conference has been held or cancelled already')
      }
      await updateConference(trx, actor.partnershipId, id, {
        status: 'cancelled',
        cancelledReason: reason,
      })
      await audit(trx, actor, requestId, {
        action: 'conference.cancelled',
        resourceType: 'conference',
        resourceId: id,
        childId: conference.childId,
        fields: { status: { from: conference.status, to: 'cancelled' }, cancelledReason: 'set' },
      })
      return { kind: 'done' }
    }),
  )
}

export function addInvitations(
  db: Db,
  options: { actor: Actor; id: string; input: InvitationInput[]; requestId: string },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      if (!isOpen(conference)) {
        return refuse('invitation-0-agency', 'This conference has been held or cancelled')
      }
      const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
      const unknown = input.findIndex(invitation => !agencies.has(invitation.agencyId))
      if (unknown >= 0) {
        return refuse(`invitation-${String(unknown)}-agency`, 'Select an agency from the list')
      }
      let reportDueAt: Date | null = null
      if (conference.scheduledAt) {
        const { timescales, calendar } = await clocksIn(trx, partnershipId)
        const date = londonParts(new Date(conference.scheduledAt)).date
        reportDueAt = reportDueInstant(reportDueDate(date, timescales, calendar))
      }
      const rows = await insertInvitations(
        trx,
        input.map(invitation => ({
          partnershipId,
          conferenceId: id,
          ...invitation,
          reportDueAt,
          createdBy: actor.userId,
        })),
      )
      for (const row of rows) {
        await audit(trx, actor, requestId, {
          action: 'conference-invitation.created',
          resourceType: 'conference-invitation',
          resourceId: row.id,
          childId: conference.childId,
          fields: {
            agencyId: row.agencyId,
            inviteeName: 'set',
            reportDueAt: reportDueAt?.toISOString() ?? null,
          },
          detail: { conferenceId: id },
        })
      }
      return { kind: 'done' }
    }),
  )
}

export function markInvitationsSent(
  db: Db,
  options: { actor: Actor; id: string; input: MarkSentInput; requestId: string; now: Date },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId, now } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      if (conference.status === 'cancelled') {
        return refuse('invitationIds', 'This conference has been cancelled')
      }
      const invitations = await listInvitations(trx, partnershipId, id)
      const chosen = invitations.filter(invitation => input.invitationIds.includes(invitation.id))
      if (chosen.length !== new Set(input.invitationIds).size) {
        return refuse('invitationIds', 'Select invitations listed for this conference')
      }
      const today = londonParts(now).date
      const sentAt =
        input.sentOn === null || input.sentOn === today
          ? now
          : londonInstant(input.sentOn, 12 * 3600)
      for (const invitation of chosen) {
        await updateInvitation(trx, partnershipId, invitation.id, { sentAt })
        await audit(trx, actor, requestId, {
          action: 'conference-invitation.sent',
          resourceType: 'conference-invitation',
          resourceId: invitation.id,
          childId: conference.childId,
          fields: {
            sentAt: {
              from: invitation.sentAt ? new Date(invitation.sentAt).toISOString() : null,
              to: sentAt.toISOString(),
            },
          },
          detail: { conferenceId: id },
        })
      }
      return { kind: 'done' }
    }),
  )
}

export function recordReportReceived(
  db: Db,
  options: {
    actor: Actor
    id: string
    invitationId: string
    input: ReportReceivedInput
    requestId: string
    now: Date
  },
): Promise<ConferenceChange> {
  const { actor, id, invitationId, input, requestId, now } = options
  const { partnershipId } = actor
  const field = `report-${invitationId}`
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      const invitation = (await listInvitations(trx, partnershipId, id)).find(
        candidate => candidate.id === invitationId,
      )
      if (!invitation) return { kind: 'not-found' }
      if (conference.status === 'cancelled')
        return refuse(field, 'This conference has been cancelled')
      const receivedAt = input.receivedOn ? londonInstant(input.receivedOn, input.seconds) : now
      if (receivedAt > now) return refuse(field, 'The time received must be in the past')
      await updateInvitation(trx, partnershipId, invitationId, {
        reportReceivedAt: receivedAt,
        reportReceivedBy: actor.userId,
        ...(input.reportText ? { reportText: input.reportText } : {}),
      })
      const onTime = isReportOnTime({
        reportReceivedAt: receivedAt,
        reportDueAt: invitation.reportDueAt,
      })
      await audit(trx, actor, requestId, {
        action: 'conference-invitation.report-received',
        resourceType: 'conference-invitation',
        resourceId: invitationId,
        childId: conference.childId,
        fields: {
          reportReceivedAt: {
            from: invitation.reportReceivedAt
              ? new Date(invitation.reportReceivedAt).toISOString()
              : null,
            to: receivedAt.toISOString(),
          },
          reportText: input.reportText ? 'set' : undefined,
        },
        detail: { conferenceId: id, onTime },
      })
      return { kind: 'done' }
    }),
  )
}

/** Attendance recorded (or corrected) per invitation after the conference was held. */
export function recordAttendance(
  db: Db,
  options: {
    actor: Actor
    id: string
    input: Record<string, 'attended' | 'apologies' | 'absent'>
    requestId: string
  },
): Promise<ConferenceChange> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      const invitations = await listInvitations(trx, partnershipId, id)
      const field = `attendance-${invitations[0]?.id ?? ''}`
      if (conference.status !== 'held') {
        return refuse(field, 'Attendance is recorded once the conference has been held')
      }
      if (Object.keys(input).length === 0)
        return refuse(field, 'Select whether each agency attended')
      for (const invitation of invitations) {
        const attendance = input[invitation.id]
        if (!attendance || attendance === invitation.attendance) continue
        await updateInvitation(trx, partnershipId, invitation.id, { attendance })
        await audit(trx, actor, requestId, {
          action: 'conference-invitation.attendance-recorded',
          resourceType: 'conference-invitation',
          resourceId: invitation.id,
          childId: conference.childId,
          fields: { attendance: { from: invitation.attendance, to: attendance } },
          detail: { conferenceId: id },
        })
      }
      return { kind: 'done' }
    }),
  )
}

export type OutcomeRecorded =
  NotFound | Refusal | { kind: 'recorded'; planId: string | null; nextConferenceId: string | null }

/**
 * Records a conference as held with its outcome, and the census records it decides, in one
 * transaction: the initial conference's date on the enquiry; a new plan with its first review;
 * a review's date and latest category on the plan, with the next review; or the plan's end.
 */
export function recordConferenceOutcome(
  db: Db,
  options: { actor: Actor; id: string; input: ConferenceOutcomeInput; requestId: string },
): Promise<OutcomeRecorded> {
  const { actor, id, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const conference = await findConference(trx, partnershipId, id, true)
      if (!conference) return { kind: 'not-found' }
      if (conference.status === 'held') {
        return refuse('outcome', 'The outcome of this conference is already recorded')
      }
      if (conference.status === 'cancelled') {
        return refuse('outcome', 'This conference was cancelled')
      }
      if (conference.status !== 'scheduled') {
        return refuse('outcome', 'Schedule the conference before recording it as held')
      }
      const child = await findChild(trx, partnershipId, conference.childId)
      if (!child) return { kind: 'not-found' }
      const invitations = await listInvitations(trx, partnershipId, id)
      for (const [invitationId, attendance] of Object.entries(input.attendance)) {
        if (!invitations.some(invitation => invitation.id === invitationId)) continue
        await updateInvitation(trx, partnershipId, invitationId, { attendance })
      }
      const { timescales, calendar } = await clocksIn(trx, partnershipId)
      const result =
        conference.kind === 'initial'
          ? await initialOutcome(
              trx,
              actor,
              requestId,
              conference,
              child,
              input,
              timescales,
              calendar,
            )
          : await reviewOutcome(trx, actor, requestId, conference, input, timescales)
      if (result.kind !== 'recorded') return result
      const change = {
        status: 'held' as const,
        heldOn: input.heldOn,
        outcome: input.outcome,
        category: input.category,
        outcomeNotes: input.outcomeNotes,
      }
      await updateConference(trx, partnershipId, id, {
        ...change,
        recordedBy: actor.userId,
        recordedAt: new Date(),
      })
      await audit(trx, actor, requestId, {
        action: 'conference.outcome-recorded',
        resourceType: 'conference',
        resourceId: id,
        childId: conference.childId,
        fields: {
          ...changedFields<Record<string, unknown>>(
            {
              status: conference.status,
              heldOn: conference.heldOn,
              outcome: conference.outcome,
              category: conference.category,
              outcomeNotes: conference.outcomeNotes,
            },
            change,
          ),
          ...(input.outcomeNotes ? { outcomeNotes: 'set' } : {}),
          attendance: input.attendance,
        },
        detail: { planId: result.planId, nextConferenceId: result.nextConferenceId },
      })
      return result
    }),
  )
}

async function createReview(
  trx: Trx,
  actor: Actor,
  requestId: string,
  values: { childId: string; planId: string; targetDate: string; preBirth: boolean },
): Promise<string> {
  const { id } = await insertConference(trx, {
    partnershipId: actor.partnershipId,
    kind: 'review',
    createdBy: actor.userId,
    ...values,
  })
  await audit(trx, actor, requestId, {
    action: 'conference.created',
    resourceType: 'conference',
    resourceId: id,
    childId: values.childId,
    fields: { kind: 'review', status: 'to-schedule', targetDate: values.targetDate },
    detail: { planId: values.planId },
  })
  return id
}

async function initialOutcome(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: ConferenceRow,
  child: NonNullable<Awaited<ReturnType<typeof findChild>>>,
  input: ConferenceOutcomeInput,
  timescales: ProtectionTimescales,
  calendar: WorkingDayCalendar,
): Promise<OutcomeRecorded> {
  const { partnershipId } = actor
  const section47 = conference.section47Id
    ? await findSection47(trx, partnershipId, conference.section47Id, true)
    : undefined
  if (!section47) return refuse('heldOn-day', 'This conference has no Section 47 enquiry')
  if (input.heldOn < section47.startDate) {
    return refuse(
      'heldOn-day',
      `The conference cannot be held before the Section 47 enquiry started (${section47.startDate})`,
    )
  }
  // Census rule 8875: an initial conference is never on a Saturday or Sunday.
  if (isWeekendDate(input.heldOn)) {
    return refuse('heldOn-day', 'An initial conference cannot be held on a Saturday or Sunday')
  }
  const plans = await listPlansOfChild(trx, partnershipId, conference.childId)
  if (input.outcome === 'plan' && plans.some(plan => plan.endDate === null)) {
    return refuse('outcome', 'The child already has a child protection plan that has not ended')
  }
  // The census carries the conference on the enquiry; the CIN-level date is only for a
  // conference with no enquiry in the episode (rule 2884 refuses it in both places).
  await updateSection47(trx, partnershipId, section47.id, { dateOfInitialCpc: input.heldOn })
  await audit(trx, actor, requestId, {
    action: 'section47.conference-held',
    resourceType: 'section47',
    resourceId: section47.id,
    childId: conference.childId,
    fields: { dateOfInitialCpc: { from: section47.dateOfInitialCpc, to: input.heldOn } },
  })
  if (input.outcome !== 'plan' || !input.category) {
    return { kind: 'recorded', planId: null, nextConferenceId: null }
  }
  const numberOfPreviousPlans = plans.filter(plan => plan.startDate < input.heldOn).length
  const { id: planId } = await insertPlan(trx, {
    partnershipId,
    episodeId: section47.episodeId,
    startDate: input.heldOn,
    initialCategory: input.category,
    latestCategory: input.category,
    numberOfPreviousPlans,
    initialConferenceId: conference.id,
    preBirth: conference.preBirth,
    leadWorkerId: section47.leadWorkerId,
    teamId: section47.leadWorkerId
      ? await findTeamOfUser(trx, partnershipId, section47.leadWorkerId)
      : null,
  })
  await audit(trx, actor, requestId, {
    action: 'plan.started',
    resourceType: 'child-protection-plan',
    resourceId: planId,
    childId: conference.childId,
    fields: {
      startDate: input.heldOn,
      initialCategory: input.category,
      latestCategory: input.category,
      numberOfPreviousPlans,
      preBirth: conference.preBirth,
      initialConferenceId: conference.id,
    },
  })
  const targetDate = firstReviewDueDate(
    {
      icpcHeldOn: input.heldOn,
      preBirth: conference.preBirth,
      birthDate: child.birthDate,
      expectedBirthDate: child.expectedBirthDate,
    },
    timescales,
    calendar,
  )
  const nextConferenceId = await createReview(trx, actor, requestId, {
    childId: conference.childId,
    planId,
    targetDate,
    preBirth: conference.preBirth,
  })
  return { kind: 'recorded', planId, nextConferenceId }
}

async function reviewOutcome(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: ConferenceRow,
  input: ConferenceOutcomeInput,
  timescales: ProtectionTimescales,
): Promise<OutcomeRecorded> {
  const { partnershipId } = actor
  const plan = conference.planId
    ? await findPlan(trx, partnershipId, conference.planId, true)
    : undefined
  if (!plan) return { kind: 'not-found' }
  if (plan.endDate) return refuse('outcome', 'The plan has already ended')
  const last = plan.reviewDates.at(-1) ?? plan.startDate
  // Census rule 8841: a review falls after the plan's start (and after the last review).
  if (input.heldOn <= last) {
    return refuse(
      'heldOn-day',
      `The review must be held after the plan’s last conference (${last})`,
    )
  }
  const reviewDates = [...plan.reviewDates, input.heldOn]
  if (input.outcome === 'continue-plan' && input.category) {
    await updatePlan(trx, partnershipId, plan.id, {
      reviewDates,
      latestCategory: input.category,
    })
    await audit(trx, actor, requestId, {
      action: 'plan.reviewed',
      resourceType: 'child-protection-plan',
      resourceId: plan.id,
      childId: conference.childId,
      fields: {
        reviewDates: { from: plan.reviewDates, to: reviewDates },
        ...changedFields(
          { latestCategory: plan.latestCategory },
          { latestCategory: input.category },
        ),
      },
    })
    const nextConferenceId = await createReview(trx, actor, requestId, {
      childId: conference.childId,
      planId: plan.id,
      targetDate: nextReviewDueDate(input.heldOn, timescales),
      preBirth: false,
    })
    return { kind: 'recorded', planId: plan.id, nextConferenceId }
  }
  const change = {
    reviewDates,
    endDate: input.heldOn,
    endingConferenceId: conference.id,
    endReason: input.endReason ?? 'other',
  }
  await updatePlan(trx, partnershipId, plan.id, change)
  await audit(trx, actor, requestId, {
    action: 'plan.ended',
    resourceType: 'child-protection-plan',
    resourceId: plan.id,
    childId: conference.childId,
    fields: changedFields<Record<string, unknown>>(
      {
        reviewDates: plan.reviewDates,
        endDate: plan.endDate,
        endingConferenceId: plan.endingConferenceId,
        endReason: plan.endReason,
      },
      change,
    ),
  })
  return { kind: 'recorded', planId: plan.id, nextConferenceId: null }
}

/** The conference list: a view of many children's records, audited as such. */
export function conferenceList(
  db: Db,
  options: {
    actor: Actor
    show: string
    today: string
    limit: number
    requestId: string
    format: string
  },
) {
  const { actor, show, today, limit, requestId, format } = options
  return inPartnership(db, scope(actor), async trx => {
    const rows = await listConferences(trx, actor.partnershipId, { show, today, limit })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: format === 'csv' ? 'conference.exported' : 'conference.listed',
      resourceType: 'conference',
      detail: { show, rows: rows.length, format },
      requestId,
    })
    return rows
  })
}

// ---- Plans and core groups --------------------------------------------------------------------

export function planPage(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const plan = await findPlan(trx, partnershipId, id)
    if (!plan) return undefined
    const child = await findChild(trx, partnershipId, plan.childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, child.id, 'plan')
    const { timescales, calendar } = await clocksIn(trx, partnershipId)
    const coreGroups = await listCoreGroups(trx, partnershipId, id)
    const firstCoreGroupDue = firstCoreGroupDueDate(plan.startDate, timescales, calendar)
    const firstCoreGroup = coreGroups[0]
    return {
      plan,
      child,
      leadWorkerName: plan.leadWorkerId
        ? (await listUserNames(trx, [plan.leadWorkerId]))[0]?.displayName
        : undefined,
      reviews: await listConferencesOfPlan(trx, partnershipId, id),
      coreGroups,
      firstCoreGroupDue,
      firstCoreGroupMet: firstCoreGroup ? firstCoreGroup.heldOn <= firstCoreGroupDue : null,
      agencies: await listActiveAgencies(trx, partnershipId),
      agencyNames: new Map(
        (await listAgencyNames(trx, partnershipId)).map(agency => [agency.id, agency.name]),
      ),
    }
  })
}

export type PlanChange = NotFound | Refusal | { kind: 'done' }

export function recordCoreGroup(
  db: Db,
  options: { actor: Actor; planId: string; input: CoreGroupInput; requestId: string },
): Promise<PlanChange> {
  const { actor, planId, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const plan = await findPlan(trx, partnershipId, planId, true)
      if (!plan) return { kind: 'not-found' }
      if (input.heldOn < plan.startDate) {
        return refuse(
          'heldOn-day',
          `A core group meeting cannot be before the plan started (${plan.startDate})`,
        )
      }
      if (plan.endDate && input.heldOn > plan.endDate) {
        return refuse('heldOn-day', `The plan ended on ${plan.endDate}: the meeting must be before`)
      }
      const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
      if (!input.agencyIds.every(agencyId => agencies.has(agencyId))) {
        return refuse('agencyIds', 'Select agencies from the list')
      }
      const row = await insertCoreGroup(trx, {
        partnershipId,
        planId,
        heldOn: input.heldOn,
        agenciesPresent: input.agencyIds,
        notes: input.notes,
        recordedBy: actor.userId,
      })
      if (!row) return refuse('heldOn-day', 'A core group meeting on this date is already recorded')
      await audit(trx, actor, requestId, {
        action: 'core-group.recorded',
        resourceType: 'core-group-meeting',
        resourceId: row.id,
        childId: plan.childId,
        fields: {
          heldOn: input.heldOn,
          agenciesPresent: input.agencyIds,
          notes: input.notes ? 'set' : null,
        },
        detail: { planId },
      })
      return { kind: 'done' }
    }),
  )
}

/** Ends a plan outside a conference (the child moved away, became looked after, turned 18). */
export function endPlan(
  db: Db,
  options: { actor: Actor; planId: string; input: EndPlanInput; requestId: string },
): Promise<PlanChange> {
  const { actor, planId, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const plan = await findPlan(trx, partnershipId, planId, true)
      if (!plan) return { kind: 'not-found' }
      if (plan.endDate) return refuse('endedOn-day', 'This plan has already ended')
      // Census rules 8840 and 8925: a plan ends after the day it started.
      if (input.endedOn <= plan.startDate) {
        return refuse(
          'endedOn-day',
          `The plan must end after the day it started (${plan.startDate})`,
        )
      }
      const lastReview = plan.reviewDates.at(-1)
      if (lastReview && input.endedOn < lastReview) {
        return refuse('endedOn-day', `The plan was reviewed on ${lastReview}: it cannot end before`)
      }
      const change = {
        endDate: input.endedOn,
        endReason: input.reason,
        endReasonNotes: input.notes,
        endingConferenceId: null,
      }
      await updatePlan(trx, partnershipId, planId, change)
      await audit(trx, actor, requestId, {
        action: 'plan.ended',
        resourceType: 'child-protection-plan',
        resourceId: planId,
        childId: plan.childId,
        fields: {
          endDate: { from: null, to: input.endedOn },
          endReason: { from: null, to: input.reason },
          endReasonNotes: input.notes ? 'set' : null,
        },
      })
      // Reviews still to come will not be held.
      for (const review of await listOpenConferences(trx, partnershipId, { planId })) {
        await updateConference(trx, partnershipId, review.id, {
          status: 'cancelled',
          cancelledReason: 'The plan ended before the review',
        })
        await audit(trx, actor, requestId, {
          action: 'conference.cancelled',
          resourceType: 'conference',
          resourceId: review.id,
          childId: plan.childId,
          fields: { status: { from: review.status, to: 'cancelled' } },
          detail: { planId, reason: 'plan-ended' },
        })
      }
      return { kind: 'done' }
    }),
  )
}

// ---- A child's protection summary --------------------------------------------------------------

export function childProtectionSummary(
  db: Db,
  options: { actor: Actor; childId: string; requestId: string },
) {
  const { actor, childId, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const child = await findChild(trx, partnershipId, childId)
    if (!child) return undefined
    await auditView(trx, actor, requestId, childId, 'protection')
    return {
      child,
      episode: await findOpenEpisode(trx, partnershipId, childId),
      discussions: await listStrategyDiscussionsOfChild(trx, partnershipId, childId),
      section47s: await listSection47sOfChild(trx, partnershipId, childId),
      conferences: await listConferencesOfChild(trx, partnershipId, childId),
      plans: await listPlansOfChild(trx, partnershipId, childId),
    }
  })
}

// ---- Settings ---------------------------------------------------------------------------------

export function protectionTimescales(db: Db, actor: Actor): Promise<ProtectionTimescales> {
  return inPartnership(db, scope(actor), trx => findTimescales(trx, actor.partnershipId))
}

export function saveProtectionTimescales(
  db: Db,
  options: { actor: Actor; input: ProtectionTimescales; requestId: string },
): Promise<void> {
  const { actor, input, requestId } = options
  return inPartnership(db, scope(actor), async trx => {
    const before = await findTimescales(trx, actor.partnershipId)
    const fields = changedFields({ ...before }, { ...input })
    if (Object.keys(fields).length === 0) return
    await upsertTimescales(trx, { partnershipId: actor.partnershipId, ...input })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'protection-settings.updated',
      resourceType: 'protection-settings',
      resourceId: actor.partnershipId,
      fields,
      requestId,
    })
  })
}
