import type { z } from 'zod'
import type { Db, Trx } from '../../db/database.js'
import * as repo from './repo.js'
import {
  AttendanceStatusField,
  BudgetLineForm,
  ChallengeForm,
  ChallengeResponseForm,
  RiskForm,
  MeetingForm,
  MembershipForm,
  dueDateOf,
  stepStatusOf,
} from './schema.js'
import { type AttendanceEntry, writeAttendance } from './service/attendance.js'
import { insertBudgetLine } from './service/budget.js'
import { insertRisk } from './service/records.js'
import { type Ctx, audit, formatDay, scoped } from './service/shared.js'
import { insertMembership, membersOn } from './service/structures.js'
import { MAX_IMPORT_ROWS, type Sheet, rowsByHeader } from './spreadsheets.js'

/**
 * Moving in: a partnership's history arrives as CSV or XLSX in these templates. A file is taken
 * whole or not at all: every row is checked, every problem reported against its row, and nothing
 * is written unless every row is good (one transaction).
 */

export const IMPORTS = {
  memberships: {
    title: 'Memberships',
    columns: ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy'],
    example: ['Safeguarding Children Board', 'Lay Member', '', 'lay-member', '2016-04-01', '', ''],
  },
  meetings: {
    title: 'Meetings',
    columns: ['body', 'held_on', 'title', 'status'],
    example: ['Safeguarding Children Board', '2016-04-20', 'Board meeting', 'held'],
  },
  attendance: {
    title: 'Attendance',
    columns: ['body', 'held_on', 'member', 'status', 'deputy'],
    example: ['Safeguarding Children Board', '2016-04-20', 'Lay Member', 'present', ''],
  },
  budget: {
    title: 'Budget lines',
    columns: ['year', 'kind', 'description', 'agency', 'contribution_type', 'budget', 'actual'],
    example: ['2016/17', 'contribution', 'Police', '', 'cash', '', '18595'],
  },
  plan: {
    title: 'Business plan',
    columns: [
      'plan',
      'priority_number',
      'priority_title',
      'action_reference',
      'specific_action',
      'leads',
      'lead_agency',
      'success_indicators',
      'source_tags',
      'rag',
      'impact_and_evidence',
      'step_text',
      'step_due',
      'step_revised_due',
      'step_status',
    ],
    example: [
      'Business Plan 2014-17',
      '6',
      'Improving the effectiveness of the board',
      '6.2.4',
      'Governance review',
      'Executive',
      '',
      'Sub groups report quarterly',
      'Ofsted 2015 recommendation 1',
      '',
      '',
      'Executive to consider revised structure',
      '2015-11',
      '',
      'complete',
    ],
  },
  risks: {
    title: 'Risks',
    columns: [
      'reference',
      'risk',
      'description',
      'owner',
      'likelihood',
      'impact',
      'controls',
      'rag',
      'review_on',
      'status',
    ],
    example: [
      'R1',
      'Agencies do not submit data',
      '',
      'PMQA chair',
      '4',
      '3',
      '',
      'amber',
      '2017-01-31',
      'open',
    ],
  },
  challenges: {
    title: 'Challenges',
    columns: [
      'raised_on',
      'raised_by',
      'challenged',
      'challenge',
      'response',
      'impact',
      'status',
      'closed_on',
    ],
    example: [
      '2016-10-12',
      'Independent Chair',
      'Police',
      'Attendance at conferences',
      '',
      '',
      'open',
      '',
    ],
  },
} as const
export type ImportKind = keyof typeof IMPORTS
export const IMPORT_KINDS = Object.keys(IMPORTS) as ImportKind[]

export function isImportKind(value: string): value is ImportKind {
  return value in IMPORTS
}

export interface RowError {
  row: number
  column: string
  message: string
}

export type ImportOutcome =
  { kind: 'imported'; count: number } | { kind: 'rejected'; errors: RowError[] }

class Rejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('import rejected')
  }
}

/** Lists inside one cell: one per line, or separated by ' | '. */
function splitList(value: string): string[] {
  return value
    .split(/\r?\n|\s\|\s/)
    .map(item => item.trim())
    .filter(Boolean)
}

const COLUMN_OF: Record<string, string> = {
  memberName: 'member',
  agencyId: 'agency',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  deputyName: 'deputy',
  heldOn: 'held_on',
  contributionType: 'contribution_type',
  ownerName: 'owner',
  reviewOn: 'review_on',
  raisedOn: 'raised_on',
  raisedBy: 'raised_by',
  closedOn: 'closed_on',
}

function zodErrors(
  row: number,
  error: z.ZodError,
  columns: Record<string, string> = {},
): RowError[] {
  const seen = new Set<string>()
  const errors: RowError[] = []
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({
      row,
      column: columns[field] ?? COLUMN_OF[field] ?? field,
      message: issue.message,
    })
  }
  return errors
}

