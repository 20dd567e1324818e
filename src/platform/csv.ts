import { stringify } from 'csv-stringify/sync'
import type { FastifyReply } from 'fastify'

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula; prefixing a quote keeps exported text as text (OWASP CSV injection).
 */
export function neutraliseFormula(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'string'
        ? value
        : JSON.stringify(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map(row => row.map(neutraliseFormula))])
}

/**
 * A Content-Disposition header for a download: an ASCII-only name for old clients and the UTF-8
 * name (RFC 6266 / 5987) for the rest. People name their files: quotes, line breaks and slashes
 * in them must never reach the header as they are.
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\w.-]/g, '_').slice(0, 150) || 'download'
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename.slice(0, 150))}`
}

export function sendCsv(
  reply: FastifyReply,
  filename: string,
  header: string[],
  rows: unknown[][],
) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'no-store')
    .send(toCsv(header, rows))
}
