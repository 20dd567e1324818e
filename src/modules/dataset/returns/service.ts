/**
 * Agency returns: the indicator catalogue, quarterly requests to agencies, figures entered on a
 * page or uploaded (every change a new revision), sign-off by the agency lead, and who has and
 * has not returned. Each command is one transaction with its audit event; a refusal rolls back.
 */
import { type Db, type Trx } from '../../../db/database.js'
import { audit, scoped, type Ctx } from '../../../platform/acting.js'
import { londonToday, type IsoDate } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { enqueueJob } from '../../../platform/jobs.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { CHASE_JOB } from './jobs.js'
import * as repo from './repo.js'
import {
  quarterOf,
  quarterStarting,
  type IndicatorInput,
  type Quarter,
  type RequestInput,
  type ReturnStatus,
} from './schema.js'

export type { Ctx }

/** The agencies whose returns the actor may see: null for all of the partnership's. */
export function visibleAgencies(actor: Actor): string[] | null {
  return scopeFor(actor.roles, 'agency-return', 'read') === 'partnership' ? null : actor.agencyIds
}

// ---- Catalogue ---------------------------------------------------------------------------------

export function listIndicators(db: Db, actor: Actor, filter: { agencyId?: string } = {}) {
  return scoped(db, actor, trx => repo.listIndicators(trx, actor.partnershipId, filter))
}

export function findIndicator(db: Db, actor: Actor, id: string) {
  return scoped(db, actor, trx => repo.findIndicator(trx, actor.partnershipId, id))
}

function indicatorValues(input: IndicatorInput): repo.IndicatorValues {
  const { isActive, ...rest } = input
  return { ...rest, isActive: isActive === 'yes' }
}

async function checkIndicator(trx: Trx, actor: Actor, input: IndicatorInput, id: string | null) {
  if (!(await repo.findAgency(trx, actor.partnershipId, input.agencyId)))
    refuse('agencyId', 'Select the agency that returns this figure')
  const clash = await repo.findIndicatorClash(trx, actor.partnershipId, input, id)
  if (clash?.key === input.key) refuse('key', 'Another indicator already has this key')
  if (clash) refuse('name', 'Another indicator already has this name')
}

export function createIndicator(db: Db, ctx: Ctx, input: IndicatorInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await checkIndicator(trx, ctx.actor, input, null)
      const id = await repo.insertIndicator(trx, ctx.actor.partnershipId, indicatorValues(input))
      await audit(trx, ctx, {
        action: 'agency-return.indicator.created',
        resourceType: 'return-indicator',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'created' as const, id }
    }),
  )
}

export function updateIndicator(db: Db, ctx: Ctx, id: string, input: IndicatorInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const before = await repo.findIndicator(trx, ctx.actor.partnershipId, id)
      if (!before) return { kind: 'not-found' as const }
      await checkIndicator(trx, ctx.actor, input, id)
      await repo.updateIndicator(trx, ctx.actor.partnershipId, id, indicatorValues(input))
      await audit(trx, ctx, {
        action: 'agency-return.indicator.updated',
        resourceType: 'return-indicator',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'updated' as const, id }
    }),
  )
}

// ---- Requests ----------------------------------------------------------------------------------

/** The indicators a return asks for: the agency's active ones, annual ones at the year's end. */
async function indicatorsAskedOf(
  trx: Trx,
  partnershipId: string,
  agencyId: string,
  quarter: Quarter,
) {
  const all = await repo.listIndicators(trx, partnershipId, { agencyId, activeOnly: true })
  return all.filter(indicator => indicator.frequency === 'quarterly' || quarter.isYearEnd)
}

