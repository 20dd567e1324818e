import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { changedFields, recordAudit } from '../../platform/audit.js'
import { AccessDenied } from '../../platform/http/access.js'
import type { Actor } from '../../platform/http/types.js'
import { scopeFor } from '../../platform/permissions.js'
import { addCalendarMonths } from '../../platform/working-days.js'
import * as repo from './repo.js'
import {
  type AttendanceStatus,
  type BodyInput,
  type BudgetLineInput,
  type MeetingInput,
  type MembershipInput,
  type PlanInput,
  type StepUpdateInput,
  type ActionUpdateInput,
  type VersionInput,
  type YearInput,
  type RiskInput,
  type RiskReviewInput,
  type ChallengeInput,
  type ChallengeResponseInput,
  type StandingItemInput,
  type AgendaItemInput,
  type MeetingActionInput,
  type InspectionInput,
  type RecommendationInput,
  type EvidenceInput,
  type PlanActionInput,
  type PlanStepInput,
  MEMBER_ROLES,
  dueDateOf,
} from './schema.js'

/**
 * Board governance: bodies and memberships, meetings and attendance, budget, business plan.
 * Every command is one transaction bound to the actor's partnership, with its audit event.
 */

export interface Ctx {
  actor: Actor
  requestId: string
}

export function scoped<T>(db: Db, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inPartnership(db, { partnershipId: actor.partnershipId, userId: actor.userId }, work)
}

export function audit(
  trx: Trx,
  ctx: Ctx,
  event: {
    action: string
    resourceType: string
    resourceId: string
    fields?: Record<string, unknown>
    detail?: Record<string, unknown>
  },
) {
  return recordAudit(trx, {
    partnershipId: ctx.actor.partnershipId,
    userId: ctx.actor.userId,
    requestId: ctx.requestId,
    ...event,
  })
}