export async function importSheet(
  db: Db,
  ctx: Ctx,
  kind: ImportKind,
  sheet: Sheet,
): Promise<ImportOutcome> {
  const { rows, missing } = rowsByHeader(sheet, IMPORTS[kind].columns)
  if (missing.length) {
    return {
      kind: 'rejected',
      errors: [
        {
          row: 1,
          column: missing.join(', '),
          message: `The file must have a header row with the template’s columns: ${missing.join(', ')} missing`,
        },
      ],
    }
  }
  if (rows.length === 0) {
    return { kind: 'rejected', errors: [{ row: 2, column: '', message: 'The file has no rows' }] }
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      kind: 'rejected',
      errors: [
        { row: 1, column: '', message: `The file must have ${MAX_IMPORT_ROWS} rows or fewer` },
      ],
    }
  }
  try {
    return await scoped(db, ctx.actor, async trx => {
      const errors: RowError[] = []
      const count = await IMPORTERS[kind](trx, ctx, rows, errors)
      if (errors.length) throw new Rejected(errors)
      await audit(trx, ctx, {
        action: `governance.import.${kind}`,
        resourceType: 'gov-import',
        resourceId: kind,
        detail: { rows: rows.length, created: count },
      })
      return { kind: 'imported', count } as const
    })
  } catch (error) {
    if (error instanceof Rejected) return { kind: 'rejected', errors: error.errors }
    throw error
  }
}

type Importer = (
  trx: Trx,
  ctx: Ctx,
  rows: Record<string, string>[],
  errors: RowError[],
) => Promise<number>

function lookups(trx: Trx, ctx: Ctx) {
  const bodies = new Map<string, Awaited<ReturnType<typeof repo.findBodyByName>>>()
  let agencies: Awaited<ReturnType<typeof repo.listAgencies>> | null = null
  return {
    async body(name: string) {
      const key = name.toLowerCase()
      if (!bodies.has(key))
        bodies.set(key, await repo.findBodyByName(trx, ctx.actor.partnershipId, name))
      return bodies.get(key)
    },
    async agencyId(name: string): Promise<string | null | undefined> {
      if (!name) return null
      agencies ??= await repo.listAgencies(trx, ctx.actor.partnershipId)
      return agencies.find(a => a.name.toLowerCase() === name.toLowerCase())?.id
    },
  }
}

const unknownBody = (row: number, name: string): RowError => ({
  row,
  column: 'body',
  message: name ? `There is no body called ${name}: add it first` : 'Enter the name of the body',
})
const unknownAgency = (row: number, name: string, column = 'agency'): RowError => ({
  row,
  column,
  message: `There is no agency called ${name}: add it in Administration first, or leave the column blank`,
})

const importMemberships: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const agencyId = await find.agencyId(cells.agency ?? '')
    if (agencyId === undefined) {
      errors.push(unknownAgency(row, cells.agency ?? ''))
      continue
    }
    const form = MembershipForm.safeParse({
      memberName: cells.member,
      role: cells.role || 'member',
      startsOn: cells.starts_on,
      endsOn: cells.ends_on,
      deputyName: cells.deputy,
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const outcome = await insertMembership(trx, ctx, body, { ...form.data, agencyId })
    if (outcome.kind === 'invalid') {
      errors.push({
        row,
        column: COLUMN_OF[outcome.field] ?? outcome.field,
        message: outcome.message,
      })
    } else count += 1
  }
  return count
}

const importMeetings: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const form = MeetingForm.safeParse({
      heldOn: cells.held_on,
      title: cells.title,
      status: cells.status || 'held',
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const existing = await repo.listMeetings(trx, body.id)
    if (existing.some(m => m.heldOn === form.data.heldOn && m.title === form.data.title)) {
      errors.push({
        row,
        column: 'held_on',
        message: `${body.name} already has a meeting called ${form.data.title} on ${formatDay(form.data.heldOn)}`,
      })
      continue
    }
    await trx
      .insertInto('govMeeting')
      .values({ ...form.data, bodyId: body.id, partnershipId: ctx.actor.partnershipId })
      .execute()
    count += 1
  }
  return count
}

