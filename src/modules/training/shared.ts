import ExcelJS from 'exceljs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { attachment, neutraliseFormula, sendCsv } from '../../platform/csv.js'
import { AccessDenied } from '../../platform/http/access.js'
import type { Actor } from '../../platform/http/types.js'
import { recordItems, type GovukErrors } from '../../platform/forms.js'
import { can, type Resource } from '../../platform/permissions.js'
import { Refused, refuse } from '../../platform/refusal.js'
import type { Trx } from '../../db/database.js'
import { listActiveAgencies } from '../../platform/directory.js'
import { IdParams } from './booking/schema.js'

/** What the training areas share: the acting person, transactions, audit, pages and exports. */

import { ctxOf, type Ctx } from '../../platform/acting.js'
export { audit, ctxOf, scoped, type Ctx } from '../../platform/acting.js'

/**
 * Who acts on a public page or by a link in an email, for the audit trail: the partnership, and
 * the person only when they are known.
 */
export const publicRequest = (
  input: { partnershipId: string; requestId: string },
  userId: string | null = null,
) => ({ actor: { partnershipId: input.partnershipId, userId }, requestId: input.requestId })

/**
 * A record's page, by the route's `:id` (a 404 when it does not parse), with a form sent back on
 * it when a post was refused.
 */
export function recordPage(
  show: (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    ctx: Ctx,
    state: { form: Record<string, unknown>; errors?: GovukErrors },
  ) => unknown,
) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown> = {},
    errors?: GovukErrors,
  ) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    return show(request, reply, params.data.id, ctxOf(request), { form, errors })
  }
}

export const view = (area: string, name: string) => `training/${area}/views/${name}.njk`

/**
 * The query string as single values, or null when a key is repeated or not one the page knows:
 * such a request is bad input (400), never a 500.
 */
export function singleQuery(
  request: FastifyRequest,
  known: string[],
): Record<string, string> | null {
  const raw = request.query as Record<string, unknown>
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !known.includes(key)) return null
    out[key] = value
  }
  return out
}

export const isExport = (format: string | undefined): format is 'csv' | 'xlsx' =>
  format === 'csv' || format === 'xlsx'

async function xlsxBuffer(sheetName: string, header: string[], rows: unknown[][]) {
  const workbook = new ExcelJS.Workbook()
  const worksheet = workbook.addWorksheet(sheetName.slice(0, 31))
  worksheet.addRow(header).font = { bold: true }
  for (const row of rows)
    worksheet.addRow(row.map(cell => (typeof cell === 'number' ? cell : neutraliseFormula(cell))))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** A table as `name.csv`, or `name.xlsx` when asked for. */
export async function sendTable(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  name: string,
  header: string[],
  rows: unknown[][],
) {
  if (format === 'csv') return sendCsv(reply, `${name}.csv`, header, rows)
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(`${name}.xlsx`))
    .header('cache-control', 'no-store')
    .send(await xlsxBuffer(name, header, rows))
}

/** A table export, for those allowed to export `resource`; others are refused (403). */
export function sendExport(
  actor: Actor,
  resource: Resource,
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  name: string,
  header: string[],
  rows: unknown[][],
) {
  if (!can(actor.roles, resource, 'export')) throw new AccessDenied()
  return sendTable(reply, format, name, header, rows)
}

/** A list page's query: an export asked for (`format`) and the notice after a post. */
export const listQuery = (request: FastifyRequest) =>
  singleQuery(request, ['format', 'notice']) ?? badQuery()

/**
 * A page's table export when its query asks for `format=csv|xlsx` (for those allowed to export
 * `resource`; others are refused, 403), or null for the page itself. The table is made only for
 * an export.
 */
export function exportIfAsked(
  ctx: Ctx,
  reply: FastifyReply,
  resource: Resource,
  format: string | undefined,
  table: () => { name: string; header: string[]; rows: unknown[][] },
) {
  if (!isExport(format)) return null
  const { name, header, rows } = table()
  return sendExport(ctx.actor, resource, reply, format, name, header, rows)
}

export function pounds(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** The partnership's working-day calendar, read in the transaction. */
export { partnershipCalendarIn as calendarIn } from '../../platform/admin.js'

export const LEVELS = {
  '1': 'Level 1: basic awareness',
  '2': 'Level 2: working together',
  '3': 'Level 3: specialist',
  '4': 'Level 4: leadership',
} as const

export const BOOKING_STATUSES: Record<string, string> = {
  unverified: 'Waiting for the email address to be confirmed',
  'awaiting-approval': 'Waiting for a manager’s approval',
  confirmed: 'Confirmed',
  waiting: 'On the waiting list',
  offered: 'Offered a place',
  cancelled: 'Cancelled',
  declined: 'Not approved',
  lapsed: 'Lapsed',
}

export const ATTENDANCE: Record<string, string> = {
  attended: 'Attended',
  'no-show': 'Did not attend',
}

/** A query string that is not as the page expects is bad input: 400, never a 500. */
export function badQuery(): never {
  throw new Refused({
    kind: 'refused',
    field: 'form',
    message: 'The address has a repeated or unknown setting',
  })
}

export { recordItems as items }

/** The course select of a form, after "Select the course". */
export const courseItems = (courses: { id: string; title: string }[], selected: unknown) =>
  recordItems(Object.fromEntries(courses.map(c => [c.id, c.title])), selected, 'Select the course')

/** The agency select of a form, after "Select the agency". */
export const agencyItems = (agencies: { id: string; name: string }[], selected: unknown) =>
  recordItems(Object.fromEntries(agencies.map(a => [a.id, a.name])), selected, 'Select the agency')

/** A form's agency must be one of the partnership's active agencies, or it is refused. */
export async function refuseUnlessActiveAgency(
  trx: Trx,
  ctx: Ctx,
  agencyId: string,
  message = 'Select the agency',
) {
  const agencies = await listActiveAgencies(trx, ctx.actor.partnershipId)
  if (!agencies.some(a => a.id === agencyId)) refuse('agencyId', message)
}

export const choices = (
  rows: { id: string; label: string }[],
  selected: unknown,
  blank: string,
) => [
  { value: '', text: blank },
  ...rows.map(row => ({ value: row.id, text: row.label, selected: row.id === selected })),
]
