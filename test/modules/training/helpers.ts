import { sql } from 'kysely'
import type { Actor } from '../../../src/platform/http/types.js'
import { createMailer } from '../../../src/platform/mail.js'
import type { Role } from '../../../src/platform/permissions.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { createCourse, createEvent } from '../../../src/modules/training/catalogue/service.js'
import type { Deps } from '../../../src/modules/training/booking/service.js'
import type { TestApp } from '../../helpers/test-app.js'

export function actorFor(t: TestApp, role: Role, agencyIds: string[] = []): Actor {
  return {
    userId: t.userId(role),
    email: `${role}@northbridge.example`,
    displayName: role,
    partnershipId: t.northbridge.id,
    partnershipName: t.northbridge.name,
    roles: [role],
    agencyIds,
    via: 'session',
  }
}

export const officer = (t: TestApp) => ({
  actor: actorFor(t, 'business-officer'),
  requestId: 'test',
})

export function deps(t: TestApp): Deps {
  return {
    db: t.database.db,
    mailer: createMailer({ from: 'test@example.org' }),
    publicUrl: 'http://keepsafe.test',
  }
}

/** A course and one event on it, `daysAhead` days from today, with `capacity` places. */
export async function courseWithEvent(
  t: TestApp,
  options: { capacity?: number; daysAhead?: number; needsApproval?: boolean; title?: string } = {},
) {
  const ctx = officer(t)
  const course = await createCourse(t.database.db, ctx, {
    title: options.title ?? 'Working together to safeguard children',
    level: '2',
    audience: 'Practitioners from every agency',
    outcomes: 'Know the thresholds',
    competencies: null,
    durationMinutes: 360,
    trainerRequirements: null,
    needsApproval: options.needsApproval ?? false,
  })
  if (course.kind !== 'saved') throw new Error(course.message)
  const event = await createEvent(t.database.db, ctx, {
    courseId: course.id,
    startsOn: addCalendarDays(londonToday(), options.daysAhead ?? 30),
    startTime: '09:30',
    venue: 'Civic Centre',
    online: false,
    capacity: options.capacity ?? 2,
    trainers: null,
  })
  if (event.kind !== 'saved') throw new Error(event.message)
  return { courseId: course.id, eventId: event.id }
}

export function bookingForm(t: TestApp, n: number, agency = 0) {
  return {
    name: `Practitioner ${n}`,
    email: `practitioner${n}@agency.example`,
    agencyId: t.northbridge.agencyIds[agency] ?? '',
    jobRole: 'Health visitor',
    waitingList: false,
  }
}

/** Rows in every training table, for checking that a refused command wrote nothing. */
export async function trainingCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of [
    'trn_course',
    'trn_event',
    'trn_reservation',
    'trn_booking',
    'trn_booking_token',
    'trn_evaluation',
    'trn_trainer',
    'trn_delivery',
    'trn_observation',
    'job',
    'outbox_message',
    'audit_event',
  ]) {
    const result = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(
      t.database.owner,
    )
    counts[table] = Number(result.rows[0]?.n)
  }
  return counts
}

/** Moves an event into the past (or to any date), as the owner: the app never allows it. */
export async function moveEvent(t: TestApp, eventId: string, startsOn: string) {
  await sql`update trn_event set starts_on = ${startsOn} where id = ${eventId}`.execute(
    t.database.owner,
  )
}

export async function outbox(t: TestApp) {
  const result = await sql<{ to_address: string; subject: string; body_text: string }>`
    select to_address, subject, body_text from outbox_message order by created_at, id`.execute(
    t.database.owner,
  )
  return result.rows
}

export function linkIn(body: string, kind: string): string {
  const match = new RegExp(`/programme/[a-z0-9-]+/${kind}/([\\w-]+)`).exec(body)
  if (!match?.[1]) throw new Error(`No ${kind} link in the email`)
  return match[1]
}