export function requestReturns(db: Db, ctx: Ctx, input: RequestInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const quarter = quarterOf(input.quarter)
      if (!quarter) return refuse('quarter', 'Select the quarter from the list')
      const ids: string[] = []
      for (const agencyId of input.agencyIds) {
        const agency = await repo.findAgency(trx, ctx.actor.partnershipId, agencyId)
        if (!agency) refuse('agencyIds', 'Select agencies from the list')
        const asked = await indicatorsAskedOf(trx, ctx.actor.partnershipId, agencyId, quarter)
        if (asked.length === 0)
          refuse('agencyIds', `${agency.name} has no indicators to return for ${quarter.label}`)
        if (await repo.findReturnFor(trx, ctx.actor.partnershipId, agencyId, quarter.start))
          refuse(
            'agencyIds',
            `${agency.name}’s return for ${quarter.label} has already been asked for`,
          )
        const id = await repo.insertReturn(trx, {
          partnershipId: ctx.actor.partnershipId,
          agencyId,
          periodStart: quarter.start,
          periodEnd: quarter.end,
          dueOn: input.dueOn,
          requestedBy: ctx.actor.userId,
        })
        ids.push(id)
        await audit(trx, ctx, {
          action: 'agency-return.requested',
          resourceType: 'agency-return',
          resourceId: id,
          fields: { agencyId, quarter: quarter.key, dueOn: input.dueOn },
        })
      }
      return { kind: 'requested' as const, ids }
    }),
  )
}

// ---- Reading a return --------------------------------------------------------------------------

export type ReturnRow = Awaited<ReturnType<typeof repo.listReturns>>[number]

export function statusOf(row: {
  signedOffAt: Date | null
  valuesGiven: number | null
}): ReturnStatus {
  if (row.signedOffAt) return 'signed-off'
  return (row.valuesGiven ?? 0) > 0 ? 'in-progress' : 'not-started'
}

export function isOverdue(row: { signedOffAt: Date | null; dueOn: string }, today: IsoDate) {
  return !row.signedOffAt && row.dueOn < today
}

export function listReturns(
  db: Db,
  actor: Actor,
  filter: { quarter?: string; agencyId?: string; status?: string },
) {
  return scoped(db, actor, async trx => {
    const visible = visibleAgencies(actor)
    const agencyIds = filter.agencyId
      ? visible && !visible.includes(filter.agencyId)
        ? []
        : [filter.agencyId]
      : (visible ?? undefined)
    const rows = await repo.listReturns(trx, actor.partnershipId, {
      periodStart: filter.quarter ? quarterOf(filter.quarter)?.start : undefined,
      agencyIds,
    })
    return rows.filter(row => !filter.status || statusOf(row) === filter.status)
  })
}

export interface ReturnLine {
  indicator: Awaited<ReturnType<typeof repo.listIndicators>>[number]
  current: { value: number; revision: number } | null
  history: {
    revision: number
    value: number
    source: string
    enteredByName: string | null
    enteredAt: Date
  }[]
}

export interface ReturnDetail {
  row: ReturnRow
  quarter: Quarter
  lines: ReturnLine[]
}

async function loadReturn(trx: Trx, actor: Actor, id: string): Promise<ReturnDetail | null> {
  const row = await repo.findReturn(trx, actor.partnershipId, id)
  const visible = visibleAgencies(actor)
  if (!row || (visible && !visible.includes(row.agencyId))) return null
  const quarter = quarterStarting(row.periodStart)
  const values = await repo.listValues(trx, id)
  const asked = await indicatorsAskedOf(trx, actor.partnershipId, row.agencyId, quarter)
  const answered = new Set(values.map(value => value.indicatorId))
  const all = await repo.listIndicators(trx, actor.partnershipId, { agencyId: row.agencyId })
  const indicators = all.filter(item => asked.some(a => a.id === item.id) || answered.has(item.id))
  const lines = indicators.map(indicator => {
    const history = values
      .filter(value => value.indicatorId === indicator.id)
      .map(value => ({ ...value, value: Number(value.value) }))
    const latest = history[0]
    return {
      indicator,
      current: latest ? { value: latest.value, revision: latest.revision } : null,
      history,
    }
  })
  return { row, quarter, lines }
}

export function readReturn(db: Db, actor: Actor, id: string) {
  return scoped(db, actor, trx => loadReturn(trx, actor, id))
}

// ---- Filling in and signing off ----------------------------------------------------------------

/**
 * Saves the figures given (indicator id to value; null leaves a figure as it is). A changed
 * figure is a new revision; a signed-off return that changes must be signed off again.
 */
