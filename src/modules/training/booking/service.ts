import { sql } from 'kysely'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { AccessDenied } from '../../../platform/http/access.js'
import { londonInstant, londonToday } from '../../../platform/calendar.js'
import { partnershipSlug } from '../../../platform/front-page.js'
import { enqueueJob } from '../../../platform/jobs.js'
import type { Mailer } from '../../../platform/mail.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { addCalendarDays } from '../../../platform/working-days.js'
import { type Ctx, audit, publicRequest, calendarIn } from '../shared.js'
import { findUsableToken, issueToken, useToken } from '../tokens.js'
import * as repo from './repo.js'
import type { BookingInput } from './schema.js'
import { formatDate, formatTime } from '../../../platform/http/web.js'

/**
 * Booking rules. Every command that can take or free a place locks the event's row first, so two
 * people booking the last place one after the other see each other's booking: never an overbooking.
 */

export interface Deps {
  db: Db
  mailer: Mailer
  publicUrl: string
}

type Send = () => Promise<void>

/** Runs the command in the partnership; sends its emails only once it has committed. */
async function command<T>(
  deps: Deps,
  scope: { partnershipId: string; userId: string | null },
  work: (trx: Trx, sends: Send[]) => Promise<T>,
): Promise<T | Refusal> {
  const sends: Send[] = []
  const outcome = await refusable(() => inPartnership(deps.db, scope, trx => work(trx, sends)))
  for (const send of sends) await send()
  return outcome
}

/** Places this agency may still take: free places, less those kept for other agencies. */
export async function placesFor(trx: Trx, event: repo.LockedEvent, agencyId: string) {
  const held = await repo.heldByAgency(trx, event.id)
  const reserved = await repo.reservations(trx, event.id)
  let taken = 0
  for (const count of held.values()) taken += count
  let keptForOthers = 0
  for (const [other, places] of reserved) {
    if (other !== agencyId) keptForOthers += Math.max(0, places - (held.get(other) ?? 0))
  }
  return event.capacity - taken - keptForOthers
}

function when(event: repo.LockedEvent) {
  return `${formatDate(event.startsOn)} at ${formatTime(event.startTime)}, ${event.online ? 'online' : event.venue}`
}

/** The confirmation email with its link to manage the booking, and the reminder job. */
async function confirmPlace(
  trx: Trx,
  deps: Deps,
  sends: Send[],
  event: repo.LockedEvent,
  booking: { id: string; email: string; name: string },
) {
  const token = await issueToken(trx, event.partnershipId, booking.id, 'manage')
  const link = `${deps.publicUrl}/programme/${await partnershipSlug(trx, event.partnershipId)}/bookings/${token}`
  sends.push(
    await deps.mailer.queue(trx, {
      partnershipId: event.partnershipId,
      to: booking.email,
      subject: `Your place on ${event.title} is confirmed`,
      text: `Dear ${booking.name},\n\nYour place on ${event.title} on ${when(event)} is confirmed.\n\nTo cancel, use this link:\n${link}\n\nPlease cancel as early as you can: late cancellations and non-attendance are charged to your agency.`,
    }),
  )
  // Reminder two days before at 9 am London time; not at all when the event is sooner.
  const remindAt = londonInstant(addCalendarDays(event.startsOn, -2), 9 * 3600)
  if (remindAt.getTime() > Date.now()) {
    await enqueueJob(trx, {
      kind: 'training-reminder',
      partnershipId: event.partnershipId,
      runAt: remindAt,
      payload: { bookingId: booking.id },
      dedupeKey: `training-reminder:${booking.id}`,
    })
  }
}

/**
 * Gives a booking its place, sends it for approval, or puts it on the waiting list when asked;
 * a full event without the waiting list is refused.
 */
async function place(
  trx: Trx,
  deps: Deps,
  sends: Send[],
  event: repo.LockedEvent,
  booking: { id: string; email: string; name: string; agencyId: string },
  waitingList: boolean,
): Promise<string> {
  const free = await placesFor(trx, event, booking.agencyId)
  let status: string
  if (free > 0) status = event.needsApproval ? 'awaiting-approval' : 'confirmed'
  else if (waitingList) status = 'waiting'
  else
    return refuse(
      'waitingList',
      'This event is full. Choose to join the waiting list, or book another date',
    )
  await trx
    .updateTable('trnBooking')
    .set({ status, waitingSince: status === 'waiting' ? new Date() : null })
    .where('id', '=', booking.id)
    .execute()
  if (status === 'confirmed') await confirmPlace(trx, deps, sends, event, booking)
  return status
}

function checkBookable(event: repo.LockedEvent | undefined): asserts event is repo.LockedEvent {
  if (!event || event.status !== 'open' || event.startsOn <= londonToday()) {
    refuse('form', 'This event is no longer open for booking')
  }
}

