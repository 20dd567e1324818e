/** What a child protection plan says: outcomes, actions, the contingency plan, version by version. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse } from '../../../platform/refusal.js'
import {
  findConference,
  findPlan,
  insertPlanVersion,
  listActiveAgencies,
  listConferencesOfPlan,
  listCoreGroups,
  listPlanVersions,
  type PlanVersion,
} from '../repo.js'
import type { ActionInput, ActionUpdate, PlanVersionInput } from '../schema.js'
import type { PlanAction } from '../table.js'
import { audit, changeRecord, viewPlanAndChild } from './shared.js'
import type { PlanChange } from './plans.js'

type Plan = NonNullable<Awaited<ReturnType<typeof findPlan>>>

/** The held conferences and the core groups of a plan: who may agree a version of it. */
async function agreeingMeetings(trx: Trx, partnershipId: string, plan: Plan) {
  const reviews = await listConferencesOfPlan(trx, partnershipId, plan.id)
  const initial = plan.initialConferenceId
    ? await findConference(trx, partnershipId, plan.initialConferenceId)
    : undefined
  const conferences = [
    ...(initial?.heldOn ? [{ id: initial.id, kind: initial.kind, heldOn: initial.heldOn }] : []),
    ...reviews.flatMap(review =>
      review.status === 'held' && review.heldOn
        ? [{ id: review.id, kind: review.kind, heldOn: review.heldOn }]
        : [],
    ),
  ]
  const coreGroups = await listCoreGroups(trx, partnershipId, plan.id)
  return { conferences, coreGroups }
}

/** The plan-contents form: the latest version to start from, and who may have agreed the change. */
export function planContentsForm(db: Db, options: { actor: Actor; id: string; requestId: string }) {
  const { actor, id, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const found = await viewPlanAndChild(trx, actor, requestId, {
      planId: id,
      page: 'plan-contents',
    })
    if (!found) return undefined
    const { plan, child } = found
    const versions = await listPlanVersions(trx, partnershipId, id)
    return {
      plan,
      child,
      latest: versions.at(-1),
      ...(await agreeingMeetings(trx, partnershipId, plan)),
      agencies: await listActiveAgencies(trx, partnershipId),
    }
  })
}

async function checkAgreedAt(trx: Trx, partnershipId: string, plan: Plan, input: PlanVersionInput) {
  const { conferences, coreGroups } = await agreeingMeetings(trx, partnershipId, plan)
  const { kind, id } = input.agreedAt
  const known =
    kind === 'conference'
      ? conferences.some(conference => conference.id === id)
      : coreGroups.some(meeting => meeting.id === id)
  if (!known) {
    refuse('agreedAt', 'Select a held conference or a core group meeting of this plan')
  }
}

async function checkAgencies(trx: Trx, partnershipId: string, ids: string[], field: string) {
  const agencies = new Set((await listActiveAgencies(trx, partnershipId)).map(a => a.id))
  const unknown = ids.findIndex(id => !agencies.has(id))
  if (unknown >= 0) refuse(field.replace('#', String(unknown)), 'Select an agency from the list')
}

/** The actions as the new version keeps them: a new action gets its key and must not be overdue. */
function versionActions(inputs: ActionInput[], latest: PlanVersion | undefined, plan: Plan) {
  const today = londonToday()
  const known = new Set((latest?.actions ?? []).map(action => action.key))
  return inputs.map((input): PlanAction => {
    const field = (part: string) => `action-${String(input.row)}-${part}`
    const isNew = input.key === null || !known.has(input.key)
    if (isNew && input.dueOn < today) {
      refuse(field('dueOn-day'), 'A new action’s due date must be today or in the future')
    }
    if (input.doneOn !== null && input.doneOn < plan.startDate) {
      refuse(
        field('doneOn-day'),
        `An action cannot be done before the plan started (${plan.startDate})`,
      )
    }
    return {
      key: isNew ? crypto.randomUUID() : (input.key ?? ''),
      what: input.what,
      ownerName: input.ownerName,
      agencyId: input.agencyId,
      dueOn: input.dueOn,
      status: input.status,
      doneOn: input.doneOn,
    }
  })
}

