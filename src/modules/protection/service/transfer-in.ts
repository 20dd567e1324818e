/**
 * A child arriving on a child protection plan from another authority (Working Together 2023): the
 * plan there is recorded as a previous plan, so that NumberOfPreviousCPP counts it, and a
 * transfer-in conference is due within 15 working days of the day we were told. Scheduled and
 * recorded like an initial conference; "continue the plan" opens a plan here on its date.
 */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { formatDate } from '../../../platform/http/web.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { isWeekendDate } from '../../../platform/working-days.js'
import {
  findChild,
  findEpisode,
  findOpenEpisode,
  findOpenTransferIn,
  findPreviousPlan,
  insertConference,
  insertPreviousPlan,
  listPlansOfChild,
  listSection47sOfChild,
  updateEpisode,
  updatePreviousPlan,
} from '../repo.js'
import {
  TRANSFER_IN_WORKING_DAYS,
  type ConferenceOutcomeInput,
  type TransferInInput,
} from '../schema.js'
import { startPlanWithFirstReview } from './plan-start.js'
import type { ConferenceRow } from './conferences.js'
import type { OutcomeRecorded } from './outcomes.js'
import { audit, calendarIn, clocksIn, type NotFound, type Refusal } from './shared.js'

const NO_EPISODE =
  'The child has no open child in need episode: the front door’s decision on the notification opens one'
const ON_A_PLAN = 'The child already has a child protection plan here that has not ended'

async function hasOpenPlan(trx: Trx, partnershipId: string, childId: string) {
  const plans = await listPlansOfChild(trx, partnershipId, childId)
  return plans.some(plan => plan.endDate === null)
}

/** Records the transfer: the plan there (a previous plan) and its conference, to schedule. */
export function recordTransferIn(
  db: Db,
  options: { actor: Actor; childId: string; input: TransferInInput; requestId: string },
): Promise<NotFound | Refusal | { kind: 'done'; id: string }> {
  const { actor, childId, input, requestId } = options
  const { partnershipId } = actor
  return refusable(() =>
    inPartnership(db, scope(actor), async trx => {
      const child = await findChild(trx, partnershipId, childId)
      if (!child) return { kind: 'not-found' }
      if (input.startedOn > input.notifiedOn) {
        return refuse(
          'startedOn-day',
          'The plan must have started on or before the day we were told of the transfer',
        )
      }
      if (await hasOpenPlan(trx, partnershipId, childId)) return refuse('authority', ON_A_PLAN)
      const open = await findOpenTransferIn(trx, partnershipId, childId)
      if (open) {
        return refuse(
          'authority',
          `A transfer-in conference for this child is already due by ${formatDate(open.targetDate)}`,
        )
      }
      if (!(await findOpenEpisode(trx, partnershipId, childId))) {
        return refuse('authority', NO_EPISODE)
      }
      const previous = await insertPreviousPlan(trx, {
        partnershipId,
        childId,
        authority: input.authority,
        startDate: input.startedOn,
        endDate: null,
        category: input.category,
        recordedBy: actor.userId,
      })
      if (!previous) {
        return refuse('startedOn-day', 'A plan starting on this date is already recorded')
      }
      await audit(trx, actor, requestId, {
        action: 'previous-plan.recorded',
        resourceType: 'previous-protection-plan',
        resourceId: previous.id,
        childId,
        fields: {
          authority: input.authority,
          startDate: input.startedOn,
          endDate: null,
          category: input.category,
        },
        detail: { transferIn: true },
      })
      const calendar = await calendarIn(trx)
      const targetDate = calendar.addWorkingDays(input.notifiedOn, TRANSFER_IN_WORKING_DAYS)
      const { id } = await insertConference(trx, {
        partnershipId,
        childId,
        kind: 'transfer-in',
        targetDate,
        notifiedOn: input.notifiedOn,
        previousPlanId: previous.id,
        createdBy: actor.userId,
      })
      await audit(trx, actor, requestId, {
        action: 'conference.created',
        resourceType: 'conference',
        resourceId: id,
        childId,
        fields: {
          kind: 'transfer-in',
          status: 'to-schedule',
          targetDate,
          notifiedOn: input.notifiedOn,
        },
        detail: { previousPlanId: previous.id },
      })
      return { kind: 'done', id }
    }),
  )
}

/** The child's transfer-in conference still to hold: when it is due, and how long is left. */
export async function transferInClock(
  trx: Trx,
  partnershipId: string,
  childId: string,
  today: string,
) {
  const open = await findOpenTransferIn(trx, partnershipId, childId)
  if (!open) return null
  const calendar = await calendarIn(trx)
  return {
    ...open,
    isOverdue: open.targetDate < today,
    workingDaysLeft: Math.max(0, calendar.workingDaysBetween(today, open.targetDate)),
  }
}