export function saveValues(
  db: Db,
  ctx: Ctx,
  id: string,
  values: Map<string, number | null>,
  source: 'form' | 'upload',
): Promise<{ kind: 'saved'; changed: number } | { kind: 'not-found' } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const detail = await loadReturn(trx, ctx.actor, id)
      if (!detail) return { kind: 'not-found' as const }
      let changed = 0
      for (const line of detail.lines) {
        const value = values.get(line.indicator.id)
        if (value === undefined || value === null || value === line.current?.value) continue
        if (!line.indicator.isActive && !line.current)
          refuse(`value-${line.indicator.id}`, `${line.indicator.name} is no longer asked for`)
        await repo.insertValue(trx, {
          partnershipId: ctx.actor.partnershipId,
          returnId: id,
          indicatorId: line.indicator.id,
          revision: (line.current?.revision ?? 0) + 1,
          value,
          source,
          enteredBy: ctx.actor.userId,
        })
        changed += 1
      }
      const unknown = [...values.keys()].filter(
        key => !detail.lines.some(l => l.indicator.id === key),
      )
      if (unknown.length) refuse('form', 'The return asks for different figures: reload the page')
      if (changed > 0 && detail.row.signedOffAt)
        await repo.setSignOff(trx, ctx.actor.partnershipId, id, null)
      await audit(trx, ctx, {
        action: source === 'upload' ? 'agency-return.uploaded' : 'agency-return.saved',
        resourceType: 'agency-return',
        resourceId: id,
        detail: { changed, reopened: changed > 0 && detail.row.signedOffAt !== null },
      })
      return { kind: 'saved' as const, changed }
    }),
  )
}

export function signOff(db: Db, ctx: Ctx, id: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const detail = await loadReturn(trx, ctx.actor, id)
      if (!detail) return { kind: 'not-found' as const }
      if (detail.row.signedOffAt) refuse('form', 'This return has already been signed off')
      const missing = detail.lines.filter(line => !line.current)
      if (missing.length)
        refuse(
          'form',
          `Enter every figure before signing off: ${missing.map(line => line.indicator.name).join(', ')}`,
        )
      await repo.setSignOff(trx, ctx.actor.partnershipId, id, {
        by: ctx.actor.userId,
        at: new Date(),
      })
      await audit(trx, ctx, {
        action: 'agency-return.signed-off',
        resourceType: 'agency-return',
        resourceId: id,
      })
      return { kind: 'signed-off' as const }
    }),
  )
}

// ---- Completeness and the chase list -----------------------------------------------------------

export interface CompletenessRow {
  id: string
  agencyId: string
  agencyName: string
  quarterLabel: string
  dueOn: string
  status: ReturnStatus
  overdue: boolean
  valuesGiven: number
  remindersSent: number
  lastReminderAt: Date | null
  signedOffAt: Date | null
  signedOffByName: string | null
}

export function completenessOf(rows: ReturnRow[], today: IsoDate): CompletenessRow[] {
  return rows.map(row => ({
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    quarterLabel: quarterStarting(row.periodStart).label,
    dueOn: row.dueOn,
    status: statusOf(row),
    overdue: isOverdue(row, today),
    valuesGiven: row.valuesGiven ?? 0,
    remindersSent: row.remindersSent ?? 0,
    lastReminderAt: row.lastReminderAt ? new Date(row.lastReminderAt) : null,
    signedOffAt: row.signedOffAt,
    signedOffByName: row.signedOffByName,
  }))
}

/** Returns not signed off whose due date has passed, most overdue first, for the sub-group. */
export async function chaseList(db: Db, actor: Actor, today = londonToday()) {
  const rows = completenessOf(await listReturns(db, actor, {}), today)
  return rows.filter(row => row.overdue).sort((a, b) => a.dueOn.localeCompare(b.dueOn))
}

/** Records that someone read or exported a list of returns. */
export function auditExport(db: Db, ctx: Ctx, what: string, format: string, rows: number) {
  return scoped(db, ctx.actor, trx =>
    audit(trx, ctx, {
      action: 'agency-return.exported',
      resourceType: 'agency-return',
      detail: { what, format, rows },
    }),
  )
}