const importAttendance: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const byMeeting = new Map<string, AttendanceEntry[]>()
  const seen = new Set<string>()
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const body = await find.body(cells.body ?? '')
    if (!body) {
      errors.push(unknownBody(row, cells.body ?? ''))
      continue
    }
    const heldOn = cells.held_on ?? ''
    const meetings = (await repo.listMeetings(trx, body.id)).filter(m => m.heldOn === heldOn)
    const meeting = meetings[0]
    if (!meeting || meetings.length > 1) {
      errors.push({
        row,
        column: 'held_on',
        message: meeting
          ? `${body.name} has more than one meeting on ${formatDay(heldOn)}: record this attendance on the meeting’s page`
          : `${body.name} has no meeting on ${heldOn ? formatDay(heldOn) || heldOn : 'that date'}: import the meetings first`,
      })
      continue
    }
    const status = AttendanceStatusField.safeParse(cells.status)
    if (!status.success) {
      errors.push({
        row,
        column: 'status',
        message: 'Enter present, apologies-deputy, apologies or absent',
      })
      continue
    }
    const name = (cells.member ?? '').toLowerCase()
    const memberships = await repo.listMemberships(trx, body.id)
    const membership = membersOn(memberships, heldOn).find(m => m.memberName.toLowerCase() === name)
    if (!membership) {
      errors.push({
        row,
        column: 'member',
        message: `${cells.member || 'This person'} was not a member of ${body.name} on ${formatDay(heldOn)}`,
      })
      continue
    }
    if (seen.has(`${meeting.id}|${membership.id}`)) {
      errors.push({
        row,
        column: 'member',
        message: `${membership.memberName} appears twice for this meeting`,
      })
      continue
    }
    seen.add(`${meeting.id}|${membership.id}`)
    const entries = byMeeting.get(meeting.id) ?? []
    entries.push({
      membershipId: membership.id,
      status: status.data,
      deputyName: cells.deputy || null,
    })
    byMeeting.set(meeting.id, entries)
  }
  let count = 0
  if (!errors.length) {
    for (const [meetingId, entries] of byMeeting) {
      await writeAttendance(trx, ctx, meetingId, entries)
      count += entries.length
    }
  }
  return count
}

const importBudget: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const years = await repo.listYears(trx, ctx.actor.partnershipId)
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const year = years.find(y => y.label === cells.year)
    if (!year) {
      errors.push({
        row,
        column: 'year',
        message: `There is no financial year ${cells.year ?? ''}: add it on the budget page first`,
      })
      continue
    }
    const agencyId = await find.agencyId(cells.agency ?? '')
    if (agencyId === undefined) {
      errors.push(unknownAgency(row, cells.agency ?? ''))
      continue
    }
    const form = BudgetLineForm.safeParse({
      kind: cells.kind,
      description: cells.description,
      contributionType: cells.contribution_type,
      budget: cells.budget,
      actual: cells.actual,
    })
    if (!form.success) {
      errors.push(...zodErrors(row, form.error))
      continue
    }
    const outcome = await insertBudgetLine(trx, ctx, year.id, { ...form.data, agencyId })
    if (outcome.kind === 'saved') count += 1
  }
  return count
}

