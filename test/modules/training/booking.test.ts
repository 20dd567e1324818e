import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  acceptOffer,
  cancelByToken,
  confirmEmailBooking,
  decideApproval,
  expireOffer,
  requestBooking,
} from '../../../src/modules/training/booking/service.js'
import { reservePlaces, saveSettings } from '../../../src/modules/training/catalogue/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  actorFor,
  bookingForm,
  courseWithEvent,
  deps,
  linkIn,
  moveEvent,
  officer,
  outbox,
  trainingCounts,
} from './helpers.js'

const t = useTestApp()

function account(n: number) {
  return {
    userId: t.userId('social-worker'),
    email: `practitioner${n}@agency.example`,
    name: `Practitioner ${n}`,
  }
}

async function bookWithAccount(
  eventId: string,
  n: number,
  options: { agency?: number; waitingList?: boolean } = {},
) {
  return requestBooking(deps(t), {
    partnershipId: t.northbridge.id,
    eventId,
    form: { ...bookingForm(t, n, options.agency ?? 0), waitingList: options.waitingList ?? false },
    account: account(n),
    requestId: 'test',
  })
}

async function statuses(eventId: string) {
  const rows = await sql<{ email: string; status: string }>`
    select email, status from trn_booking where event_id = ${eventId} order by created_at, email`.execute(
    t.database.owner,
  )
  return Object.fromEntries(
    rows.rows.map(row => [row.email.replace('@agency.example', ''), row.status]),
  )
}

describe('booking a place', () => {
  it('confirms places up to the capacity, then refuses a full event with a clear message and writes nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 2 })
    expect(await bookWithAccount(eventId, 1)).toMatchObject({ kind: 'booked', status: 'confirmed' })
    expect(await bookWithAccount(eventId, 2)).toMatchObject({ kind: 'booked', status: 'confirmed' })
    const before = await trainingCounts(t)
    expect(await bookWithAccount(eventId, 3)).toEqual({
      kind: 'refused',
      field: 'waitingList',
      message: 'This event is full. Choose to join the waiting list, or book another date',
    })
    expect(await trainingCounts(t)).toEqual(before)
    const mails = await outbox(t)
    expect(mails.map(m => m.subject)).toEqual([
      'Your place on Working together to safeguard children is confirmed',
      'Your place on Working together to safeguard children is confirmed',
    ])
    const reminders = await sql<{
      n: string
    }>`select count(*) as n from job where kind = 'training-reminder'`.execute(t.database.owner)
    expect(Number(reminders.rows[0]?.n)).toBe(2)
  })

  it('refuses booking the same event twice and writes nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 5 })
    await bookWithAccount(eventId, 1)
    const before = await trainingCounts(t)
    expect(await bookWithAccount(eventId, 1)).toEqual({
      kind: 'refused',
      field: 'email',
      message: 'You have already booked this event: check your email for the details',
    })
    expect(await trainingCounts(t)).toEqual(before)
  })

  it('never overbooks the last place when two people book it at the same moment', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 1 })
    const outcomes = await Promise.all([bookWithAccount(eventId, 1), bookWithAccount(eventId, 2)])
    expect(outcomes.filter(o => o.kind === 'booked')).toHaveLength(1)
    expect(outcomes.filter(o => o.kind === 'refused')).toHaveLength(1)
    expect(Object.values(await statuses(eventId))).toEqual(['confirmed'])
  })

  it('keeps places reserved for an agency from the others', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 2 })
    const reserved = await reservePlaces(t.database.db, officer(t), eventId, {
      agencyId: t.northbridge.agencyIds[1] ?? '',
      places: 1,
    })
    expect(reserved).toMatchObject({ kind: 'saved' })
    expect(await bookWithAccount(eventId, 1, { agency: 0 })).toMatchObject({ status: 'confirmed' })
    expect(await bookWithAccount(eventId, 2, { agency: 0 })).toMatchObject({ kind: 'refused' })
    expect(await bookWithAccount(eventId, 3, { agency: 1 })).toMatchObject({ status: 'confirmed' })
  })

  it('books without an account only once the emailed link is followed; the token is kept hashed', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 2 })
    const outcome = await requestBooking(deps(t), {
      partnershipId: t.northbridge.id,
      eventId,
      form: bookingForm(t, 7),
      account: null,
      requestId: 'test',
    })
    expect(outcome).toEqual({ kind: 'check-email' })
    expect(await statuses(eventId)).toEqual({ practitioner7: 'unverified' })
    const [mail] = await outbox(t)
    const token = linkIn(mail?.body_text ?? '', 'confirm')
    const stored = await sql<{
      token_hash: string
    }>`select token_hash from trn_booking_token`.execute(t.database.owner)
    expect(stored.rows.map(r => r.token_hash)).not.toContain(token)

    expect(
      await confirmEmailBooking(deps(t), {
        partnershipId: t.northbridge.id,
        token,
        requestId: 'x',
      }),
    ).toMatchObject({
      kind: 'booked',
      status: 'confirmed',
    })
    // The link works once.
    expect(
      await confirmEmailBooking(deps(t), {
        partnershipId: t.northbridge.id,
        token,
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'expired',
    })
    // An expired link does nothing.
    await requestBooking(deps(t), {
      partnershipId: t.northbridge.id,
      eventId,
      form: bookingForm(t, 8),
      account: null,
      requestId: 't',
    })
    const second = linkIn((await outbox(t)).at(-1)?.body_text ?? '', 'confirm')
    await sql`update trn_booking_token set expires_at = now() - interval '1 minute' where used_at is null`.execute(
      t.database.owner,
    )
    expect(
      await confirmEmailBooking(deps(t), {
        partnershipId: t.northbridge.id,
        token: second,
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'expired',
    })
    expect((await statuses(eventId)).practitioner8).toBe('unverified')
  })

  it('waits for a manager’s approval where the course needs it, and only the agency’s lead may give it', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 2, needsApproval: true })
    const booked = await bookWithAccount(eventId, 1, { agency: 1 })
    expect(booked).toMatchObject({ status: 'awaiting-approval' })
    if (booked.kind !== 'booked') return
    const otherLead = {
      actor: actorFor(t, 'agency-lead', [t.northbridge.agencyIds[2] ?? '']),
      requestId: 'x',
    }
    await expect(decideApproval(deps(t), otherLead, booked.bookingId, true)).rejects.toThrow()
    const lead = {
      actor: actorFor(t, 'agency-lead', [t.northbridge.agencyIds[1] ?? '']),
      requestId: 'x',
    }
    expect(await decideApproval(deps(t), lead, booked.bookingId, true)).toEqual({ kind: 'decided' })
    expect(await statuses(eventId)).toEqual({ practitioner1: 'confirmed' })
  })
})

