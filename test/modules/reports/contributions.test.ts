import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { createMailer } from '../../../src/platform/mail.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { reportJobs } from '../../../src/modules/reports/jobs.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { page, startReport } from './helpers.js'

const t = useTestApp()

function dueFields(date: string) {
  const [year = '', month = '', day = ''] = date.split('-')
  return {
    'dueOn-day': String(Number(day)),
    'dueOn-month': String(Number(month)),
    'dueOn-year': year,
  }
}

async function ask(reportId: string, officer: string, dueOn: string) {
  const response = await t.postForm(
    `/reports/${reportId}/contributions`,
    {
      title: 'Thames Valley Police',
      assigneeId: t.userId('agency-lead'),
      questions: 'How much did you do? How well? Is anyone better off?',
      ...dueFields(dueOn),
    },
    officer,
  )
  expect(response.statusCode, visibleText(response.body).slice(0, 800)).toBe(303)
  const row = await t.database.owner
    .selectFrom('report_contribution' as never)
    .select('id' as never)
    .executeTakeFirstOrThrow()
  return (row as { id: string }).id
}

async function runReminders() {
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
    select id, kind, partnership_id, payload from job where kind = 'report-contribution-reminder' order by run_at`.execute(
    t.database.owner,
  )
  for (const row of rows) {
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
  }
  return rows.length
}

async function outbox(subject: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from outbox_message where subject like ${`%${subject}%`}`.execute(
    t.database.owner,
  )
  return rows[0]?.n ?? 0
}

describe('sections asked of agency leads and sub-group chairs', () => {
  it('asks, reminds, is written, sent back with comments, rewritten and accepted into the report, with its history', async () => {
    const officer = await t.signInAs('business-officer')
    const lead = await t.signInAs('agency-lead')
    const reportId = await startReport(t, officer)
    const id = await ask(reportId, officer, addCalendarDays(londonToday(), 10))

    expect(await runReminders()).toBe(2)
    expect(await outbox('Reminder: “Thames Valley Police”')).toBe(2)

    const mine = visibleText((await page(t, '/reports/contributions', lead)).body)
    expect(mine).toContain('Thames Valley Police')
    const first = await t.postForm(
      `/reports/contributions/${id}`,
      { body: 'We trained 300 officers.' },
      lead,
    )
    expect(first.statusCode).toBe(303)
    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        `/reports/contributions/${id}/review`,
        { decision: 'return', comments: '' },
        officer,
      ),
    )
    expect(visibleText(refused.body)).toContain('Enter comments to say what needs to change')
    await t.postForm(
      `/reports/contributions/${id}/review`,
      { decision: 'return', comments: 'Say who is better off' },
      officer,
    )
    await t.postForm(
      `/reports/contributions/${id}`,
      { body: 'We trained 300 officers; 40 more referrals were made.' },
      lead,
    )
    await t.postForm(
      `/reports/contributions/${id}/review`,
      { decision: 'accept', comments: '' },
      officer,
    )
    // A reminder that comes due once the section is accepted sends nothing.
    await runReminders()
    expect(await outbox('Reminder: “Thames Valley Police”')).toBe(2)

    const report = visibleText((await page(t, `/reports/${reportId}`, officer)).body)
    expect(report).toContain('We trained 300 officers; 40 more referrals were made.')
    const history = visibleText((await page(t, `/reports/contributions/${id}`, officer)).body)
    for (const step of ['Requested', 'Reminded', 'Submitted', 'Returned', 'Accepted'])
      expect(history).toContain(step)
    expect(history).toContain('Say who is better off')
  })

  it('refuses a section after its due date with a clear message, keeping the text on the page and writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const lead = await t.signInAs('agency-lead')
    const reportId = await startReport(t, officer)
    const id = await ask(reportId, officer, londonToday())
    await t.database.owner
      .updateTable('report_contribution' as never)
      .set({ due_on: addCalendarDays(londonToday(), -1) } as never)
      .execute()
    const text = 'A long section written offline <b>with care</b>'
    const late = await expectNothingWritten(t, () =>
      t.postForm(`/reports/contributions/${id}`, { body: text }, lead),
    )
    expect(late.statusCode).toBe(400)
    expect(visibleText(late.body)).toContain('can no longer be sent. Your text has not been saved')
    expect(late.body).toContain('A long section written offline &lt;b&gt;with care&lt;/b&gt;')
  })

  it('refuses a due date in the past and a missing one, writing nothing; others cannot write someone else’s section', async () => {
    const officer = await t.signInAs('business-officer')
    const reportId = await startReport(t, officer)
    const base = {
      title: 'Health',
      assigneeId: t.userId('agency-lead'),
      questions: 'What did you do?',
    }
    const past = await expectNothingWritten(t, () =>
      t.postForm(
        `/reports/${reportId}/contributions`,
        { ...base, ...dueFields('2016-01-01') },
        officer,
      ),
    )
    expect(visibleText(past.body)).toContain('The due date must be today or in the future')
    const missing = await expectNothingWritten(t, () =>
      t.postForm(`/reports/${reportId}/contributions`, base, officer),
    )
    expect(visibleText(missing.body)).toContain('Enter the date the section is due')
    const id = await ask(reportId, officer, londonToday())
    expect((await page(t, `/reports/contributions/${id}`, officer)).statusCode).toBe(200)
    const chair = await t.signInAs('board-member')
    expect((await page(t, `/reports/contributions/${id}`, chair)).statusCode).toBe(403)
  })

  it('a business officer moves the due date: audited, in the history, reminders follow the new date; a past date is refused', async () => {
    const officer = await t.signInAs('business-officer')
    const reportId = await startReport(t, officer)
    const id = await ask(reportId, officer, addCalendarDays(londonToday(), 10))
    const later = addCalendarDays(londonToday(), 30)

    const past = await expectNothingWritten(t, () =>
      t.postForm(`/reports/contributions/${id}/due`, dueFields('2016-01-01'), officer),
    )
    expect(past.statusCode).toBe(400)
    expect(visibleText(past.body)).toContain('The due date must be today or in the future')
    const missing = await expectNothingWritten(t, () =>
      t.postForm(`/reports/contributions/${id}/due`, {}, officer),
    )
    expect(visibleText(missing.body)).toContain('Enter the new due date')
    const lead = await t.signInAs('agency-lead')
    // Refused at the door (the refusal itself is audited as a denied access).
    const notTheirs = await t.postForm(`/reports/contributions/${id}/due`, dueFields(later), lead)
    expect(notTheirs.statusCode).toBe(403)

    const moved = await t.postForm(`/reports/contributions/${id}/due`, dueFields(later), officer)
    expect(moved.statusCode, visibleText(moved.body).slice(0, 500)).toBe(303)
    const { rows: audits } = await sql<{ detail: { from: string; to: string } }>`
      select detail from audit_event where action = 'report.contribution.rescheduled'`.execute(
      t.database.owner,
    )
    expect(audits.map(a => a.detail.to)).toEqual([later])

    // The two reminders queued for the first date send nothing; the new date's two do.
    expect(await runReminders()).toBe(4)
    const [year, month, day] = later.split('-').map(Number)
    const laterText = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day)).toLocaleDateString(
      'en-GB',
      { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' },
    )
    expect(await outbox('Reminder: “Thames Valley Police”')).toBe(2)
    expect(await outbox(`is due on ${laterText}`)).toBe(2)
    const history = visibleText((await page(t, `/reports/contributions/${id}`, officer)).body)
    expect(history).toContain(`Due date changed`)
    expect(history).toContain(`to ${laterText}`)
  })
})