export function formatDay(value: string | null): string {
  if (!value) return ''
  return new Date(`${value}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

// Structures and memberships

export type BodyOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

async function checkParent(
  trx: Trx,
  actor: Actor,
  id: string | null,
  parentId: string | null,
): Promise<string | null> {
  if (!parentId) return null
  let cursor: string | null = parentId
  for (let depth = 0; cursor && depth < 50; depth += 1) {
    if (cursor === id) return 'A body cannot sit under itself or one of its own subgroups'
    const parent = await repo.findBody(trx, actor.partnershipId, cursor)
    if (!parent) return 'Select a parent body from the list'
    cursor = parent.parentId
  }
  return null
}

export function createBody(db: Db, ctx: Ctx, input: BodyInput): Promise<BodyOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (await repo.findBodyByName(trx, ctx.actor.partnershipId, input.name)) {
      return { kind: 'invalid', field: 'name', message: 'There is already a body with this name' }
    }
    const parentProblem = await checkParent(trx, ctx.actor, null, input.parentId)
    if (parentProblem) return { kind: 'invalid', field: 'parentId', message: parentProblem }
    const { id } = await trx
      .insertInto('govBody')
      .values({ ...input, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.body.created',
      resourceType: 'gov-body',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function updateBody(db: Db, ctx: Ctx, id: string, input: BodyInput): Promise<BodyOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const before = await repo.findBody(trx, ctx.actor.partnershipId, id)
    if (!before) return { kind: 'not-found' }
    const sameName = await repo.findBodyByName(trx, ctx.actor.partnershipId, input.name)
    if (sameName && sameName.id !== id) {
      return { kind: 'invalid', field: 'name', message: 'There is already a body with this name' }
    }
    const parentProblem = await checkParent(trx, ctx.actor, id, input.parentId)
    if (parentProblem) return { kind: 'invalid', field: 'parentId', message: parentProblem }
    await trx.updateTable('govBody').set(input).where('id', '=', id).execute()
    await audit(trx, ctx, {
      action: 'governance.body.updated',
      resourceType: 'gov-body',
      resourceId: id,
      fields: changedFields(before, input),
    })
    return { kind: 'saved', id }
  })
}

interface DatedMembership {
  memberName: string
  startsOn: string
  endsOn: string | null
}

/** Whether two memberships' date ranges share a day (an open end runs for ever). */
export function membershipsOverlap(a: DatedMembership, b: DatedMembership): boolean {
  return (
    (a.endsOn === null || b.startsOn <= a.endsOn) && (b.endsOn === null || a.startsOn <= b.endsOn)
  )
}

function overlapMessage(existing: DatedMembership, bodyName: string): string {
  const until = existing.endsOn ? `to ${formatDay(existing.endsOn)}` : 'with no end date'
  return `${existing.memberName} is already a member of ${bodyName} from ${formatDay(existing.startsOn)} ${until}: membership dates cannot overlap`
}

export type MembershipOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

async function insertMembership(
  trx: Trx,
  ctx: Ctx,
  body: { id: string; name: string },
  input: MembershipInput,
): Promise<MembershipOutcome> {
  if (
    input.agencyId &&
    !(await repo.findAgencyById(trx, ctx.actor.partnershipId, input.agencyId))
  ) {
    return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
  }
  if (input.userId) {
    const people = await repo.listPartnershipPeople(trx, ctx.actor.partnershipId)
    if (!people.some(person => person.id === input.userId)) {
      return { kind: 'invalid', field: 'userId', message: 'Select a person from the list' }
    }
  }
  const existing = await repo.listMemberships(trx, body.id)
  const clash = existing.find(
    other =>
      other.memberName.toLowerCase() === input.memberName.toLowerCase() &&
      membershipsOverlap(other, input),
  )
  if (clash)
    return { kind: 'invalid', field: 'startsOn', message: overlapMessage(clash, body.name) }
  const { id } = await trx
    .insertInto('govMembership')
    .values({ ...input, bodyId: body.id, partnershipId: ctx.actor.partnershipId })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { kind: 'saved', id }
}

export function addMembership(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: MembershipInput,
): Promise<MembershipOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const body = await repo.findBody(trx, ctx.actor.partnershipId, bodyId)
    if (!body) return { kind: 'not-found' }
    const outcome = await insertMembership(trx, ctx, body, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.membership.created',
        resourceType: 'gov-membership',
        resourceId: outcome.id,
        fields: { bodyId, ...input },
      })
    }
    return outcome
  })
}

export type MeetingOutcome =
  { kind: 'saved'; id: string } | { kind: 'not-found' } | { kind: 'duplicate' }

export const addMonths = addCalendarMonths

/** A meeting, or a series of them at a fixed interval, each with the body's standing items. */
export function scheduleMeeting(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: MeetingInput & { repeatMonths?: number; occurrences?: number },
): Promise<MeetingOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const body = await repo.findBody(trx, ctx.actor.partnershipId, bodyId)
    if (!body) return { kind: 'not-found' }
    const meetings = await repo.listMeetings(trx, bodyId)
    const count = input.repeatMonths ? (input.occurrences ?? 1) : 1
    const dates = Array.from({ length: count }, (_, k) =>
      addMonths(input.heldOn, k * (input.repeatMonths ?? 0)),
    )
    if (meetings.some(m => dates.includes(m.heldOn) && m.title === input.title)) {
      return { kind: 'duplicate' }
    }
    const standing = await repo.listStandingItems(trx, bodyId)
    let firstId = ''
    for (const [index, heldOn] of dates.entries()) {
      const values = {
        heldOn,
        title: input.title,
        status: index === 0 ? input.status : 'scheduled',
      }
      const { id } = await trx
        .insertInto('govMeeting')
        .values({ ...values, bodyId, partnershipId: ctx.actor.partnershipId })
        .returning('id')
        .executeTakeFirstOrThrow()
      firstId ||= id
      // Every meeting starts with its body's standing items on the agenda.
      if (standing.length) {
        await trx
          .insertInto('govAgendaItem')
          .values(
            standing.map((item, position) => ({
              partnershipId: ctx.actor.partnershipId,
              meetingId: id,
              position: position + 1,
              title: item.title,
              report: item.report,
            })),
          )
          .execute()
      }
      await audit(trx, ctx, {
        action: 'governance.meeting.created',
        resourceType: 'gov-meeting',
        resourceId: id,
        fields: { bodyId, ...values },
      })
    }
    return { kind: 'saved', id: firstId }
  })
}

export function recordMinutes(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  minutes: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    await trx
      .updateTable('govMeeting')
      .set({ minutes: minutes || null })
      .where('id', '=', meetingId)
      .execute()
    await audit(trx, ctx, {
      action: 'governance.minutes.recorded',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: { minutes: { from: meeting.minutes, to: minutes || null } },
    })
    return { kind: 'saved', id: meetingId }
  })
}

export function endMembership(
  db: Db,
  ctx: Ctx,
  membershipId: string,
  endsOn: string,
): Promise<SimpleOutcome & { bodyId?: string }> {
  return scoped(db, ctx.actor, async trx => {
    const membership = await repo.findMembership(trx, ctx.actor.partnershipId, membershipId)
    if (!membership) return { kind: 'not-found' }
    if (endsOn < membership.startsOn) {
      return {
        kind: 'invalid',
        field: 'endsOn',
        message: `The end date must be on or after ${formatDay(membership.startsOn)}, when the membership started`,
      }
    }
    const later = (await repo.listAttendanceForBody(trx, membership.bodyId)).filter(
      a => a.membershipId === membershipId,
    )
    const meetings = await repo.listMeetings(trx, membership.bodyId)
    const after = meetings.find(m => m.heldOn > endsOn && later.some(a => a.meetingId === m.id))
    if (after) {
      return {
        kind: 'invalid',
        field: 'endsOn',
        message: `${membership.memberName} has attendance recorded on ${formatDay(after.heldOn)}, after that date`,
      }
    }
    await trx.updateTable('govMembership').set({ endsOn }).where('id', '=', membershipId).execute()
    await audit(trx, ctx, {
      action: 'governance.membership.ended',
      resourceType: 'gov-membership',
      resourceId: membershipId,
      fields: { endsOn: { from: membership.endsOn, to: endsOn } },
    })
    return { kind: 'saved', id: membershipId, bodyId: membership.bodyId }
  })
}

/** Members whose membership covers the day: the only people whose attendance can be recorded. */
export function membersOn<T extends DatedMembership>(memberships: T[], day: string): T[] {
  return memberships.filter(m => m.startsOn <= day && (m.endsOn === null || day <= m.endsOn))
}

export interface AttendanceEntry {
  membershipId: string
  status: AttendanceStatus
  deputyName: string | null
}

export type AttendanceOutcome =
  { kind: 'saved' } | { kind: 'not-found' } | { kind: 'invalid'; field: string; message: string }

export function recordAttendance(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  entries: AttendanceEntry[],
): Promise<AttendanceOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const memberships = await repo.listMemberships(trx, meeting.bodyId)
    const eligible = new Set(membersOn(memberships, meeting.heldOn).map(m => m.id))
    for (const entry of entries) {
      if (!eligible.has(entry.membershipId)) {
        const who = memberships.find(m => m.id === entry.membershipId)?.memberName ?? 'This person'
        return {
          kind: 'invalid',
          field: `status-${entry.membershipId}`,
          message: `${who} was not a member of ${meeting.bodyName} on ${formatDay(meeting.heldOn)}`,
        }
      }
    }
    await writeAttendance(trx, ctx, meeting.id, entries)
    await audit(trx, ctx, {
      action: 'governance.attendance.recorded',
      resourceType: 'gov-meeting',
      resourceId: meeting.id,
      fields: Object.fromEntries(entries.map(e => [e.membershipId, e.status])),
    })
    return { kind: 'saved' }
  })
}

async function writeAttendance(
  trx: Trx,
  ctx: Ctx,
  meetingId: string,
  entries: AttendanceEntry[],
): Promise<void> {
  if (!entries.length) return
  await trx
    .deleteFrom('govAttendance')
    .where('meetingId', '=', meetingId)
    .where(
      'membershipId',
      'in',
      entries.map(e => e.membershipId),
    )
    .execute()
  await trx
    .insertInto('govAttendance')
    .values(
      entries.map(e => ({
        partnershipId: ctx.actor.partnershipId,
        meetingId,
        membershipId: e.membershipId,
        status: e.status,
        deputyName: e.status === 'apologies-deputy' ? e.deputyName : null,
      })),
    )
    .execute()
}

// Attendance figures

export interface FigureInput {
  meetings: { id: string; heldOn: string; status: string }[]
  memberships: {
    id: string
    memberName: string
    role: string
    agencyId: string | null
    agencyName: string | null
    startsOn: string
    endsOn: string | null
  }[]
  attendance: { meetingId: string; membershipId: string; status: string }[]
  target: number
  from?: string | null
  to?: string | null
}

export interface Figure {
  name: string
  role: string
  eligible: number
  attended: number
  percent: number | null
  belowTarget: boolean
}

const REPRESENTED = new Set(['present', 'apologies-deputy'])

/**
 * Attendance over the meetings each member was eligible for: held (not cancelled) meetings inside
 * the period and inside their membership. A seat counts as attended when the member or their
 * nominated deputy was there. Percentages are rounded to the nearest whole number, as printed.
 */
export function attendanceFigures(input: FigureInput): { members: Figure[]; agencies: Figure[] } {
  const meetings = input.meetings.filter(
    m =>
      m.status !== 'cancelled' &&
      (!input.from || m.heldOn >= input.from) &&
      (!input.to || m.heldOn <= input.to),
  )
  const present = new Set(
    input.attendance
      .filter(a => REPRESENTED.has(a.status))
      .map(a => `${a.meetingId}|${a.membershipId}`),
  )
  const figure = (name: string, role: string, eligible: number, attended: number): Figure => {
    const percent = eligible ? Math.round((attended * 100) / eligible) : null
    return {
      name,
      role,
      eligible,
      attended,
      percent,
      belowTarget: percent !== null && percent < input.target,
    }
  }
  const members = input.memberships.map(m => {
    const eligible = meetings.filter(
      meeting => meeting.heldOn >= m.startsOn && (m.endsOn === null || meeting.heldOn <= m.endsOn),
    )
    const attended = eligible.filter(meeting => present.has(`${meeting.id}|${m.id}`)).length
    return figure(
      m.memberName,
      MEMBER_ROLES[m.role as keyof typeof MEMBER_ROLES],
      eligible.length,
      attended,
    )
  })
  const byAgency = new Map<string, { name: string; eligible: Set<string>; attended: Set<string> }>()
  for (const m of input.memberships) {
    if (!m.agencyId) continue
    const entry = byAgency.get(m.agencyId) ?? {
      name: m.agencyName ?? '',
      eligible: new Set<string>(),
      attended: new Set<string>(),
    }
    for (const meeting of meetings) {
      if (meeting.heldOn < m.startsOn || (m.endsOn !== null && meeting.heldOn > m.endsOn)) continue
      entry.eligible.add(meeting.id)
      if (present.has(`${meeting.id}|${m.id}`)) entry.attended.add(meeting.id)
    }
    byAgency.set(m.agencyId, entry)
  }
  const agencies = [...byAgency.values()]
    .map(a => figure(a.name, 'Agency', a.eligible.size, a.attended.size))
    .sort((a, b) => a.name.localeCompare(b.name))
  return { members, agencies }
}

export function bodyAttendance(
  db: Db,
  actor: Actor,
  bodyId: string,
  period: { from: string | null; to: string | null },
) {
  return scoped(db, actor, async trx => {
    const body = await repo.findBody(trx, actor.partnershipId, bodyId)
    if (!body) return null
    const [meetings, memberships, attendance] = await Promise.all([
      repo.listMeetings(trx, bodyId),
      repo.listMemberships(trx, bodyId),
      repo.listAttendanceForBody(trx, bodyId),
    ])
    const figures = attendanceFigures({
      meetings,
      memberships,
      attendance,
      target: body.attendanceTarget,
      ...period,
    })
    const counted = meetings.filter(
      m =>
        m.status !== 'cancelled' &&
        (!period.from || m.heldOn >= period.from) &&
        (!period.to || m.heldOn <= period.to),
    )
    return { body, meetings: counted, ...figures }
  })
}

// Budget

export type YearOutcome = { kind: 'saved'; id: string } | { kind: 'duplicate' }

export function createYear(db: Db, ctx: Ctx, input: YearInput): Promise<YearOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const years = await repo.listYears(trx, ctx.actor.partnershipId)
    if (years.some(y => y.label === input.label)) return { kind: 'duplicate' }
    const values = {
      label: input.label,
      printedIncomePence: input.printedIncome,
      printedBudgetPence: input.printedBudget,
      printedSpendPence: input.printedSpend,
    }
    const { id } = await trx
      .insertInto('govFinancialYear')
      .values({ ...values, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.financial-year.created',
      resourceType: 'gov-financial-year',
      resourceId: id,
      fields: values,
    })
    return { kind: 'saved', id }
  })
}

export type LineOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

async function insertBudgetLine(
  trx: Trx,
  ctx: Ctx,
  yearId: string,
  input: BudgetLineInput,
): Promise<LineOutcome> {
  if (
    input.agencyId &&
    !(await repo.findAgencyById(trx, ctx.actor.partnershipId, input.agencyId))
  ) {
    return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
  }
  const { id } = await trx
    .insertInto('govBudgetLine')
    .values({
      partnershipId: ctx.actor.partnershipId,
      yearId,
      position: await repo.nextBudgetPosition(trx, yearId),
      kind: input.kind,
      description: input.description,
      agencyId: input.agencyId,
      contributionType: input.kind === 'contribution' ? input.contributionType : null,
      budgetPence: input.budget,
      actualPence: input.actual,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { kind: 'saved', id }
}

export function addBudgetLine(
  db: Db,
  ctx: Ctx,
  yearId: string,
  input: BudgetLineInput,
): Promise<LineOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findYear(trx, ctx.actor.partnershipId, yearId))) return { kind: 'not-found' }
    const outcome = await insertBudgetLine(trx, ctx, yearId, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.budget-line.created',
        resourceType: 'gov-budget-line',
        resourceId: outcome.id,
        fields: { yearId, ...input },
      })
    }
    return outcome
  })
}

const pence = (value: string | null): number | null => (value === null ? null : Number(value))
const sum = (values: (number | null)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0)

export interface Reconciliation {
  what: string
  computed: number
  printed: number
  difference: number
}

export function budgetStatement(db: Db, actor: Actor, yearId: string) {
  return scoped(db, actor, async trx => {
    const year = await repo.findYear(trx, actor.partnershipId, yearId)
    if (!year) return null
    const lines = (await repo.listBudgetLines(trx, yearId)).map(line => ({
      ...line,
      budget: pence(line.budgetPence),
      actual: pence(line.actualPence),
    }))
    const income = lines.filter(l => l.kind !== 'expenditure')
    const expenditure = lines.filter(l => l.kind === 'expenditure')
    const totals = {
      broughtForward: sum(income.filter(l => l.kind === 'brought-forward').map(l => l.actual)),
      contributionsCash: sum(
        income
          .filter(l => l.kind === 'contribution' && l.contributionType === 'cash')
          .map(l => l.actual),
      ),
      contributionsInKind: sum(
        income
          .filter(l => l.kind === 'contribution' && l.contributionType === 'in-kind')
          .map(l => l.actual),
      ),
      income: sum(income.map(l => l.actual)),
      budget: sum(expenditure.map(l => l.budget)),
      spend: sum(expenditure.map(l => l.actual)),
      carryForward: 0,
    }
    // In-kind contributions are not money in the bank: they are shown but not carried forward.
    totals.carryForward = totals.income - totals.contributionsInKind - totals.spend
    const checks: Reconciliation[] = []
    const printed = [
      ['Income', totals.income, pence(year.printedIncomePence)],
      ['Budget', totals.budget, pence(year.printedBudgetPence)],
      ['Spend', totals.spend, pence(year.printedSpendPence)],
    ] as const
    for (const [what, computed, stated] of printed) {
      if (stated !== null)
        checks.push({ what, computed, printed: stated, difference: computed - stated })
    }
    return {
      year,
      income,
      expenditure,
      totals,
      checks,
      mismatches: checks.filter(c => c.difference !== 0),
    }
  })
}

// Business plan

export type PlanOutcome = { kind: 'saved'; id: string } | { kind: 'duplicate' }

export function createPlan(db: Db, ctx: Ctx, input: PlanInput): Promise<PlanOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const plans = await repo.listPlans(trx, ctx.actor.partnershipId)
    if (plans.some(p => p.title.toLowerCase() === input.title.toLowerCase()))
      return { kind: 'duplicate' }
    const { id } = await trx
      .insertInto('govPlan')
      .values({ ...input, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.plan.created',
      resourceType: 'gov-plan',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export interface PlanSnapshotAction {
  reference: string
  specificAction: string
  rag: string | null
  steps: { text: string; status: string | null; revisedDueLabel: string | null }[]
}

async function planLayoutIn(trx: Trx, actor: Actor, planId: string) {
  const plan = await repo.findPlan(trx, actor.partnershipId, planId)
  if (!plan) return null
  const [priorities, actions, steps, versions] = await Promise.all([
    repo.listPriorities(trx, planId),
    repo.listPlanActions(trx, planId),
    repo.listPlanSteps(trx, planId),
    repo.listVersions(trx, planId),
  ])
  const evidence = await repo.listEvidence(
    trx,
    actions.map(a => a.id),
  )
  const byReference = (a: { reference: string }, b: { reference: string }) =>
    a.reference.localeCompare(b.reference, 'en', { numeric: true })
  const shaped = priorities.map(priority => {
    const own = actions
      .filter(a => a.priorityId === priority.id)
      .sort(byReference)
      .map(action => {
        const actionSteps = steps.filter(s => s.actionId === action.id)
        return {
          ...action,
          evidence: evidence.filter(e => e.actionId === action.id),
          steps: actionSteps,
          isComplete: actionSteps.length > 0 && actionSteps.every(s => s.status === 'complete'),
        }
      })
    const complete = own.filter(a => a.isComplete).length
    return {
      ...priority,
      actions: own,
      completion: {
        actions: own.length,
        complete,
        percent: own.length ? Math.round((complete * 100) / own.length) : null,
      },
    }
  })
  const all = shaped.flatMap(p => p.actions)
  const completeCount = all.filter(a => a.isComplete).length
  const snapshot: PlanSnapshotAction[] = all.map(a => ({
    reference: a.reference,
    specificAction: a.specificAction,
    rag: a.rag,
    steps: a.steps.map(s => ({
      text: s.text,
      status: s.status,
      revisedDueLabel: s.revisedDueLabel,
    })),
  }))
  return {
    plan,
    priorities: shaped,
    versions,
    snapshot,
    completion: {
      actions: all.length,
      complete: completeCount,
      percent: all.length ? Math.round((completeCount * 100) / all.length) : null,
    },
  }
}

export function planLayout(db: Db, actor: Actor, planId: string) {
  return scoped(db, actor, trx => planLayoutIn(trx, actor, planId))
}

/** What changed between two versions' snapshots, in words a board member reads. */
export function versionDifferences(
  before: PlanSnapshotAction[],
  after: PlanSnapshotAction[],
): string[] {
  const changes: string[] = []
  const old = new Map(before.map(a => [a.reference, a]))
  for (const action of after) {
    const previous = old.get(action.reference)
    if (!previous) {
      changes.push(`Action ${action.reference} added`)
      continue
    }
    if (previous.rag !== action.rag) {
      changes.push(
        `Action ${action.reference}: RAG ${previous.rag ?? 'blank'} to ${action.rag ?? 'blank'}`,
      )
    }
    action.steps.forEach((step, index) => {
      const was = previous.steps[index]
      if (!was || was.text !== step.text) {
        changes.push(`Action ${action.reference}: step added: ${step.text}`)
        return
      }
      if (was.status !== step.status) {
        changes.push(
          `Action ${action.reference}: “${step.text}” ${was.status ?? 'no status'} to ${step.status ?? 'no status'}`,
        )
      }
      if (was.revisedDueLabel !== step.revisedDueLabel && step.revisedDueLabel) {
        changes.push(`Action ${action.reference}: “${step.text}” now due ${step.revisedDueLabel}`)
      }
    })
  }
  for (const reference of old.keys()) {
    if (!after.some(a => a.reference === reference)) changes.push(`Action ${reference} removed`)
  }
  return changes
}

export type VersionOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

export function issueVersion(
  db: Db,
  ctx: Ctx,
  planId: string,
  input: VersionInput,
): Promise<VersionOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const layout = await planLayoutIn(trx, ctx.actor, planId)
    if (!layout) return { kind: 'not-found' }
    const last = layout.versions.at(-1)
    if (last && input.number <= last.number) {
      return {
        kind: 'invalid',
        field: 'number',
        message: `Enter a version number after ${last.number}, the latest version`,
      }
    }
    const { id } = await trx
      .insertInto('govPlanVersion')
      .values({
        ...input,
        planId,
        partnershipId: ctx.actor.partnershipId,
        snapshot: JSON.stringify(layout.snapshot),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.plan-version.created',
      resourceType: 'gov-plan',
      resourceId: planId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

/** Agency leads may change only the actions their agency leads; the business unit, any. */
function mayUpdateAction(actor: Actor, leadAgencyId: string | null): boolean {
  const scope = scopeFor(actor.roles, 'business-plan', 'update')
  if (scope === 'partnership') return true
  return scope === 'agency' && leadAgencyId !== null && actor.agencyIds.includes(leadAgencyId)
}

export type StepOutcome =
  | { kind: 'saved'; planId: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

export function updateStep(
  db: Db,
  ctx: Ctx,
  stepId: string,
  input: StepUpdateInput,
): Promise<StepOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const step = await repo.findStep(trx, ctx.actor.partnershipId, stepId)
    if (!step) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, step.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may update this action')
    }
    const values = {
      status: input.status,
      revisedDueLabel: input.revisedDue,
      revisedDueOn: input.revisedDue ? dueDateOf(input.revisedDue) : null,
    }
    const plan = await repo.findPlan(trx, ctx.actor.partnershipId, step.planId)
    if (plan && values.revisedDueOn && values.revisedDueOn < plan.startsOn) {
      return {
        kind: 'invalid',
        field: 'revisedDue',
        message: `The step cannot be due before the plan starts on ${formatDay(plan.startsOn)}`,
      }
    }
    await trx.updateTable('govPlanStep').set(values).where('id', '=', stepId).execute()
    await audit(trx, ctx, {
      action: 'governance.plan-step.updated',
      resourceType: 'gov-plan-step',
      resourceId: stepId,
      fields: changedFields(step, values),
    })
    return { kind: 'saved', planId: step.planId }
  })
}

export function updateAction(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: ActionUpdateInput,
): Promise<StepOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, action.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may update this action')
    }
    await trx.updateTable('govPlanAction').set(input).where('id', '=', actionId).execute()
    await audit(trx, ctx, {
      action: 'governance.plan-action.updated',
      resourceType: 'gov-plan-action',
      resourceId: actionId,
      fields: changedFields(action, input),
    })
    return { kind: 'saved', planId: action.planId }
  })
}

// Risk register and challenge log

export type SimpleOutcome =
  | { kind: 'saved'; id: string }
  | { kind: 'not-found' }
  | { kind: 'invalid'; field: string; message: string }

export async function insertRisk(
  trx: Trx,
  ctx: Ctx,
  input: RiskInput & { status?: 'open' | 'closed' },
): Promise<SimpleOutcome> {
  const risks = await repo.listRisks(trx, ctx.actor.partnershipId)
  if (risks.some(r => r.reference.toLowerCase() === input.reference.toLowerCase())) {
    return {
      kind: 'invalid',
      field: 'reference',
      message: 'There is already a risk with this reference',
    }
  }
  const status = input.status ?? 'open'
  const { id } = await trx
    .insertInto('govRisk')
    .values({ ...input, status, partnershipId: ctx.actor.partnershipId })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('govRiskHistory')
    .values({
      partnershipId: ctx.actor.partnershipId,
      riskId: id,
      recordedBy: ctx.actor.userId,
      likelihood: input.likelihood,
      impact: input.impact,
      rag: input.rag,
      controls: input.controls,
      reviewOn: input.reviewOn,
      status,
      note: 'Risk added to the register',
    })
    .execute()
  return { kind: 'saved', id }
}

export function createRisk(db: Db, ctx: Ctx, input: RiskInput): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const outcome = await insertRisk(trx, ctx, input)
    if (outcome.kind === 'saved') {
      await audit(trx, ctx, {
        action: 'governance.risk.created',
        resourceType: 'gov-risk',
        resourceId: outcome.id,
        fields: input,
      })
    }
    return outcome
  })
}

export function reviewRisk(
  db: Db,
  ctx: Ctx,
  riskId: string,
  input: RiskReviewInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const risk = await repo.findRisk(trx, ctx.actor.partnershipId, riskId)
    if (!risk) return { kind: 'not-found' }
    const { note, ...values } = input
    await trx.updateTable('govRisk').set(values).where('id', '=', riskId).execute()
    await trx
      .insertInto('govRiskHistory')
      .values({
        ...values,
        note,
        partnershipId: ctx.actor.partnershipId,
        riskId,
        recordedBy: ctx.actor.userId,
      })
      .execute()
    await audit(trx, ctx, {
      action: 'governance.risk.reviewed',
      resourceType: 'gov-risk',
      resourceId: riskId,
      fields: changedFields(risk, values),
    })
    return { kind: 'saved', id: riskId }
  })
}

export function createChallenge(db: Db, ctx: Ctx, input: ChallengeInput): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (
      input.meetingId &&
      !(await repo.findMeeting(trx, ctx.actor.partnershipId, input.meetingId))
    ) {
      return { kind: 'invalid', field: 'meetingId', message: 'Select a meeting from the list' }
    }
    const { id } = await trx
      .insertInto('govChallenge')
      .values({ ...input, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.challenge.created',
      resourceType: 'gov-challenge',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function respondToChallenge(
  db: Db,
  ctx: Ctx,
  id: string,
  input: ChallengeResponseInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const challenge = await repo.findChallenge(trx, ctx.actor.partnershipId, id)
    if (!challenge) return { kind: 'not-found' }
    const values = { ...input, closedOn: input.status === 'closed' ? input.closedOn : null }
    await trx.updateTable('govChallenge').set(values).where('id', '=', id).execute()
    await audit(trx, ctx, {
      action: 'governance.challenge.updated',
      resourceType: 'gov-challenge',
      resourceId: id,
      fields: changedFields(challenge, values),
    })
    return { kind: 'saved', id }
  })
}

// Agendas, decisions, actions and papers

export function addStandingItem(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: StandingItemInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findBody(trx, ctx.actor.partnershipId, bodyId))) return { kind: 'not-found' }
    const items = await repo.listStandingItems(trx, bodyId)
    const { id } = await trx
      .insertInto('govStandingItem')
      .values({
        ...input,
        bodyId,
        partnershipId: ctx.actor.partnershipId,
        position: (items.at(-1)?.position ?? 0) + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.standing-item.created',
      resourceType: 'gov-body',
      resourceId: bodyId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function addAgendaItem(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  input: AgendaItemInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)))
      return { kind: 'not-found' }
    const items = await repo.listAgendaItems(trx, meetingId)
    const { id } = await trx
      .insertInto('govAgendaItem')
      .values({
        ...input,
        meetingId,
        partnershipId: ctx.actor.partnershipId,
        position: (items.at(-1)?.position ?? 0) + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.agenda-item.created',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function recordDecision(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  text: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)))
      return { kind: 'not-found' }
    const { id } = await trx
      .insertInto('govDecision')
      .values({ meetingId, text, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.decision.created',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: { text },
    })
    return { kind: 'saved', id }
  })
}

export function addMeetingAction(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  input: MeetingActionInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const { id } = await trx
      .insertInto('govAction')
      .values({
        ...input,
        meetingId,
        bodyId: meeting.bodyId,
        partnershipId: ctx.actor.partnershipId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.action.created',
      resourceType: 'gov-action',
      resourceId: id,
      fields: { meetingId, ...input },
    })
    return { kind: 'saved', id }
  })
}

export function setActionStatus(
  db: Db,
  ctx: Ctx,
  actionId: string,
  status: string,
): Promise<{ kind: 'saved'; meetingId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    await trx.updateTable('govAction').set({ status }).where('id', '=', actionId).execute()
    await audit(trx, ctx, {
      action: 'governance.action.updated',
      resourceType: 'gov-action',
      resourceId: actionId,
      fields: changedFields(action, { status }),
    })
    return { kind: 'saved', meetingId: action.meetingId }
  })
}

/** What a paper may be: documents and spreadsheets a board reads, checked by their first bytes. */
export function paperType(bytes: Buffer): { contentType: string; extension: string } | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte)
  if (starts(0x25, 0x50, 0x44, 0x46)) return { contentType: 'application/pdf', extension: 'pdf' }
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const text = bytes.subarray(0, Math.min(bytes.length, 4000)).toString('latin1')
    if (text.includes('word/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      }
    }
    if (text.includes('xl/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      }
    }
    if (text.includes('ppt/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        extension: 'pptx',
      }
    }
    return null
  }
  return null
}

export function uploadPaper(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  paper: { title: string; bytes: Buffer },
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const type = paperType(paper.bytes)
    if (!type) {
      return {
        kind: 'invalid',
        field: 'file',
        message: 'The selected file must be a PDF, Word, Excel or PowerPoint file',
      }
    }
    const earlier = (await repo.listPapers(trx, meetingId)).filter(p => p.title === paper.title)
    const version = Math.max(0, ...earlier.map(p => p.version)) + 1
    const slug = paper.title.replace(/[^\w-]+/g, '-').slice(0, 80)
    const { id } = await trx
      .insertInto('govPaper')
      .values({
        partnershipId: ctx.actor.partnershipId,
        meetingId,
        title: paper.title,
        version,
        filename: `${slug}-v${version}.${type.extension}`,
        contentType: type.contentType,
        sizeBytes: paper.bytes.length,
        content: paper.bytes,
        uploadedBy: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.paper.uploaded',
      resourceType: 'gov-paper',
      resourceId: id,
      fields: { meetingId, title: paper.title, version, sizeBytes: paper.bytes.length },
    })
    return { kind: 'saved', id }
  })
}

/**
 * A paper for a reader who may see it: the business unit, or a current member of the body linked to
 * the reader's account. Row-level security applies the same rule in the database. Reads are audited.
 */
export function readPaper(db: Db, ctx: Ctx, paperId: string) {
  return scoped(db, ctx.actor, async trx => {
    const paper = await repo.findPaper(trx, ctx.actor.partnershipId, paperId)
    if (!paper) return null
    if (scopeFor(ctx.actor.roles, 'governance', 'update') !== 'partnership') {
      const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, paper.meetingId)
      const today = new Date().toISOString().slice(0, 10)
      const members = meeting
        ? membersOn(await repo.listMemberships(trx, meeting.bodyId), today)
        : []
      if (!members.some(m => m.userId === ctx.actor.userId)) return null
    }
    await audit(trx, ctx, {
      action: 'governance.paper.read',
      resourceType: 'gov-paper',
      resourceId: paperId,
    })
    return paper
  })
}

// Inspections and recommendations

export function createInspection(db: Db, ctx: Ctx, input: InspectionInput): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (
      input.agencyId &&
      !(await repo.findAgencyById(trx, ctx.actor.partnershipId, input.agencyId))
    ) {
      return { kind: 'invalid', field: 'agencyId', message: 'Select an agency from the list' }
    }
    const { id } = await trx
      .insertInto('govInspection')
      .values({ ...input, partnershipId: ctx.actor.partnershipId })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.inspection.created',
      resourceType: 'gov-inspection',
      resourceId: id,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function addRecommendation(
  db: Db,
  ctx: Ctx,
  inspectionId: string,
  input: RecommendationInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const inspection = await repo.findInspection(trx, ctx.actor.partnershipId, inspectionId)
    if (!inspection) return { kind: 'not-found' }
    const existing = await repo.listRecommendations(trx, inspectionId)
    if (existing.some(r => r.number === input.number)) {
      return {
        kind: 'invalid',
        field: 'number',
        message: `Recommendation ${input.number} is already recorded`,
      }
    }
    // A reference names an action in the partnership's most recent plan that has it.
    const actions = await repo.listActionsByReference(
      trx,
      ctx.actor.partnershipId,
      input.actionReferences,
    )
    const actionIds: string[] = []
    for (const reference of input.actionReferences) {
      const action = actions.find(a => a.reference === reference)
      if (!action) {
        return {
          kind: 'invalid',
          field: 'actionReferences',
          message: `There is no business plan action ${reference}`,
        }
      }
      if (!actionIds.includes(action.id)) actionIds.push(action.id)
    }
    const { id } = await trx
      .insertInto('govRecommendation')
      .values({
        inspectionId,
        number: input.number,
        text: input.text,
        partnershipId: ctx.actor.partnershipId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (actionIds.length) {
      await trx
        .insertInto('govRecommendationAction')
        .values(
          actionIds.map(actionId => ({
            partnershipId: ctx.actor.partnershipId,
            recommendationId: id,
            actionId,
          })),
        )
        .execute()
    }
    await audit(trx, ctx, {
      action: 'governance.recommendation.created',
      resourceType: 'gov-inspection',
      resourceId: inspectionId,
      fields: { ...input, actionIds },
    })
    return { kind: 'saved', id }
  })
}

export function setRecommendationStatus(
  db: Db,
  ctx: Ctx,
  id: string,
  status: string,
): Promise<{ kind: 'saved'; inspectionId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const recommendation = await repo.findRecommendation(trx, ctx.actor.partnershipId, id)
    if (!recommendation) return { kind: 'not-found' }
    await trx.updateTable('govRecommendation').set({ status }).where('id', '=', id).execute()
    await audit(trx, ctx, {
      action: 'governance.recommendation.updated',
      resourceType: 'gov-recommendation',
      resourceId: id,
      fields: changedFields(recommendation, { status }),
    })
    return { kind: 'saved', inspectionId: recommendation.inspectionId }
  })
}

/** The standing reports a meeting's agenda can include, computed as the meeting page is shown. */
export async function standingReports(trx: Trx, actor: Actor, bodyId: string) {
  const [risks, challenges, actions, plans] = await Promise.all([
    repo.listRisks(trx, actor.partnershipId),
    repo.listChallenges(trx, actor.partnershipId),
    repo.listActions(trx, bodyId),
    repo.listPlans(trx, actor.partnershipId),
  ])
  const planProgress = []
  for (const plan of plans) {
    const layout = await planLayoutIn(trx, actor, plan.id)
    if (layout) planProgress.push({ title: plan.title, ...layout.completion })
  }
  return {
    'risk-register': risks
      .filter(r => r.status === 'open')
      .sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact),
    'challenge-log': challenges.filter(c => c.status === 'open'),
    'action-log': actions.filter(a => a.status !== 'done'),
    'business-plan': planProgress,
  }
}

/** Impact and evidence for a plan action, with an optional attachment; lead agencies may add it. */
export function addEvidence(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: EvidenceInput & { attachment: Buffer | null },
): Promise<SimpleOutcome & { planId?: string }> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    if (!mayUpdateAction(ctx.actor, action.leadAgencyId)) {
      throw new AccessDenied('Only the business unit or the lead agency may add evidence')
    }
    const type = input.attachment ? paperType(input.attachment) : null
    if (input.attachment && !type) {
      return {
        kind: 'invalid',
        field: 'file',
        message: 'The selected file must be a PDF, Word, Excel or PowerPoint file',
      }
    }
    const { id } = await trx
      .insertInto('govPlanEvidence')
      .values({
        partnershipId: ctx.actor.partnershipId,
        actionId,
        recordedOn: input.recordedOn,
        text: input.text,
        recordedBy: ctx.actor.userId,
        ...(input.attachment && type
          ? {
              filename: `evidence-${action.reference}-${input.recordedOn}.${type.extension}`,
              contentType: type.contentType,
              sizeBytes: input.attachment.length,
              content: input.attachment,
            }
          : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.plan-evidence.created',
      resourceType: 'gov-plan-action',
      resourceId: actionId,
      fields: {
        recordedOn: input.recordedOn,
        text: input.text,
        attachment: input.attachment?.length ?? 0,
      },
    })
    return { kind: 'saved', id, planId: action.planId }
  })
}

export function readEvidence(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const evidence = await repo.findEvidence(trx, ctx.actor.partnershipId, id)
    if (!evidence?.content) return null
    await audit(trx, ctx, {
      action: 'governance.plan-evidence.read',
      resourceType: 'gov-plan-evidence',
      resourceId: id,
    })
    return evidence
  })
}

export function addPlanAction(
  db: Db,
  ctx: Ctx,
  planId: string,
  input: PlanActionInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const plan = await repo.findPlan(trx, ctx.actor.partnershipId, planId)
    if (!plan) return { kind: 'not-found' }
    const actions = await repo.listPlanActions(trx, planId)
    if (actions.some(a => a.reference === input.reference)) {
      return {
        kind: 'invalid',
        field: 'reference',
        message: `Action ${input.reference} is already in the plan`,
      }
    }
    if (
      input.leadAgencyId &&
      !(await repo.findAgencyById(trx, ctx.actor.partnershipId, input.leadAgencyId))
    ) {
      return { kind: 'invalid', field: 'leadAgencyId', message: 'Select an agency from the list' }
    }
    let priority = (await repo.listPriorities(trx, planId)).find(
      p => p.number === input.priorityNumber,
    )
    if (!priority) {
      if (!input.priorityTitle) {
        return {
          kind: 'invalid',
          field: 'priorityTitle',
          message: `Enter the title of priority ${input.priorityNumber}, which is new`,
        }
      }
      priority = await trx
        .insertInto('govPriority')
        .values({
          partnershipId: ctx.actor.partnershipId,
          planId,
          number: input.priorityNumber,
          title: input.priorityTitle,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
    }
    const { id } = await trx
      .insertInto('govPlanAction')
      .values({
        partnershipId: ctx.actor.partnershipId,
        planId,
        priorityId: priority.id,
        reference: input.reference,
        specificAction: input.specificAction,
        leads: JSON.stringify(input.leads),
        leadAgencyId: input.leadAgencyId,
        successIndicators: JSON.stringify(input.successIndicators),
        sourceTags: JSON.stringify(input.sourceTags),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.plan-action.created',
      resourceType: 'gov-plan-action',
      resourceId: id,
      fields: { planId, ...input },
    })
    return { kind: 'saved', id }
  })
}

export function addPlanStep(
  db: Db,
  ctx: Ctx,
  actionId: string,
  input: PlanStepInput,
): Promise<StepOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findPlanAction(trx, ctx.actor.partnershipId, actionId)
    const plan = action && (await repo.findPlan(trx, ctx.actor.partnershipId, action.planId))
    if (!action || !plan) return { kind: 'not-found' }
    const dueOn = dueDateOf(input.due)
    if (dueOn && dueOn < plan.startsOn) {
      return {
        kind: 'invalid',
        field: 'due',
        message: `The step cannot be due before the plan starts on ${formatDay(plan.startsOn)}`,
      }
    }
    const steps = await repo.listPlanStepsForActions(trx, [actionId])
    const { id } = await trx
      .insertInto('govPlanStep')
      .values({
        partnershipId: ctx.actor.partnershipId,
        actionId,
        position: Math.max(0, ...steps.map(s => s.position)) + 1,
        text: input.text,
        dueLabel: input.due,
        dueOn,
        status: input.status,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.plan-step.created',
      resourceType: 'gov-plan-step',
      resourceId: id,
      fields: { actionId, ...input },
    })
    return { kind: 'saved', planId: plan.id }
  })
}

export function setMeetingStatus(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  status: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    await trx.updateTable('govMeeting').set({ status }).where('id', '=', meetingId).execute()
    await audit(trx, ctx, {
      action: 'governance.meeting.updated',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: changedFields(meeting, { status }),
    })
    return { kind: 'saved', id: meetingId }
  })
}

export function removeBudgetLine(
  db: Db,
  ctx: Ctx,
  lineId: string,
): Promise<{ kind: 'removed'; yearId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const line = await trx
      .selectFrom('govBudgetLine')
      .selectAll()
      .where('partnershipId', '=', ctx.actor.partnershipId)
      .where('id', '=', lineId)
      .executeTakeFirst()
    if (!line) return { kind: 'not-found' }
    await trx.deleteFrom('govBudgetLine').where('id', '=', lineId).execute()
    await audit(trx, ctx, {
      action: 'governance.budget-line.deleted',
      resourceType: 'gov-budget-line',
      resourceId: lineId,
      fields: {
        yearId: line.yearId,
        kind: line.kind,
        description: line.description,
        budgetPence: line.budgetPence,
        actualPence: line.actualPence,
      },
    })
    return { kind: 'removed', yearId: line.yearId }
  })
}

export { insertMembership, insertBudgetLine, writeAttendance }