describe('the waiting list', () => {
  it('offers a freed place to the first in line, then to the next when the offer runs out', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 1 })
    await bookWithAccount(eventId, 1)
    expect(await bookWithAccount(eventId, 2, { waitingList: true })).toMatchObject({
      status: 'waiting',
    })
    expect(await bookWithAccount(eventId, 3, { waitingList: true })).toMatchObject({
      status: 'waiting',
    })

    const manage1 = linkIn((await outbox(t))[0]?.body_text ?? '', 'bookings')
    expect(
      await cancelByToken(deps(t), {
        partnershipId: t.northbridge.id,
        token: manage1,
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'cancelled',
      late: false,
    })
    expect(await statuses(eventId)).toEqual({
      practitioner1: 'cancelled',
      practitioner2: 'offered',
      practitioner3: 'waiting',
    })
    const offer2 = (await outbox(t)).at(-1)
    expect(offer2?.to_address).toBe('practitioner2@agency.example')

    // Practitioner 2 lets the offer run out: the place goes to practitioner 3.
    const [booking2] = (
      await sql<{
        id: string
      }>`select id from trn_booking where email = 'practitioner2@agency.example'`.execute(
        t.database.owner,
      )
    ).rows
    await sql`update trn_booking set offer_expires_at = now() - interval '1 minute' where id = ${booking2?.id}`.execute(
      t.database.owner,
    )
    await expireOffer(deps(t), t.northbridge.id, booking2?.id ?? '')
    expect(await statuses(eventId)).toEqual({
      practitioner1: 'cancelled',
      practitioner2: 'lapsed',
      practitioner3: 'offered',
    })
    const token2 = linkIn(offer2?.body_text ?? '', 'bookings')
    const before = await trainingCounts(t)
    expect(
      await acceptOffer(deps(t), {
        partnershipId: t.northbridge.id,
        token: token2,
        requestId: 'x',
      }),
    ).toMatchObject({
      kind: 'refused',
    })
    expect(await trainingCounts(t)).toEqual(before)

    const token3 = linkIn((await outbox(t)).at(-1)?.body_text ?? '', 'bookings')
    expect(
      await acceptOffer(deps(t), {
        partnershipId: t.northbridge.id,
        token: token3,
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'accepted',
      status: 'confirmed',
    })
    expect((await statuses(eventId)).practitioner3).toBe('confirmed')
  })
})

describe('cancelling', () => {
  it('charges a cancellation after the cut-off by the charging policy, and not one before it', async () => {
    await saveSettings(t.database.db, officer(t), {
      cancelCutoffDays: 5,
      offerHours: 48,
      noShowCharge: 5000,
      lateCancelCharge: 2500,
    })
    const { eventId } = await courseWithEvent(t, { capacity: 4, daysAhead: 60 })
    await bookWithAccount(eventId, 1)
    await bookWithAccount(eventId, 2)
    const [first, second] = (await outbox(t)).map(m => linkIn(m.body_text, 'bookings'))
    expect(
      await cancelByToken(deps(t), {
        partnershipId: t.northbridge.id,
        token: first ?? '',
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'cancelled',
      late: false,
    })
    // Two calendar days before the event is inside five working days.
    await moveEvent(t, eventId, addCalendarDays(londonToday(), 2))
    expect(
      await cancelByToken(deps(t), {
        partnershipId: t.northbridge.id,
        token: second ?? '',
        requestId: 'x',
      }),
    ).toEqual({
      kind: 'cancelled',
      late: true,
    })
    const charges = await sql<{ email: string; charge_pence: number; late_cancellation: boolean }>`
      select email, charge_pence, late_cancellation from trn_booking order by email`.execute(
      t.database.owner,
    )
    expect(charges.rows).toEqual([
      { email: 'practitioner1@agency.example', charge_pence: 0, late_cancellation: false },
      { email: 'practitioner2@agency.example', charge_pence: 2500, late_cancellation: true },
    ])
  })

  it('refuses to cancel twice and writes nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 4 })
    await bookWithAccount(eventId, 1)
    const token = linkIn((await outbox(t))[0]?.body_text ?? '', 'bookings')
    await cancelByToken(deps(t), { partnershipId: t.northbridge.id, token, requestId: 'x' })
    const before = await trainingCounts(t)
    expect(
      await cancelByToken(deps(t), { partnershipId: t.northbridge.id, token, requestId: 'x' }),
    ).toEqual({
      kind: 'refused',
      field: 'form',
      message: 'This booking has already been cancelled',
    })
    expect(await trainingCounts(t)).toEqual(before)
  })
})
