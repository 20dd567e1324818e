import { describe, expect, it } from 'vitest'
import { assuranceJobs } from '../../../src/modules/assurance/cycles/reminders.js'
import { importSchools } from '../../../src/modules/assurance/cycles/service.js'
import { readReturn } from '../../../src/modules/assurance/returns/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { JobRunner } from '../../../src/platform/jobs.js'
import { addCalendarDays, englandAndWales } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import { ASSURANCE_TABLES, counts, ctxFor, cycle, mail, outbox } from './helpers.js'

const t = useTestApp()

const CSV =
  'URN,Name,Phase,DSL email\n100001,Northbridge Primary,Primary,DSL@primary.example\n100002,"Northbridge Academy, Upper",Secondary,dsl@academy.example\n'

function runner() {
  const jobs = assuranceJobs({ db: t.database.db, ...mail })
  return new JobRunner(t.database.db, jobs.handlers, { recurring: jobs.recurring })
}

describe('schools from CSV', () => {
  it('imports schools and updates a known URN', async () => {
    const ctx = ctxFor(t, 'business-officer')
    expect(await importSchools(t.database.db, ctx, CSV)).toEqual({
      kind: 'imported',
      added: 2,
      updated: 0,
    })
    expect(
      await importSchools(
        t.database.db,
        ctx,
        CSV.replace('Primary,Primary', 'Primary School,Primary'),
      ),
    ).toEqual({ kind: 'imported', added: 0, updated: 2 })
    const rows = await t.database.owner
      .selectFrom('asr_organisation')
      .select(['urn', 'name', 'lead_email'])
      .orderBy('urn')
      .execute()
    expect(rows).toEqual([
      { urn: '100001', name: 'Northbridge Primary School', lead_email: 'dsl@primary.example' },
      { urn: '100002', name: 'Northbridge Academy, Upper', lead_email: 'dsl@academy.example' },
    ])
  })

  it.each([
    [
      'a bad URN',
      `${CSV}12AB,Bad School,Primary,dsl@bad.example\n`,
      'Row 4: enter a URN of 6 or 7 digits',
    ],
    [
      'a bad email',
      `${CSV}100003,Bad School,Primary,not-an-email\n`,
      'Row 4: enter the DSL’s email address in the correct format',
    ],
    [
      'a repeated URN',
      `${CSV}100001,Again,Primary,dsl@again.example\n`,
      'Row 4: URN 100001 is in the file twice',
    ],
    [
      'the wrong headings',
      'School,URN\n1,2\n',
      'The first row must be the headings URN, Name, Phase, DSL email',
    ],
  ])('refuses a file with %s and writes nothing', async (_, file, message) => {
    const before = await counts(t, ASSURANCE_TABLES)
    expect(await importSchools(t.database.db, ctxFor(t, 'business-officer'), file)).toEqual({
      kind: 'refused',
      field: 'file',
      message,
    })
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
  })
})

describe('cycles, invitations and chasing', () => {
  it('invites every returning organisation by email with its own link, holding no personal data', async () => {
    const ctx = ctxFor(t, 'business-officer')
    await importSchools(t.database.db, ctx, CSV)
    const orgs = await t.database.owner.selectFrom('asr_organisation').select('id').execute()
    const opened = await cycle(
      t,
      'section-175-157',
      orgs.map(o => o.id as string),
    )
    const mails = await outbox(t)
    expect(mails.map(m => [m.to_address, m.subject]).sort()).toEqual([
      [
        'dsl@academy.example',
        'section-175-157 2026/27: please complete your return by 31 March 2027',
      ],
      [
        'dsl@primary.example',
        'section-175-157 2026/27: please complete your return by 31 March 2027',
      ],
    ])
    for (const m of mails)
      expect(m.body_text).toMatch(/https:\/\/keepsafe\.example\/assurance\/respond\/[\w.-]+/)
    expect(Object.keys(opened.links)).toHaveLength(2)
  })

  it('reminds leads once when due within five working days, then chases once when overdue, through the job runner', async () => {
    const ctx = ctxFor(t, 'business-officer')
    await importSchools(t.database.db, ctx, CSV)
    const orgs = await t.database.owner
      .selectFrom('asr_organisation')
      .select('id')
      .orderBy('urn')
      .execute()
    const today = londonToday()
    const dueOn = englandAndWales.addWorkingDays(today, 3)
    const opened = await cycle(
      t,
      'section-175-157',
      orgs.map(o => o.id as string),
      { opensOn: addCalendarDays(today, -20), dueOn },
    )
    // The academy has submitted: no reminder for it.
    await t.database.owner
      .updateTable('asr_return')
      .set({ status: 'submitted' })
      .where('organisation_id', '=', orgs[1]!.id)
      .execute()
    const invited = (await outbox(t)).length

    // One job per partnership: Northbridge's and Southbridge's.
    expect(await runner().runDue()).toMatchObject({ done: 2, gaveUp: 0 })
    let mails = (await outbox(t)).slice(invited)
    expect(mails.map(m => [m.to_address, m.subject])).toEqual([
      [
        'dsl@primary.example',
        `Reminder: section-175-157 2026/27 is due on ${new Date(`${dueOn}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })}`,
      ],
    ])
    // The invitation's link was replaced by the reminder's.
    const primary = {
      kind: 'link' as const,
      token: opened.links[orgs[0]!.id as string]!,
      requestId: 'r',
    }
    expect(await readReturn(t.database.db, primary, null)).toBeNull()

    // Run again: nothing new. Then the due date passes: one chase.
    await runner().runDue()
    const { sendAssuranceReminders } =
      await import('../../../src/modules/assurance/cycles/reminders.js')
    expect(
      await sendAssuranceReminders(t.database.db, mail, { partnershipId: t.northbridge.id }),
    ).toEqual({ reminders: 0, overdue: 0 })
    await t.database.owner
      .updateTable('asr_cycle')
      .set({ due_on: addCalendarDays(today, -1) })
      .execute()
    expect(
      await sendAssuranceReminders(t.database.db, mail, { partnershipId: t.northbridge.id }),
    ).toEqual({ reminders: 0, overdue: 1 })
    expect(
      await sendAssuranceReminders(t.database.db, mail, { partnershipId: t.northbridge.id }),
    ).toEqual({ reminders: 0, overdue: 0 })
    mails = (await outbox(t)).slice(invited)
    expect(mails.map(m => m.subject.split(':')[0])).toEqual(['Reminder', 'Overdue'])
    const events = await t.database.owner
      .selectFrom('asr_return_event')
      .select('action')
      .orderBy('at')
      .execute()
    expect(events.map(e => e.action)).toEqual(['reminded', 'chased'])
  })
})