const importPlan: Importer = async (trx, ctx, rows, errors) => {
  const find = lookups(trx, ctx)
  const plans = await repo.listPlans(trx, ctx.actor.partnershipId)
  const actionIds = new Map<string, string>()
  const stepPositions = new Map<string, number>()
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const rowErrors: RowError[] = []
    const fail = (column: string, message: string) => rowErrors.push({ row, column, message })
    const plan = plans.find(p => p.title.toLowerCase() === (cells.plan ?? '').toLowerCase())
    if (!plan) {
      errors.push({
        row,
        column: 'plan',
        message: `There is no plan called ${cells.plan ?? ''}: add it first`,
      })
      continue
    }
    const number = Number(cells.priority_number)
    if (!/^\d{1,3}$/.test(cells.priority_number ?? '') || number < 1) {
      fail('priority_number', 'Enter the priority’s number, like 6')
    }
    const reference = cells.action_reference ?? ''
    if (!/^\d+(\.\d+)*$/.test(reference))
      fail('action_reference', 'Enter the action’s reference, like 6.2.4')
    const rag = (cells.rag ?? '').toLowerCase()
    if (rag && !['red', 'amber', 'green'].includes(rag))
      fail('rag', 'Enter red, amber or green, or leave it blank')
    const leadAgencyId = await find.agencyId(cells.lead_agency ?? '')
    if (leadAgencyId === undefined)
      rowErrors.push(unknownAgency(row, cells.lead_agency ?? '', 'lead_agency'))
    const stepText = cells.step_text ?? ''
    const dueLabel = cells.step_due ?? ''
    const status = stepStatusOf(cells.step_status ?? '')
    if (stepText) {
      if (!dueLabel) fail('step_due', 'Enter when the step is due, like 2016-01')
      const dueOn = dueDateOf(dueLabel)
      if (dueOn && dueOn < plan.startsOn) {
        fail('step_due', `The step is due before the plan starts on ${formatDay(plan.startsOn)}`)
      }
      if (status === 'invalid') {
        fail(
          'step_status',
          'Enter not started, in progress, complete, delayed or ongoing, or leave it blank',
        )
      }
    }
    const key = `${plan.id}|${reference}`
    let actionId = actionIds.get(key)
    if (!actionId && !rowErrors.length) {
      if (!cells.specific_action) fail('specific_action', 'Enter the specific action')
      const exists = (await repo.listPlanActions(trx, plan.id)).some(a => a.reference === reference)
      if (exists) fail('action_reference', `Action ${reference} is already in the plan`)
      let priority = (await repo.listPriorities(trx, plan.id)).find(p => p.number === number)
      if (!priority && !cells.priority_title)
        fail('priority_title', `Enter the title of priority ${number}`)
      if (!rowErrors.length) {
        priority ??= await trx
          .insertInto('govPriority')
          .values({
            partnershipId: ctx.actor.partnershipId,
            planId: plan.id,
            number,
            title: cells.priority_title ?? '',
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        const inserted = await trx
          .insertInto('govPlanAction')
          .values({
            partnershipId: ctx.actor.partnershipId,
            planId: plan.id,
            priorityId: priority.id,
            reference,
            specificAction: cells.specific_action ?? '',
            leads: JSON.stringify(splitList(cells.leads ?? '')),
            leadAgencyId: leadAgencyId ?? null,
            successIndicators: JSON.stringify(splitList(cells.success_indicators ?? '')),
            sourceTags: JSON.stringify(splitList(cells.source_tags ?? '')),
            rag: rag || null,
            impactAndEvidence: cells.impact_and_evidence || null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        actionId = inserted.id
        actionIds.set(key, actionId)
        count += 1
      }
    }
    if (rowErrors.length) {
      errors.push(...rowErrors)
      continue
    }
    if (stepText && actionId) {
      const position = (stepPositions.get(actionId) ?? 0) + 1
      stepPositions.set(actionId, position)
      const revised = cells.step_revised_due ?? ''
      await trx
        .insertInto('govPlanStep')
        .values({
          partnershipId: ctx.actor.partnershipId,
          actionId,
          position,
          text: stepText,
          dueLabel,
          dueOn: dueDateOf(dueLabel),
          revisedDueLabel: revised || null,
          revisedDueOn: revised ? dueDateOf(revised) : null,
          status: status === 'invalid' ? null : status,
        })
        .execute()
    }
  }
  return count
}

const importRisks: Importer = async (trx, ctx, rows, errors) => {
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const form = RiskForm.safeParse({
      reference: cells.reference,
      title: cells.risk,
      description: cells.description,
      ownerName: cells.owner,
      likelihood: cells.likelihood,
      impact: cells.impact,
      controls: cells.controls,
      rag: (cells.rag ?? '').toLowerCase(),
      reviewOn: cells.review_on,
    })
    const status = (cells.status ?? '').toLowerCase() || 'open'
    if (status !== 'open' && status !== 'closed') {
      errors.push({ row, column: 'status', message: 'Enter open or closed' })
      continue
    }
    if (!form.success) {
      errors.push(...zodErrors(row, form.error, { title: 'risk' }))
      continue
    }
    const outcome = await insertRisk(trx, ctx, { ...form.data, status })
    if (outcome.kind === 'invalid') {
      errors.push({
        row,
        column: COLUMN_OF[outcome.field] ?? outcome.field,
        message: outcome.message,
      })
    } else count += 1
  }
  return count
}

const importChallenges: Importer = async (trx, ctx, rows, errors) => {
  let count = 0
  for (const [index, cells] of rows.entries()) {
    const row = index + 2
    const challenge = ChallengeForm.safeParse({
      raisedOn: cells.raised_on,
      raisedBy: cells.raised_by,
      challenged: cells.challenged,
      subject: cells.challenge,
    })
    const response = ChallengeResponseForm.safeParse({
      response: cells.response,
      impact: cells.impact,
      status: (cells.status ?? '').toLowerCase() || 'open',
      closedOn: cells.closed_on,
    })
    if (!challenge.success || !response.success) {
      if (!challenge.success) {
        errors.push(...zodErrors(row, challenge.error, { subject: 'challenge' }))
      }
      if (!response.success) errors.push(...zodErrors(row, response.error))
      continue
    }
    await trx
      .insertInto('govChallenge')
      .values({ ...challenge.data, ...response.data, partnershipId: ctx.actor.partnershipId })
      .execute()
    count += 1
  }
  return count
}

const IMPORTERS: Record<ImportKind, Importer> = {
  memberships: importMemberships,
  meetings: importMeetings,
  attendance: importAttendance,
  budget: importBudget,
  plan: importPlan,
  risks: importRisks,
  challenges: importChallenges,
}