/** Records a new version of what the plan says, agreed at a conference or a core group. */
export function recordPlanVersion(
  db: Db,
  options: { actor: Actor; planId: string; input: PlanVersionInput; requestId: string },
): Promise<PlanChange> {
  const { actor, planId, input, requestId } = options
  const { partnershipId } = actor
  return changeRecord(db, actor, findPlan, planId, async (trx, plan) => {
    if (plan.endDate) refuse('form', 'This plan has ended: what it says cannot change')
    await checkAgreedAt(trx, partnershipId, plan, input)
    const agencies = input.actions.map(action => action.agencyId)
    await checkAgencies(trx, partnershipId, agencies, `action-#-agencyId`)
    const latest = (await listPlanVersions(trx, partnershipId, planId)).at(-1)
    const actions = versionActions(input.actions, latest, plan)
    await saveVersion(trx, actor, requestId, plan, latest, {
      outcomes: input.outcomes,
      actions,
      contingency: input.contingency,
      conferenceId: input.agreedAt.kind === 'conference' ? input.agreedAt.id : null,
      coreGroupMeetingId: input.agreedAt.kind === 'core-group' ? input.agreedAt.id : null,
    })
    return { kind: 'done' }
  })
}

async function saveVersion(
  trx: Trx,
  actor: Actor,
  requestId: string,
  plan: Plan,
  latest: PlanVersion | undefined,
  contents: {
    outcomes: string[]
    actions: PlanAction[]
    contingency: string
    conferenceId: string | null
    coreGroupMeetingId: string | null
  },
) {
  const version = (latest?.version ?? 0) + 1
  const row = await insertPlanVersion(trx, {
    partnershipId: actor.partnershipId,
    planId: plan.id,
    version,
    ...contents,
    recordedBy: actor.userId,
  })
  await audit(trx, actor, requestId, {
    action: 'plan.version-recorded',
    resourceType: 'cp-plan-version',
    resourceId: row.id,
    childId: plan.childId,
    fields: {
      version,
      outcomes: contents.outcomes.length,
      actions: contents.actions.map(action => ({ key: action.key, status: action.status })),
      contingency: 'set',
    },
    detail: {
      planId: plan.id,
      conferenceId: contents.conferenceId,
      coreGroupMeetingId: contents.coreGroupMeetingId,
    },
  })
}

/** A core group's updates to the actions' status: a new version when anything changed. */
export async function applyActionUpdates(
  trx: Trx,
  actor: Actor,
  requestId: string,
  change: { plan: Plan; meetingId: string; updates: ActionUpdate[] },
) {
  const { plan, meetingId, updates } = change
  if (updates.length === 0) return
  const latest = (await listPlanVersions(trx, actor.partnershipId, plan.id)).at(-1)
  if (!latest) refuse('form', 'The plan has no actions to update yet')
  const byKey = new Map(updates.map(update => [update.key, update]))
  for (const update of updates) {
    if (!latest.actions.some(action => action.key === update.key)) {
      refuse('form', 'An action updated is not in the latest version of the plan')
    }
    if (update.doneOn !== null && update.doneOn < plan.startDate) {
      refuse(
        `update-${update.key}-doneOn-day`,
        `An action cannot be done before the plan started (${plan.startDate})`,
      )
    }
  }
  const actions = latest.actions.map(action => {
    const update = byKey.get(action.key)
    return update ? { ...action, status: update.status, doneOn: update.doneOn } : action
  })
  const before = latest.actions
  const changed = actions.some((action, index) => {
    const old = before.at(index)
    return action.status !== old?.status || action.doneOn !== old.doneOn
  })
  if (!changed) return
  await saveVersion(trx, actor, requestId, plan, latest, {
    outcomes: latest.outcomes,
    actions,
    contingency: latest.contingency,
    conferenceId: null,
    coreGroupMeetingId: meetingId,
  })
}

export { checkAgencies }