export type BookOutcome =
  { kind: 'booked'; status: string; bookingId: string } | { kind: 'check-email' } | Refusal

/**
 * A booking from the public programme. With an account the place is taken at once; without one
 * the booking waits until the person follows the link sent to their email address.
 */
export function requestBooking(
  deps: Deps,
  input: {
    partnershipId: string
    eventId: string
    form: BookingInput
    account: { userId: string; email: string; name: string } | null
    requestId: string
  },
): Promise<BookOutcome> {
  const { form, account } = input
  const email = account?.email ?? form.email
  return command(
    deps,
    { partnershipId: input.partnershipId, userId: account?.userId ?? null },
    async (trx, sends) => {
      const event = await repo.lockEvent(trx, input.eventId)
      checkBookable(event)
      if (!(await repo.agencyOf(trx, input.partnershipId, form.agencyId)))
        refuse('agencyId', 'Select your agency from the list')
      const existing = await repo.findLiveBooking(trx, event.id, email)
      if (existing && existing.status !== 'unverified')
        refuse('email', 'You have already booked this event: check your email for the details')
      if (existing) {
        // An unconfirmed earlier request is replaced by this one.
        await trx
          .updateTable('trnBooking')
          .set({ status: 'lapsed' })
          .where('id', '=', existing.id)
          .execute()
      }
      const free = await placesFor(trx, event, form.agencyId)
      if (free <= 0 && !form.waitingList)
        refuse(
          'waitingList',
          'This event is full. Choose to join the waiting list, or book another date',
        )
      const { id } = await trx
        .insertInto('trnBooking')
        .values({
          partnershipId: input.partnershipId,
          eventId: event.id,
          userId: account?.userId ?? null,
          name: account?.name ?? form.name,
          email,
          agencyId: form.agencyId,
          jobRole: form.jobRole,
          status: 'unverified',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const booking = { id, email, name: account?.name ?? form.name, agencyId: form.agencyId }
      await audit(trx, publicRequest(input, account?.userId ?? null), {
        action: 'training.booking.requested',
        resourceType: 'trn-booking',
        resourceId: id,
        fields: {
          eventId: event.id,
          agencyId: form.agencyId,
          jobRole: form.jobRole,
          withAccount: Boolean(account),
        },
      })
      if (account) {
        const status = await place(trx, deps, sends, event, booking, form.waitingList)
        return { kind: 'booked', status, bookingId: id } as const
      }
      const token = await issueToken(trx, input.partnershipId, id, 'confirm')
      const link = `${deps.publicUrl}/programme/${await partnershipSlug(trx, input.partnershipId)}/confirm/${token}`
      sends.push(
        await deps.mailer.queue(trx, {
          partnershipId: input.partnershipId,
          to: email,
          subject: `Confirm your booking on ${event.title}`,
          text: `Dear ${booking.name},\n\nTo confirm your booking on ${event.title} on ${when(event)}, follow this link within 24 hours:\n${link}\n\nIf you did not ask for this, ignore this email: nothing is booked until the link is followed.`,
        }),
      )
      return { kind: 'check-email' } as const
    },
  )
}

/** The link in the email was followed: the address is verified and the booking placed. */
export function confirmEmailBooking(
  deps: Deps,
  input: { partnershipId: string; token: string; requestId: string },
): Promise<{ kind: 'booked'; status: string; bookingId: string } | { kind: 'expired' } | Refusal> {
  return command(deps, { partnershipId: input.partnershipId, userId: null }, async (trx, sends) => {
    const token = await findUsableToken(trx, input.token, ['confirm'])
    if (!token) return { kind: 'expired' } as const
    const booking = await repo.findBooking(trx, token.bookingId)
    if (booking?.status !== 'unverified') return { kind: 'expired' } as const
    const event = await repo.lockEvent(trx, booking.eventId)
    checkBookable(event)
    await useToken(trx, token.id)
    const status = await place(trx, deps, sends, event, booking, true)
    await audit(trx, publicRequest(input), {
      action: 'training.booking.email-confirmed',
      resourceType: 'trn-booking',
      resourceId: booking.id,
      fields: { status },
    })
    return { kind: 'booked', status, bookingId: booking.id } as const
  })
}

/** Offers freed places to the waiting list in the order people joined it. */
export async function offerFreedPlaces(
  trx: Trx,
  deps: Deps,
  sends: Send[],
  event: repo.LockedEvent,
) {
  const { offerHours } = await repo.settingsOf(trx, event.partnershipId)
  for (const waiting of await repo.waitingList(trx, event.id)) {
    if ((await placesFor(trx, event, waiting.agencyId)) <= 0) continue
    const expiresAt = new Date(Date.now() + offerHours * 3_600_000)
    await trx
      .updateTable('trnBooking')
      .set({ status: 'offered', offerExpiresAt: expiresAt })
      .where('id', '=', waiting.id)
      .execute()
    const token = await issueToken(trx, event.partnershipId, waiting.id, 'manage')
    const link = `${deps.publicUrl}/programme/${await partnershipSlug(trx, event.partnershipId)}/bookings/${token}`
    sends.push(
      await deps.mailer.queue(trx, {
        partnershipId: event.partnershipId,
        to: waiting.email,
        subject: `A place is free on ${event.title}`,
        text: `Dear ${waiting.name},\n\nA place has come free on ${event.title} on ${when(event)}. It is kept for you for ${offerHours} hours. To take it, follow this link:\n${link}`,
      }),
    )
    await enqueueJob(trx, {
      kind: 'training-offer-expiry',
      partnershipId: event.partnershipId,
      runAt: expiresAt,
      payload: { bookingId: waiting.id },
      dedupeKey: `training-offer-expiry:${waiting.id}:${expiresAt.toISOString()}`,
    })
  }
}

/** The last day a booking may be cancelled without charge: the cut-off in working days. */
export async function cutOffDate(trx: Trx, partnershipId: string, startsOn: string) {
  const { cancelCutoffDays } = await repo.settingsOf(trx, partnershipId)
  return (await calendarIn(trx)).addWorkingDays(startsOn, -cancelCutoffDays)
}

async function cancelIn(trx: Trx, deps: Deps, sends: Send[], bookingId: string) {
  const booking = await repo.findBooking(trx, bookingId)
  if (!booking) return null
  const event = await repo.lockEvent(trx, booking.eventId)
  if (!event) return null
  const current = await repo.findBooking(trx, bookingId)
  if (!current || !(repo.LIVE as readonly string[]).includes(current.status))
    refuse('form', 'This booking has already been cancelled')
  if (event.startsOn <= londonToday())
    refuse('form', 'The event has started: it can no longer be cancelled')
  const late =
    current.status === 'confirmed' &&
    londonToday() > (await cutOffDate(trx, event.partnershipId, event.startsOn))
  const settings = await repo.settingsOf(trx, event.partnershipId)
  await trx
    .updateTable('trnBooking')
    .set({
      status: 'cancelled',
      cancelledAt: new Date(),
      lateCancellation: late,
      chargePence: late ? settings.lateCancelChargePence : 0,
    })
    .where('id', '=', bookingId)
    .execute()
  await offerFreedPlaces(trx, deps, sends, event)
  return { late, eventId: event.id }
}

/** Cancelled from the link in the booking's email. */
export function cancelByToken(
  deps: Deps,
  input: { partnershipId: string; token: string; requestId: string },
) {
  return command(deps, { partnershipId: input.partnershipId, userId: null }, async (trx, sends) => {
    const token = await findUsableToken(trx, input.token, ['manage'])
    if (!token) return { kind: 'expired' } as const
    const done = await cancelIn(trx, deps, sends, token.bookingId)
    if (!done) return { kind: 'expired' } as const
    await audit(trx, publicRequest(input), {
      action: 'training.booking.cancelled',
      resourceType: 'trn-booking',
      resourceId: token.bookingId,
      fields: { late: done.late },
    })
    return { kind: 'cancelled', late: done.late } as const
  })
}

/** The business unit cancels a booking on someone's behalf. */
export function cancelByStaff(deps: Deps, ctx: Ctx, bookingId: string) {
  return command(deps, ctx.actor, async (trx, sends) => {
    const done = await cancelIn(trx, deps, sends, bookingId)
    if (!done) return { kind: 'not-found' } as const
    await audit(trx, ctx, {
      action: 'training.booking.cancelled',
      resourceType: 'trn-booking',
      resourceId: bookingId,
      fields: { late: done.late },
    })
    return { kind: 'cancelled', late: done.late, eventId: done.eventId } as const
  })
}

/** The person offered a freed place takes it, before the offer runs out. */
export function acceptOffer(
  deps: Deps,
  input: { partnershipId: string; token: string; requestId: string },
) {
  return command(deps, { partnershipId: input.partnershipId, userId: null }, async (trx, sends) => {
    const token = await findUsableToken(trx, input.token, ['manage'])
    if (!token) return { kind: 'expired' } as const
    const booking = await repo.findBooking(trx, token.bookingId)
    if (!booking) return { kind: 'expired' } as const
    const event = await repo.lockEvent(trx, booking.eventId)
    const current = await repo.findBooking(trx, booking.id)
    if (
      !event ||
      current?.status !== 'offered' ||
      !current.offerExpiresAt ||
      current.offerExpiresAt.getTime() <= Date.now()
    )
      refuse(
        'form',
        'This offer has run out: the place has gone to the next person on the waiting list',
      )
    const status = event.needsApproval ? 'awaiting-approval' : 'confirmed'
    await trx
      .updateTable('trnBooking')
      .set({ status, offerExpiresAt: null })
      .where('id', '=', booking.id)
      .execute()
    if (status === 'confirmed') await confirmPlace(trx, deps, sends, event, booking)
    await audit(trx, publicRequest(input), {
      action: 'training.booking.offer-accepted',
      resourceType: 'trn-booking',
      resourceId: booking.id,
      fields: { status },
    })
    return { kind: 'accepted', status } as const
  })
}

/** The offer-expiry job: an offer not taken in time lapses and goes to the next in line. */
export async function expireOffer(deps: Deps, partnershipId: string, bookingId: string) {
  await command(deps, { partnershipId, userId: null }, async (trx, sends) => {
    const booking = await repo.findBooking(trx, bookingId)
    if (!booking) return
    const event = await repo.lockEvent(trx, booking.eventId)
    const current = await repo.findBooking(trx, bookingId)
    if (!event || current?.status !== 'offered' || !current.offerExpiresAt) return
    if (current.offerExpiresAt.getTime() > Date.now()) return
    await trx
      .updateTable('trnBooking')
      .set({ status: 'lapsed' })
      .where('id', '=', bookingId)
      .execute()
    await offerFreedPlaces(trx, deps, sends, event)
  })
}

/** A manager approves or declines a booking that needs approval; only for their own agency. */
export function decideApproval(deps: Deps, ctx: Ctx, bookingId: string, approve: boolean) {
  return command(deps, ctx.actor, async (trx, sends) => {
    const booking = await repo.findBooking(trx, bookingId)
    if (!booking) return { kind: 'not-found' } as const
    const scope = scopeFor(ctx.actor.roles, 'training-approval', 'update')
    if (scope !== 'partnership' && !ctx.actor.agencyIds.includes(booking.agencyId))
      throw new AccessDenied()
    const event = await repo.lockEvent(trx, booking.eventId)
    const current = await repo.findBooking(trx, bookingId)
    if (!event || current?.status !== 'awaiting-approval')
      refuse('form', 'This booking has already been decided')
    await trx
      .updateTable('trnBooking')
      .set({ status: approve ? 'confirmed' : 'declined' })
      .where('id', '=', bookingId)
      .execute()
    if (approve) await confirmPlace(trx, deps, sends, event, current)
    else await offerFreedPlaces(trx, deps, sends, event)
    await audit(trx, ctx, {
      action: approve ? 'training.booking.approved' : 'training.booking.declined',
      resourceType: 'trn-booking',
      resourceId: bookingId,
    })
    return { kind: 'decided' } as const
  })
}

/** The reminder job: a confirmed booking is reminded once, two days before. */
export async function sendReminder(deps: Deps, partnershipId: string, bookingId: string) {
  await command(deps, { partnershipId, userId: null }, async (trx, sends) => {
    const booking = await repo.findBooking(trx, bookingId)
    if (booking?.status !== 'confirmed') return
    const event = await repo.lockEvent(trx, booking.eventId)
    if (!event || event.status !== 'open') return
    sends.push(
      await deps.mailer.queue(trx, {
        partnershipId,
        to: booking.email,
        subject: `Reminder: ${event.title} on ${formatDate(event.startsOn)}`,
        text: `Dear ${booking.name},\n\nA reminder that you are booked on ${event.title} on ${when(event)}.\n\nIf you can no longer attend, cancel using the link in your confirmation email.`,
      }),
    )
  })
}

/** A booking as its managing link shows it. */
export function bookingByToken(db: Db, partnershipId: string, token: string) {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const usable = await findUsableToken(trx, token, ['manage'])
    if (!usable) return null
    return trx
      .selectFrom('trnBooking')
      .innerJoin('trnEvent', 'trnEvent.id', 'trnBooking.eventId')
      .innerJoin('trnCourse', 'trnCourse.id', 'trnEvent.courseId')
      .select([
        'trnBooking.id',
        'trnBooking.name',
        'trnBooking.status',
        'trnBooking.offerExpiresAt',
        'trnCourse.title',
        'trnEvent.startsOn',
        'trnEvent.startTime',
        'trnEvent.venue',
        'trnEvent.online',
        sql<boolean>`trn_event.starts_on > ${londonToday()}`.as('upcoming'),
      ])
      .where('trnBooking.id', '=', usable.bookingId)
      .executeTakeFirst()
  })
}

// Reads the other training areas share (they may import this file, never the repo).
export { lockEvent, settingsOf } from './repo.js'
