import { describe, expect, it } from 'vitest'
import { worktrayJobs } from '../../../src/modules/worktray/jobs.js'
import { sendReminders } from '../../../src/modules/worktray/service.js'
import { JobRunner, enqueueJob } from '../../../src/platform/jobs.js'
import { createMailer } from '../../../src/platform/mail.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  HOUR,
  auditOf,
  insertCheck,
  insertChild,
  insertConference,
  insertReferral,
  today,
  workingDaysFromToday,
} from './helpers.js'

const t = useTestApp()
const mailer = createMailer({ from: 'Keepsafe <no-reply@keepsafe.invalid>' })
const PUBLIC_URL = 'https://keepsafe.example'

function runner() {
  const jobs = worktrayJobs({ db: t.database.db, mailer, publicUrl: PUBLIC_URL })
  return new JobRunner(t.database.db, jobs.handlers, { recurring: jobs.recurring })
}

function outbox() {
  return t.database.owner.selectFrom('outbox_message').selectAll().orderBy('to_address').execute()
}

describe('reminders', () => {
  it('emails each responsible person once about items overdue or due within a working day, with no personal data', async () => {
    await insertReferral(t, {
      allocated_to: t.userId('social-worker'),
      decision_due_at: new Date(Date.now() - HOUR),
    })
    const { childId } = await insertChild(t)
    await insertConference(t, {
      child_id: childId,
      chair_id: t.userId('conference-chair'),
      target_date: today(),
    })
    // Due in a month: no reminder yet.
    await insertConference(t, {
      child_id: childId,
      chair_id: t.userId('conference-chair'),
      target_date: workingDaysFromToday(20),
    })

    expect(await runner().runDue()).toMatchObject({ done: 2, gaveUp: 0 })
    const mails = await outbox()
    expect(mails.map(mail => [mail.to_address, mail.subject])).toEqual([
      ['conference-chair@northbridge.example', 'Due soon: Initial conference to schedule'],
      ['social-worker@northbridge.example', 'Overdue in your work tray: Front door decision due'],
    ])
    for (const mail of mails) {
      expect(mail.body_text).toContain(`${PUBLIC_URL}/work-tray`)
      for (const personal of ['Amira', 'Khan', 'Leo', 'Hart', 'NSCP-', 'LA0', 'Bruises']) {
        expect(mail.body_text).not.toContain(personal)
        expect(mail.subject).not.toContain(personal)
      }
    }
    const sent = await t.database.owner.selectFrom('reminder_sent').selectAll().execute()
    expect(sent.map(row => row.reminder_kind).sort()).toEqual(['due-soon', 'overdue'])
    const audited = await auditOf(t, 'work-tray.reminders-sent')
    expect(audited.map(event => event.detail)).toEqual([{ reminders: 2 }])
  })

  it('never sends the same reminder twice, whichever run or runner finds it again', async () => {
    await insertReferral(t, {
      allocated_to: t.userId('social-worker'),
      decision_due_at: new Date(Date.now() - HOUR),
    })
    await runner().runDue()
    expect(await outbox()).toHaveLength(1)

    // The next slot's job, or a second instance's, finds the same item: nothing more is sent.
    await enqueueJob(t.database.db, {
      kind: 'reminders',
      partnershipId: t.northbridge.id,
      dedupeKey: 'reminders:another-slot',
    })
    expect(await runner().runDue()).toMatchObject({ done: 1 })
    expect(
      await sendReminders(t.database.db, mailer, {
        partnershipId: t.northbridge.id,
        publicUrl: PUBLIC_URL,
      }),
    ).toBe(0)
    expect(await outbox()).toHaveLength(1)

    // Once it is overdue, a reminder that was "due soon" is followed by an "overdue" one, once.
    const { childId } = await insertChild(t)
    await insertConference(t, {
      child_id: childId,
      chair_id: t.userId('conference-chair'),
      scheduled_at: new Date(Date.now() + HOUR),
      status: 'scheduled',
    })
    const later = new Date(Date.now() + 2 * HOUR)
    const options = { partnershipId: t.northbridge.id, publicUrl: PUBLIC_URL }
    expect(await sendReminders(t.database.db, mailer, options)).toBe(1)
    expect(await sendReminders(t.database.db, mailer, { ...options, now: later })).toBe(1)
    expect(await sendReminders(t.database.db, mailer, { ...options, now: later })).toBe(0)
  })

  it('sends the unallocated queue’s reminders to the managers, and agency work to the agency’s lead', async () => {
    const referralId = await insertReferral(t, { decision_due_at: new Date(Date.now() - HOUR) })
    await insertCheck(t, referralId, t.northbridge.agencyIds[1]!, new Date(Date.now() + HOUR))
    await runner().runDue()
    expect((await outbox()).map(mail => mail.to_address)).toEqual([
      'agency-lead@northbridge.example',
      'front-door-manager@northbridge.example',
    ])
  })

  it('runs for each partnership apart: one partnership’s items never reach another’s people', async () => {
    await insertReferral(
      t,
      {
        allocated_to: t.userId('social-worker', t.southbridge),
        decision_due_at: new Date(Date.now() - HOUR),
      },
      t.southbridge,
    )
    await runner().runDue()
    const mails = await outbox()
    expect(mails.map(mail => [mail.to_address, mail.partnership_id])).toEqual([
      ['social-worker@southbridge.example', t.southbridge.id],
    ])
    const jobs = await t.database.owner
      .selectFrom('job')
      .select(['partnership_id', 'finished_at'])
      .execute()
    // This slot's job for each partnership, done, and the next slot's, waiting.
    expect(jobs.filter(job => job.finished_at !== null)).toHaveLength(2)
    expect(jobs.filter(job => job.finished_at === null)).toHaveLength(2)
  })
})
