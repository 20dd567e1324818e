import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { calendarIcs, foldLine, icsText } from '../../../src/modules/calendar/ics.js'
import { useTestApp } from '../../helpers/test-app.js'
import { seedSection11, seedYear } from './seed.js'

const t = useTestApp()

async function get(url: string, role: 'business-officer' | 'agency-lead' = 'business-officer') {
  const cookie = await t.signInAs(role)
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function auditActions(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .where('action', '=', action)
    .execute()
}

describe('the business unit’s calendar of the year', () => {
  it('lists meetings, returns, self-assessments and report sections month by month', async () => {
    await seedYear(t)
    await seedSection11(t)
    await t.database.owner
      .insertInto('gov_body')
      .values({
        partnership_id: t.southbridge.id,
        name: 'Southbridge board',
        kind: 'board',
        active_from: '2024-04-01',
      })
      .execute()
    const page = await get('/calendar?year=2026/27')
    expect(page.statusCode).toBe(200)
    const body = page.body
    expect(body).toContain('Calendar 2026/27')
    const months = [...body.matchAll(/<h2 class="govuk-heading-m">([^<]+)<\/h2>/g)].map(m => m[1])
    expect(months).toEqual([
      'April 2026',
      'May 2026',
      'June 2026',
      'July 2026',
      'August 2026',
      'September 2026',
      'October 2026',
      'November 2026',
      'December 2026',
      'January 2027',
      'February 2027',
      'March 2027',
    ])
    expect(body).toContain('Nothing in April 2026.')
    expect(body).toContain('14 December 2026')
    expect(body).toContain('Winter board (Executive board)')
    expect(body).toContain('Agency returns for 1 July 2026 to 30 September 2026')
    expect(body).toContain('1 of 2 agencies signed off')
    expect(body).toContain('section-11 2026/27')
    expect(body).toContain('0 of 1 organisations submitted')
    expect(body).toContain('Police: what we learned (Annual report 2026/27)')
    expect(body).toContain('Asked for, not yet sent')
    expect(body).not.toContain('Southbridge')
    // Dates are words on the page, never ISO.
    expect(body.replace(/href="[^"]*"/g, '')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)
    expect(await auditActions('business-calendar.viewed')).toHaveLength(1)
  })

  it('reads the year written either way, and says so when it cannot', async () => {
    await seedYear(t)
    const slash = await get('/calendar?year=2026/27')
    const hyphen = await get('/calendar?year=2026-27')
    expect(hyphen.statusCode).toBe(200)
    expect(hyphen.body).toContain('Winter board (Executive board)')
    expect(hyphen.body).toContain('Calendar 2026/27')
    expect(slash.body).toContain('Calendar 2026/27')
    const bad = await get('/calendar?year=2026/28')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the financial year, like 2026/27 or 2026-27')
    const repeated = await get('/calendar?year=2026-27&year=2027-28')
    expect(repeated.statusCode).toBe(400)
  })

  it('says when a year has nothing in it', async () => {
    const page = await get('/calendar?year=2031-32')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Nothing is in the calendar for 2031/32')
    expect(page.body).not.toContain('format=csv')
  })

  it('downloads the year as CSV, XLSX and iCalendar, each an audited export', async () => {
    await seedYear(t)
    const csv = await get('/calendar?year=2026-27&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toContain('calendar-2026-27.csv')
    expect(csv.body.split('\n')[0]).toBe('Date,What,Title,Details,Link')
    expect(csv.body).toContain('2026-12-14,Meeting,Winter board (Executive board),Scheduled')
    const xlsx = await get('/calendar?year=2026-27&format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    const ics = await get('/calendar?year=2026-27&format=ics')
    expect(ics.statusCode).toBe(200)
    expect(ics.headers['content-type']).toContain('text/calendar')
    expect(ics.headers['content-disposition']).toContain('calendar-2026-27.ics')
    expect(ics.body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(ics.body).toContain('DTSTART;VALUE=DATE:20261214\r\nDTEND;VALUE=DATE:20261215')
    expect(ics.body).toContain('SUMMARY:Meeting: Winter board (Executive board)')
    expect(ics.body).toContain('SUMMARY:Agency returns due: Agency returns for 1 July 2026 to 30 S')
    expect(ics.body.trimEnd().endsWith('END:VCALENDAR')).toBe(true)
    const exports = await auditActions('business-calendar.exported')
    expect(exports.map(e => (e.detail as { format: string }).format).sort()).toEqual([
      'csv',
      'ics',
      'xlsx',
    ])
  })

  it('is the business unit’s: an agency lead is refused', async () => {
    const page = await get('/calendar', 'agency-lead')
    expect(page.statusCode).toBe(403)
    const csv = await get('/calendar?format=csv', 'agency-lead')
    expect(csv.statusCode).toBe(403)
  })

  it('puts the next two months on the business officer’s home page', async () => {
    const soon = addCalendarDays(londonToday(), 10)
    const later = addCalendarDays(londonToday(), 120)
    const owner = t.database.owner
    const [body] = await owner
      .insertInto('gov_body')
      .values({
        partnership_id: t.northbridge.id,
        name: 'Board',
        kind: 'board',
        active_from: '2024-04-01',
      })
      .returning('id')
      .execute()
    await owner
      .insertInto('gov_meeting')
      .values([
        { partnership_id: t.northbridge.id, body_id: body?.id, held_on: soon, title: 'Soon board' },
        {
          partnership_id: t.northbridge.id,
          body_id: body?.id,
          held_on: later,
          title: 'Later board',
        },
      ])
      .execute()
    const home = await get('/')
    const start = home.body.indexOf('Coming up in the business unit’s calendar')
    const panel = home.body.slice(start, home.body.indexOf('</section>', start))
    expect(panel).toContain('Soon board (Board)')
    expect(panel).not.toContain('Later board')
    expect(panel).toContain('href="/calendar"')
  })
})

describe('iCalendar text', () => {
  it('escapes TEXT values and folds long lines at 75 octets', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne')
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`)
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`)
  })

  it('writes one all-day event per entry with a stable id', () => {
    const entry = {
      on: '2027-03-31',
      kind: 'self-assessment' as const,
      title: 'Section 11',
      detail: '1 of 2',
      href: '/assurance/cycles/x',
    }
    const now = new Date('2026-12-06T10:00:00Z')
    const text = calendarIcs([entry], { calendarName: 'N', baseUrl: 'https://k.example', now })
    expect(text).toContain('DTSTART;VALUE=DATE:20270331\r\nDTEND;VALUE=DATE:20270401')
    expect(text).toContain('DTSTAMP:20261206T100000Z')
    expect(text).toContain('URL:https://k.example/assurance/cycles/x')
    expect(calendarIcs([entry], { calendarName: 'N', baseUrl: 'https://k.example', now })).toBe(
      text,
    )
  })
})
