import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { reportJobs } from '../../../src/modules/reports/jobs.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { createMailer } from '../../../src/platform/mail.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { page, startReport } from './helpers.js'

const t = useTestApp()

/** Runs the queued build jobs as the runner would. */
async function runBuilds() {
  const jobs = reportJobs({
    db: t.database.db,
    mailer: createMailer({ from: 'keepsafe@example.org' }),
    publicUrl: 'https://keepsafe.example',
  })
  const { rows } = await sql<{
    id: string
    kind: string
    partnership_id: string
    payload: Record<string, unknown>
  }>`
    select id, kind, partnership_id, payload from job where kind = 'report-build'`.execute(
    t.database.owner,
  )
  for (const row of rows)
    await jobs.handlers[row.kind]?.({
      id: row.id,
      kind: row.kind,
      partnershipId: row.partnership_id,
      payload: row.payload,
      attempts: 1,
      maxAttempts: 3,
      runAt: new Date(),
      dedupeKey: null,
    })
  return rows.length
}

function due(date: string) {
  const [year = '', month = '', day = ''] = date.split('-')
  return {
    'dueOn-day': String(Number(day)),
    'dueOn-month': String(Number(month)),
    'dueOn-year': year,
  }
}

describe('the build progress page', () => {
  it('shows which sections are outstanding, who owes what by when (overdue marked), and a PDF built in the background', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer)
    for (const title of ['Thames Valley Police', 'Health'])
      expect(
        (
          await t.postForm(
            `/reports/${id}/contributions`,
            {
              title,
              assigneeId: t.userId('agency-lead'),
              questions: 'How much did you do?',
              ...due(addCalendarDays(londonToday(), 5)),
            },
            officer,
          )
        ).statusCode,
      ).toBe(303)
    await sql`update report_contribution set due_on = ${addCalendarDays(londonToday(), -3)}
      where section_id in (select id from report_section where title = 'Health')`.execute(
      t.database.owner,
    )

    const report = await page(t, `/reports/${id}`, officer)
    expect(report.body).toContain(`href="/reports/${id}/progress"`)
    const before = visibleText((await page(t, `/reports/${id}/progress`, officer)).body)
    expect(before).toMatch(/1\. Foreword by the Independent Chair\s+Not written yet/)
    expect(before).toMatch(/Child protection in our area\s+Drawn from records/)
    expect(before).toMatch(/Thames Valley Police\s+Waiting for the contribution/)
    expect(before).toMatch(/Health\s+.*\s+\d+ \w+ \d{4}\s+Asked for\s+Overdue/)
    expect(before).toMatch(/Thames Valley Police\s+.*\s+\d+ \w+ \d{4}\s+Asked for\s+(?!Overdue)/)
    expect(before).toContain('No document has been built yet.')

    const asked = await t.postForm(
      `/reports/${id}/builds`,
      { format: 'pdf', version: 'live' },
      officer,
    )
    expect(asked.statusCode).toBe(303)
    const queued = await page(t, `/reports/${id}/progress`, officer)
    expect(visibleText(queued.body)).toMatch(/PDF, draft\s+.*Waiting to start/)
    expect(queued.body).toContain('id="build-under-way"')

    expect(await runBuilds()).toBe(1)
    const done = await page(t, `/reports/${id}/progress`, officer)
    expect(visibleText(done.body)).toMatch(/PDF, draft\s+.*Ready/)
    expect(done.body).not.toContain('id="build-under-way"')
    const buildId = /href="\/reports\/builds\/([0-9a-f-]{36})"/.exec(done.body)?.[1]
    const file = await page(t, `/reports/builds/${buildId}`, officer)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_event where action = 'report.build.requested'`.execute(
      t.database.owner,
    )
    expect(rows[0]?.n).toBe(1)
  })

  it('refuses a build of an approved version that does not exist, and a format it does not know, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await startReport(t, officer)
    const latest = await expectNothingWritten(t, () =>
      t.postForm(`/reports/${id}/builds`, { format: 'pdf', version: 'latest' }, officer),
    )
    expect(latest.statusCode).toBe(400)
    expect(visibleText(latest.body)).toContain('The report has no approved version yet')
    const odd = await expectNothingWritten(t, () =>
      t.postForm(`/reports/${id}/builds`, { format: 'exe', version: 'live' }, officer),
    )
    expect(odd.statusCode).toBe(400)
    expect(visibleText(odd.body)).toContain('Select PDF, Word or HTML')
    const lead = await t.signInAs('agency-lead')
    expect((await page(t, `/reports/${id}/progress`, lead)).statusCode).toBe(403)
  })
})
