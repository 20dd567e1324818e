/**
 * The calendar as an iCalendar file (RFC 5545) that Outlook and Google Calendar import: one
 * all-day event per entry.
 */
import { sha256 } from '../../platform/crypto.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { ENTRY_KINDS, type CalendarEntry } from './service.js'

/** TEXT values escape backslashes, semicolons and commas, and write line breaks as \n. */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n')
}

/** Lines longer than 75 octets fold onto continuation lines that start with a space. */
export function foldLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8')
  if (bytes.length <= 75) return line
  const parts: string[] = []
  let current = ''
  for (const char of line) {
    const limit = parts.length === 0 ? 75 : 74
    if (Buffer.byteLength(current + char, 'utf8') > limit) {
      parts.push(current)
      current = ''
    }
    current += char
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '')

function stampOf(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
}

export function calendarIcs(
  entries: CalendarEntry[],
  options: { calendarName: string; baseUrl: string; now?: Date },
): string {
  const stamp = stampOf(options.now ?? new Date())
  const events = entries.flatMap(entry => [
    'BEGIN:VEVENT',
    `UID:${sha256(`${entry.kind}|${entry.on}|${entry.href}|${entry.title}`).slice(0, 32)}@keepsafe`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${compact(entry.on)}`,
    `DTEND;VALUE=DATE:${compact(addCalendarDays(entry.on, 1))}`,
    `SUMMARY:${icsText(`${ENTRY_KINDS[entry.kind]}: ${entry.title}`)}`,
    `DESCRIPTION:${icsText(entry.detail)}`,
    `URL:${options.baseUrl}${entry.href}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ])
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Keepsafe//Business unit calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.calendarName)}`,
    ...events,
    'END:VCALENDAR',
  ]
  return `${lines.map(foldLine).join('\r\n')}\r\n`
}