/** Asks the job runner to chase one overdue return now (once a day at most). */
export function chaseReturn(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const row = await repo.findReturn(trx, ctx.actor.partnershipId, id)
    if (!row) return { kind: 'not-found' as const }
    if (row.signedOffAt)
      return refusalOf('form', 'This return has been signed off: there is nothing to chase')
    const today = londonToday()
    const jobId = await enqueueJob(trx, {
      kind: CHASE_JOB,
      partnershipId: ctx.actor.partnershipId,
      payload: { returnId: id },
      dedupeKey: `${CHASE_JOB}:${id}:${today}`,
    })
    await audit(trx, ctx, {
      action: 'agency-return.chased',
      resourceType: 'agency-return',
      resourceId: id,
      detail: { queued: jobId !== null },
    })
    return { kind: jobId ? ('chased' as const) : ('already-chased' as const) }
  })
}

function refusalOf(field: string, message: string): Refusal {
  return { kind: 'refused', field, message }
}

export interface QuarterAgencyRow {
  agencyId: string
  agencyName: string
  indicators: number
  return: CompletenessRow | null
}

/** For one quarter, every agency asked for figures: whether its return was asked for, and how far it is. */
export function quarterCompleteness(db: Db, actor: Actor, quarter: Quarter, today = londonToday()) {
  return scoped(db, actor, async trx => {
    const visible = visibleAgencies(actor)
    const indicators = (
      await repo.listIndicators(trx, actor.partnershipId, { activeOnly: true })
    ).filter(
      i =>
        (i.frequency === 'quarterly' || quarter.isYearEnd) &&
        (!visible || visible.includes(i.agencyId)),
    )
    const returns = completenessOf(
      await repo.listReturns(trx, actor.partnershipId, {
        periodStart: quarter.start,
        agencyIds: visible ?? undefined,
      }),
      today,
    )
    const agencies = new Map<string, QuarterAgencyRow>()
    for (const indicator of indicators) {
      const row = agencies.get(indicator.agencyId) ?? {
        agencyId: indicator.agencyId,
        agencyName: indicator.agencyName,
        indicators: 0,
        return: null,
      }
      row.indicators += 1
      agencies.set(indicator.agencyId, row)
    }
    for (const row of returns) {
      const agency = agencies.get(row.agencyId) ?? {
        agencyId: row.agencyId,
        agencyName: row.agencyName,
        indicators: 0,
        return: null,
      }
      agency.return = row
      agencies.set(row.agencyId, agency)
    }
    return [...agencies.values()].sort((a, b) => a.agencyName.localeCompare(b.agencyName))
  })
}

export interface IndicatorSeries {
  key: string
  name: string
  definition: string
  agencyName: string
  unit: string
  polarity: string
  /** The signed-off value of each quarter asked for, null where none was signed off. */
  values: { quarter: Quarter; value: number | null }[]
}

/** Catalogue indicators by key with their signed-off values for the quarters given (for report cards). */
export async function returnSeries(
  trx: Trx,
  partnershipId: string,
  keys: string[],
  quarters: Quarter[],
): Promise<IndicatorSeries[]> {
  const indicators = await repo.findIndicatorsByKeys(trx, partnershipId, keys)
  const values = await repo.listSignedOffValues(
    trx,
    partnershipId,
    indicators.map(i => i.id),
  )
  return indicators.map(indicator => ({
    key: indicator.key,
    name: indicator.name,
    definition: indicator.definition,
    agencyName: indicator.agencyName,
    unit: indicator.unit,
    polarity: indicator.polarity,
    values: quarters.map(quarter => {
      // Rows come newest revision first within a quarter: the first is the current value.
      const row = values.find(
        v => v.indicatorId === indicator.id && v.periodStart === quarter.start,
      )
      return { quarter, value: row ? Number(row.value) : null }
    }),
  }))
}

export function listActiveIndicators(trx: Trx, partnershipId: string) {
  return repo.listIndicators(trx, partnershipId, { activeOnly: true })
}
