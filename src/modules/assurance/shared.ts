import ExcelJS from 'exceljs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/database.js'
import { audit, ctxOf, scoped, type Ctx } from '../../platform/acting.js'
import { attachment, neutraliseFormula, sendCsv } from '../../platform/csv.js'

/** What the assurance areas share: the actor's transaction, audit events, exports. */

export { audit, ctxOf, scoped, type Ctx }

/** The query string's single values; a repeated key (an array) makes the whole query bad. */
export function singleQuery(request: FastifyRequest): Record<string, string> | null {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(request.query as Record<string, unknown>)) {
    if (typeof value !== 'string') return null
    out[key] = value
  }
  return out
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value)

export function idParam(request: FastifyRequest, name = 'id'): string | null {
  const value = (request.params as Record<string, unknown>)[name]
  return isUuid(value) ? value : null
}

export { recordItems as items } from '../../platform/forms.js'

/** A form's first problem as a refusal, on its field (or on `fallbackField` for the whole form). */
export const refusedBy = (
  error: { issues: { path: PropertyKey[]; message: string }[] },
  fallbackField = 'form',
) => ({
  kind: 'refused' as const,
  field: String(error.issues[0]?.path[0] ?? fallbackField),
  message: error.issues[0]?.message ?? '',
})

async function sendXlsx(
  reply: FastifyReply,
  filename: string,
  header: string[],
  rows: unknown[][],
) {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Export')
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map(neutraliseFormula))
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer())
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'no-store')
    .send(buffer)
}

/** A table as CSV or XLSX, the export audited in the actor's partnership. */
export async function sendExport(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  spec: { format: 'csv' | 'xlsx'; name: string; header: string[]; rows: unknown[][] },
) {
  const ctx = ctxOf(request)
  await scoped(db, ctx.actor, trx =>
    audit(trx, ctx, {
      action: 'assurance.exported',
      resourceType: 'assurance-export',
      resourceId: request.routeOptions.url ?? '',
      detail: { name: spec.name, rows: spec.rows.length },
    }),
  )
  return spec.format === 'xlsx'
    ? sendXlsx(reply, `${spec.name}.xlsx`, spec.header, spec.rows)
    : sendCsv(reply, `${spec.name}.csv`, spec.header, spec.rows)
}

export const exportFormat = (value: string | undefined): 'csv' | 'xlsx' | null =>
  value === 'csv' || value === 'xlsx' ? value : null

/**
 * The query of a page that takes only `?format=csv|xlsx`: the export asked for (null for the page
 * itself), or null for any other query, which is bad input (400).
 */
export function formatOnlyQuery(request: FastifyRequest): { format: 'csv' | 'xlsx' | null } | null {
  const query = singleQuery(request)
  if (!query || Object.keys(query).some(k => k !== 'format')) return null
  return { format: exportFormat(query.format) }
}