/**
 * The census has no transfer-in conference: the guide (and the SSD's icpc_icpc_transfer_in) count
 * it as the initial conference. With no enquiry in the episode it goes on the episode itself, so
 * that rule 2885 finds the plan's start; an enquiry would carry its own conference (rule 2884).
 */
async function recordConferenceOnEpisode(
  trx: Trx,
  actor: Actor,
  requestId: string,
  values: { episodeId: string; childId: string; heldOn: string },
) {
  const enquiries = (await listSection47sOfChild(trx, actor.partnershipId, values.childId)).filter(
    s47 => s47.episodeId === values.episodeId && s47.icpcNotRequired !== true,
  )
  const episode = await findEpisode(trx, actor.partnershipId, values.episodeId, true)
  if (enquiries.length > 0 || !episode || episode.dateOfInitialCpc !== null) return
  await updateEpisode(trx, actor.partnershipId, values.episodeId, {
    dateOfInitialCpc: values.heldOn,
  })
  await audit(trx, actor, requestId, {
    action: 'episode.conference-held',
    resourceType: 'cin-episode',
    resourceId: values.episodeId,
    childId: values.childId,
    fields: { dateOfInitialCpc: { from: null, to: values.heldOn } },
    detail: { transferIn: true },
  })
}

/** The plan there ends on the day of the transfer-in conference, whatever it decides. */
async function endPlanThere(
  trx: Trx,
  actor: Actor,
  requestId: string,
  conference: ConferenceRow,
  heldOn: string,
) {
  if (!conference.previousPlanId) return
  const previous = await findPreviousPlan(trx, actor.partnershipId, conference.previousPlanId, true)
  if (!previous || previous.endDate !== null) return
  await updatePreviousPlan(trx, actor.partnershipId, previous.id, { endDate: heldOn })
  await audit(trx, actor, requestId, {
    action: 'previous-plan.ended',
    resourceType: 'previous-protection-plan',
    resourceId: previous.id,
    childId: conference.childId,
    fields: { endDate: { from: null, to: heldOn } },
    detail: { conferenceId: conference.id },
  })
}

/**
 * The transfer-in conference's outcome, inside `recordConferenceOutcome`'s transaction: never
 * before the notification or on a weekend; "continue the plan" opens a plan here on its date,
 * in the child's open episode, with its first review; "no plan needed" opens none.
 */
export async function transferInOutcome(
  trx: Trx,
  actor: Actor,
  requestId: string,
  found: {
    conference: ConferenceRow
    child: { birthDate: string | null; expectedBirthDate: string | null }
    input: ConferenceOutcomeInput
  },
): Promise<OutcomeRecorded> {
  const { conference, child, input } = found
  const { partnershipId } = actor
  if (!conference.notifiedOn) return { kind: 'not-found' }
  if (input.heldOn < conference.notifiedOn) {
    return refuse(
      'heldOn-day',
      `The conference cannot be held before we were told of the transfer (${formatDate(conference.notifiedOn)})`,
    )
  }
  if (isWeekendDate(input.heldOn)) {
    return refuse('heldOn-day', 'A transfer-in conference cannot be held on a Saturday or Sunday')
  }
  if (input.outcome !== 'plan' || !input.category) {
    await endPlanThere(trx, actor, requestId, conference, input.heldOn)
    return { kind: 'recorded', planId: null, nextConferenceId: null }
  }
  if (await hasOpenPlan(trx, partnershipId, conference.childId)) return refuse('outcome', ON_A_PLAN)
  const episode = await findOpenEpisode(trx, partnershipId, conference.childId)
  if (!episode) return refuse('outcome', NO_EPISODE)
  if (input.heldOn < episode.referralDate) {
    return refuse(
      'heldOn-day',
      `The plan cannot start before the child in need episode’s referral (${formatDate(episode.referralDate)})`,
    )
  }
  await endPlanThere(trx, actor, requestId, conference, input.heldOn)
  await recordConferenceOnEpisode(trx, actor, requestId, {
    episodeId: episode.id,
    childId: conference.childId,
    heldOn: input.heldOn,
  })
  // The worker who recorded the transfer leads the plan until it names another.
  const { planId, nextConferenceId } = await startPlanWithFirstReview(trx, actor, requestId, {
    conference,
    child,
    episodeId: episode.id,
    heldOn: input.heldOn,
    category: input.category,
    preBirth: false,
    leadWorkerId: conference.createdBy,
    clocks: await clocksIn(trx, partnershipId),
    detail: { transferIn: true },
  })
  return { kind: 'recorded', planId, nextConferenceId }
}
