import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { cancelByToken, requestBooking } from '../../../src/modules/training/booking/service.js'
import { trainingDemoContributor } from '../../../src/modules/training/demo.js'
import { trainingJobs } from '../../../src/modules/training/jobs.js'
import { londonInstant } from '../../../src/platform/calendar.js'
import { JobRunner } from '../../../src/platform/jobs.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import { bookingForm, courseWithEvent, deps, linkIn, outbox } from './helpers.js'

const t = useTestApp()

async function book(eventId: string, n: number, waitingList = false) {
  return requestBooking(deps(t), {
    partnershipId: t.northbridge.id,
    eventId,
    form: { ...bookingForm(t, n), waitingList },
    account: {
      userId: t.userId('social-worker'),
      email: `practitioner${n}@agency.example`,
      name: `Practitioner ${n}`,
    },
    requestId: 'test',
  })
}

const runner = () => new JobRunner(t.database.db, trainingJobs(deps(t)).handlers)
const makeDue = (kind: string) =>
  sql`update job set run_at = now() - interval '1 minute' where kind = ${kind}`.execute(
    t.database.owner,
  )

describe('training jobs', () => {
  it('reminds a confirmed booking two days before at 9 am, once, and not a cancelled one', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 5, daysAhead: 20 })
    await book(eventId, 1)
    await book(eventId, 2)
    const jobs = await sql<{
      run_at: Date
    }>`select run_at from job where kind = 'training-reminder'`.execute(t.database.owner)
    const startsOn =
      (
        await sql<{ d: string }>`select starts_on::text as d from trn_event`.execute(
          t.database.owner,
        )
      ).rows[0]?.d ?? ''
    expect(jobs.rows.map(j => new Date(j.run_at).getTime())).toEqual(
      Array(2).fill(londonInstant(addCalendarDays(startsOn, -2), 9 * 3600).getTime()),
    )
    const second = linkIn((await outbox(t))[1]?.body_text ?? '', 'bookings')
    await cancelByToken(deps(t), { partnershipId: t.northbridge.id, token: second, requestId: 'x' })
    await makeDue('training-reminder')
    expect(await runner().runDue()).toMatchObject({ done: 2, retried: 0 })
    await runner().runDue()
    const reminders = (await outbox(t)).filter(m => m.subject.startsWith('Reminder:'))
    expect(reminders.map(m => m.to_address)).toEqual(['practitioner1@agency.example'])
  })

  it('ends an offer that was not taken and offers the place to the next in line', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 1 })
    await book(eventId, 1)
    await book(eventId, 2, true)
    await book(eventId, 3, true)
    const first = linkIn((await outbox(t))[0]?.body_text ?? '', 'bookings')
    await cancelByToken(deps(t), { partnershipId: t.northbridge.id, token: first, requestId: 'x' })
    // Not yet expired: the job does nothing.
    await makeDue('training-offer-expiry')
    await runner().runDue()
    const status = async () =>
      (
        await sql<{
          email: string
          status: string
        }>`select email, status from trn_booking order by email`.execute(t.database.owner)
      ).rows.map(r => r.status)
    expect(await status()).toEqual(['cancelled', 'offered', 'waiting'])
    await sql`update trn_booking set offer_expires_at = now() - interval '1 minute' where status = 'offered'`.execute(
      t.database.owner,
    )
    await sql`update job set run_at = now() - interval '1 minute', finished_at = null, locked_until = null where kind = 'training-offer-expiry'`.execute(
      t.database.owner,
    )
    await runner().runDue()
    expect(await status()).toEqual(['cancelled', 'lapsed', 'offered'])
  })

  it('adds demo training once: a year of records and coming events', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(7),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 7 },
    }
    const added = await trainingDemoContributor.contribute(context)
    expect(added).toMatchObject({
      courses: 26,
      events: 58,
      bookings: 1308,
      deliveries: 101,
      upcoming: 4,
    })
    expect(await trainingDemoContributor.contribute(context)).toEqual({ courses: 0 })
    const page = await t.inject({ method: 'GET', url: '/programme/northbridge' })
    expect(page.body).toContain('24 of 24 free')
  })
})
