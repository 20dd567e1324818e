import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { partnershipCalendarIn as calendarIn } from '../../platform/admin.js'
import { actorScope } from '../../platform/actor-scope.js'
import type { Actor } from '../../platform/http/types.js'
import {
  auditFor,
  recordCommand,
  RecordNotFound,
  type Command,
} from '../../platform/record-commands.js'
import { refusable, refuse } from '../../platform/refusal.js'
import { initialConsiderationDue } from './clocks.js'
import { ladoYearFigures } from './figures.js'
import {
  findReferral,
  insertAction,
  insertMeeting,
  insertReferral,
  listActions,
  listMeetings,
  listReferralFacts,
  listReferrals,
  listReferralsAboutAdult,
  nextReference,
  updateReferral,
} from './repo.js'
import type {
  ActionInput,
  CloseInput,
  InitialConsiderationInput,
  InvestigationsInput,
  ListFilter,
  MeetingInput,
  ReferralInput,
} from './schema.js'

const audit = auditFor('lado-referral')

export { calendarIn }

/** The same adult across referrals: the name as written, folded, with the date of birth. */
export function adultKey(name: string, dateOfBirth: string | null): string {
  return `${name.trim().toLowerCase().replace(/\s+/g, ' ')}|${dateOfBirth ?? ''}`
}

export function recordReferral(db: Db, { actor, input, requestId }: Command<ReferralInput>) {
  return refusable(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const calendar = await calendarIn(trx)
      const reference = await nextReference(trx, Number(input.receivedOn.slice(0, 4)))
      const { id } = await insertReferral(trx, {
        partnershipId: actor.partnershipId,
        reference,
        ...input,
        adultKey: adultKey(input.adultName, input.adultDateOfBirth),
        initialConsiderationDueOn: initialConsiderationDue(input.receivedOn, calendar),
        recordedBy: actor.userId,
      })
      await audit(trx, actor, requestId, {
        action: 'lado.referral.create',
        id,
        fields: { reference, receivedOn: input.receivedOn, sector: input.sector },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function referralList(
  db: Db,
  {
    actor,
    filter,
    requestId,
    action = 'lado.referral.list',
  }: { actor: Actor; filter: ListFilter; requestId: string; action?: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const rows = await listReferrals(trx, filter)
    await audit(trx, actor, requestId, { action, detail: { ...filter, count: rows.length } })
    return rows
  })
}

/** One allegation, with its meetings, actions and the other referrals about the same adult. */
export function referralPage(
  db: Db,
  { actor, id, requestId }: { actor: Actor; id: string; requestId: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const referral = await findReferral(trx, id)
    if (!referral) return undefined
    const [meetings, actions, others] = await Promise.all([
      listMeetings(trx, id),
      listActions(trx, id),
      listReferralsAboutAdult(trx, referral.adultKey, id),
    ])
    await audit(trx, actor, requestId, {
      action: 'lado.referral.read',
      id,
      childId: referral.childId,
    })
    return { referral, meetings, actions, others }
  })
}

/** Loads the open referral a command changes; a closed one takes no more changes. */
async function openReferral(trx: Trx, id: string, field: string) {
  const referral = await findReferral(trx, id)
  if (!referral) throw new RecordNotFound()
  if (referral.closedOn) refuse(field, 'This allegation is closed')
  return referral
}

function notBefore(date: string, receivedOn: string, field: string, what: string) {
  if (date < receivedOn)
    refuse(field, `${what} must be the same as or after the date of the referral`)
}

export function recordInitialConsideration(
  db: Db,
  { actor, id, input, requestId }: Command<InitialConsiderationInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const referral = await openReferral(trx, id, 'consideredOn')
      if (referral.initialConsiderationOn)
        refuse('consideredOn', 'The initial consideration has already been recorded')
      notBefore(
        input.consideredOn,
        referral.receivedOn,
        'consideredOn',
        'The initial consideration',
      )
      await updateReferral(trx, id, {
        initialConsiderationOn: input.consideredOn,
        initialDecision: input.decision,
      })
      await audit(trx, actor, requestId, {
        action: 'lado.initial-consideration.update',
        id,
        fields: { ...input },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function recordMeeting(
  db: Db,
  { actor, id, input, requestId }: Command<MeetingInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const referral = await openReferral(trx, id, 'heldOn')
      notBefore(input.heldOn, referral.receivedOn, 'heldOn', 'The meeting')
      await insertMeeting(trx, { partnershipId: actor.partnershipId, referralId: id, ...input })
      await audit(trx, actor, requestId, {
        action: 'lado.meeting.create',
        id,
        fields: { kind: input.kind, heldOn: input.heldOn },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function recordInvestigations(
  db: Db,
  { actor, id, input, requestId }: Command<InvestigationsInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      await openReferral(trx, id, 'policeInvestigation')
      await updateReferral(trx, id, input)
      await audit(trx, actor, requestId, {
        action: 'lado.investigations.update',
        id,
        fields: { ...input },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function recordAction(
  db: Db,
  { actor, id, input, requestId }: Command<ActionInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const referral = await findReferral(trx, id)
      if (!referral) throw new RecordNotFound()
      notBefore(input.takenOn, referral.receivedOn, 'takenOn', 'The action')
      await insertAction(trx, {
        partnershipId: actor.partnershipId,
        referralId: id,
        kind: input.actionKind,
        takenOn: input.takenOn,
        notes: input.notes,
      })
      await audit(trx, actor, requestId, {
        action: 'lado.action.create',
        id,
        fields: { kind: input.actionKind, takenOn: input.takenOn },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

/** Records the outcome with its statutory definition and closes the allegation. */
export function closeReferral(
  db: Db,
  { actor, id, input, requestId }: Command<CloseInput> & { id: string },
) {
  return recordCommand(() =>
    inPartnership(db, actorScope(actor), async trx => {
      const referral = await openReferral(trx, id, 'closedOn')
      if (!referral.initialConsiderationOn)
        refuse('closedOn', 'Record the initial consideration before closing the allegation')
      notBefore(input.closedOn, referral.receivedOn, 'closedOn', 'The closing date')
      if (input.closedOn < referral.initialConsiderationOn)
        refuse(
          'closedOn',
          'The closing date must be the same as or after the initial consideration',
        )
      await updateReferral(trx, id, { ...input })
      await audit(trx, actor, requestId, {
        action: 'lado.referral.close',
        id,
        fields: { outcome: input.outcome, closedOn: input.closedOn },
      })
      return { kind: 'recorded' as const, id }
    }),
  )
}

export function annualFigures(
  db: Db,
  { actor, startYear, requestId }: { actor: Actor; startYear: number; requestId: string },
) {
  return inPartnership(db, actorScope(actor), async trx => {
    const figures = ladoYearFigures(await listReferralFacts(trx), startYear)
    await audit(trx, actor, requestId, {
      action: 'lado.figures.read',
      detail: { year: figures.year },
    })
    return figures
  })
}
