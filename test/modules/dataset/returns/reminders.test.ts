import { describe, expect, it } from 'vitest'
import { returnJobs } from '../../../../src/modules/dataset/returns/jobs.js'
import { reminderFor } from '../../../../src/modules/dataset/returns/reminders.js'
import { JobRunner } from '../../../../src/platform/jobs.js'
import { createMailer } from '../../../../src/platform/mail.js'
import { londonToday } from '../../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../../src/platform/working-days.js'
import { useTestApp } from '../../../helpers/test-app.js'
import { requestQuarter, seedCatalogue } from './helpers.js'

const t = useTestApp()
const mailer = createMailer({ from: 'Keepsafe <no-reply@keepsafe.invalid>' })

function runner() {
  const jobs = returnJobs({ db: t.database.db, mailer, publicUrl: 'https://keepsafe.example' })
  return new JobRunner(t.database.db, jobs.handlers, { recurring: jobs.recurring })
}

function outbox() {
  return t.database.owner.selectFrom('outbox_message').selectAll().orderBy('created_at').execute()
}

async function setDue(returnId: string, dueOn: string) {
  await t.database.owner
    .updateTable('agency_return')
    .set({ due_on: dueOn })
    .where('id', '=', returnId)
    .execute()
}

describe('which reminder a return is due', () => {
  const row = { id: 'r', dueOn: '2026-07-20' }
  it('reminds a week before the due date, then every week after it', () => {
    expect(reminderFor(row, '2026-07-12')).toBeNull()
    expect(reminderFor(row, '2026-07-13')).toEqual({
      kind: 'due-soon',
      itemKey: 'agency-return:r:due-soon',
    })
    expect(reminderFor(row, '2026-07-20')?.kind).toBe('due-soon')
    expect(reminderFor(row, '2026-07-21')).toEqual({
      kind: 'overdue',
      itemKey: 'agency-return:r:overdue-1',
    })
    expect(reminderFor(row, '2026-07-27')?.itemKey).toBe('agency-return:r:overdue-1')
    expect(reminderFor(row, '2026-07-28')?.itemKey).toBe('agency-return:r:overdue-2')
  })
})

describe('return reminders through the job runner', () => {
  it('emails the agency’s leads once before the due date and once a week after it, never after sign-off', async () => {
    const officer = await t.signInAs('business-officer')
    const catalogue = await seedCatalogue(t, officer)
    const { ids } = await requestQuarter(t, officer, [catalogue.police])
    const id = ids[catalogue.police] ?? ''
    const today = londonToday()

    await setDue(id, addCalendarDays(today, 30))
    // One slot for each of the two partnerships.
    expect(await runner().runDue()).toMatchObject({ done: 2, gaveUp: 0 })
    expect(await outbox()).toHaveLength(0)

    await setDue(id, addCalendarDays(today, 3))
    // A new slot of the recurring job runs only next hour: run the work as the next slot would.
    await t.database.owner.deleteFrom('job').execute()
    await runner().runDue()
    let mail = await outbox()
    expect(mail).toHaveLength(1)
    expect(mail[0]?.to_address).toBe('agency-lead@northbridge.example')
    expect(mail[0]?.subject).toMatch(/^Agency return due/)
    expect(mail[0]?.body_text).toContain(`/dataset/returns/${id}`)

    // Running again sends nothing new.
    await t.database.owner.deleteFrom('job').execute()
    await runner().runDue()
    expect(await outbox()).toHaveLength(1)

    await setDue(id, addCalendarDays(today, -1))
    await t.database.owner.deleteFrom('job').execute()
    await runner().runDue()
    mail = await outbox()
    expect(mail).toHaveLength(2)
    expect(mail[1]?.subject).toMatch(/^Agency return overdue/)

    await t.database.owner.updateTable('agency_return').set({ signed_off_at: new Date() }).execute()
    await setDue(id, addCalendarDays(today, -8))
    await t.database.owner.deleteFrom('job').execute()
    await runner().runDue()
    expect(await outbox()).toHaveLength(2)
  })

  it('chases an overdue return when the business unit asks, once a day', async () => {
    const officer = await t.signInAs('business-officer')
    const catalogue = await seedCatalogue(t, officer)
    const { ids } = await requestQuarter(t, officer, [catalogue.police])
    const id = ids[catalogue.police] ?? ''
    await setDue(id, addCalendarDays(londonToday(), 30))
    const chase = await t.postForm(`/dataset/returns/${id}/chase`, {}, officer)
    expect(chase.statusCode).toBe(303)
    expect(chase.headers.location).toBe('/dataset/returns/chase?notice=chased')
    const again = await t.postForm(`/dataset/returns/${id}/chase`, {}, officer)
    expect(again.headers.location).toBe('/dataset/returns/chase?notice=already-chased')
    expect(await outbox()).toHaveLength(0)
    await runner().runDue()
    const mail = await outbox()
    expect(mail).toHaveLength(1)
    expect(mail[0]?.body_text).toContain('performance sub-group')
    const page = await t.inject({
      method: 'GET',
      url: `/dataset/returns/${id}`,
      headers: { cookie: officer },
    })
    expect(page.body).toMatch(/Reminders sent[\s\S]*?1/)
    // Agency leads cannot chase.
    const lead = await t.signInAs('agency-lead')
    expect((await t.postForm(`/dataset/returns/${id}/chase`, {}, lead)).statusCode).toBe(403)
  })
})
