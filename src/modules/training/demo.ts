/**
 * Demo training records: a year of the multi-agency programme (courses, events, bookings with
 * their registers, evaluations and follow-ups) and single-agency delivery by a trainer pool, shaped
 * by a spec so that a report's figures can be generated and then read back (Milton Keynes 2016/17).
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import { londonToday } from '../../platform/calendar.js'
import type { SeededRandom } from '../../platform/random.js'
import { fromDayNumber, toDayNumber } from '../../platform/working-days.js'

export interface TrainingYearSpec {
  from: string
  to: string
  subjects: number
  events: number
  places: number
  bookings: number
  attended: number
  evaluationsCompleted: number
  followUpsSent: number
  followUpsCompleted: number
  followUpsWithImpact: number
  deliveries: number
  trainers: number
  delegates: number
}

/** Milton Keynes 2016/17 as its annual report prints it (places: 77% used by 1,176 attending). */
export const MK_2016_17: TrainingYearSpec = {
  from: '2016-04-01',
  to: '2017-03-31',
  subjects: 26,
  events: 58,
  places: 1527,
  bookings: 1308,
  attended: 1176,
  evaluationsCompleted: 670,
  followUpsSent: 190,
  followUpsCompleted: 19,
  followUpsWithImpact: 11,
  deliveries: 101,
  trainers: 41,
  delegates: 1137,
}

const SUBJECTS = [
  'Working together to safeguard children',
  'Child sexual exploitation',
  'Neglect and the graded care profile',
  'Domestic abuse and children',
  'Parental mental health',
  'Substance misuse in families',
  'Safeguarding disabled children',
  'Female genital mutilation',
  'Radicalisation and Prevent',
  'Fabricated or induced illness',
]
const JOB_ROLES = [
  'Social worker',
  'Health visitor',
  'Teacher',
  'Police officer',
  'GP',
  'Youth worker',
]

/** `total` split into `parts` whole numbers that differ by at most one. */
function spread(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  )
}

function shuffled<T>(items: T[], random: SeededRandom): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

async function insertChunks<T>(items: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += 400) await insert(items.slice(i, i + 400))
}

async function seedCatalogue(trx: Trx, partnershipId: string, spec: TrainingYearSpec) {
  const courses = Array.from({ length: spec.subjects }, (_, i) => ({
    id: randomUUID(),
    partnershipId,
    title: `${SUBJECTS[i % SUBJECTS.length] ?? 'Course'}${i >= SUBJECTS.length ? ` (part ${Math.floor(i / SUBJECTS.length) + 1})` : ''} ${spec.from.slice(0, 4)}`,
    level: String((i % 3) + 1),
    audience: 'Practitioners from every agency working with children and families',
    outcomes: 'Recognise the signs, know the thresholds and act on them with partners',
    durationMinutes: 360,
  }))
  await trx.insertInto('trnCourse').values(courses).execute()
  const first = toDayNumber(spec.from)
  const days = toDayNumber(spec.to) - first + 1
  const capacities = spread(spec.places, spec.events)
  const events = capacities.map((capacity, i) => ({
    id: randomUUID(),
    partnershipId,
    courseId: courses[i % courses.length]?.id ?? '',
    startsOn: fromDayNumber(first + Math.floor((i * days) / spec.events)),
    startTime: '09:30',
    venue: 'Partnership training room',
    capacity,
  }))
  await trx.insertInto('trnEvent').values(events).execute()
  return { courses, events }
}

/** Bookings filling events in proportion to their places, never beyond them. */
function bookingCounts(capacities: number[], bookings: number): number[] {
  const places = capacities.reduce((s, c) => s + c, 0)
  const counts = capacities.map(c => Math.min(c, Math.floor((bookings * c) / places)))
  let left = bookings - counts.reduce((s, c) => s + c, 0)
  for (let i = 0; left > 0; i = (i + 1) % counts.length) {
    if ((counts[i] ?? 0) < (capacities[i] ?? 0)) {
      counts[i] = (counts[i] ?? 0) + 1
      left -= 1
    }
  }
  return counts
}

export async function seedTrainingYear(
  db: Db,
  partnershipId: string,
  agencyIds: string[],
  spec: TrainingYearSpec,
  random: SeededRandom,
): Promise<Record<string, number>> {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const { courses, events } = await seedCatalogue(trx, partnershipId, spec)
    const counts = bookingCounts(
      events.map(e => e.capacity),
      spec.bookings,
    )
    const bookings = events.flatMap((event, e) =>
      Array.from({ length: counts[e] ?? 0 }, (_, n) => ({
        id: randomUUID(),
        partnershipId,
        eventId: event.id,
        name: `Delegate ${e + 1}-${n + 1}`,
        email: `delegate-${e + 1}-${n + 1}@training.example`,
        agencyId: random.pick(agencyIds),
        jobRole: random.pick(JOB_ROLES),
        status: 'confirmed',
        attendance: 'no-show',
      })),
    )
    const attendedIds = shuffled(
      bookings.map(b => b.id),
      random,
    ).slice(0, spec.attended)
    const attending = new Set(attendedIds)
    for (const booking of bookings) if (attending.has(booking.id)) booking.attendance = 'attended'
    await insertChunks(bookings, chunk => trx.insertInto('trnBooking').values(chunk).execute())

    const evaluations = attendedIds.map((bookingId, i) => ({
      partnershipId,
      bookingId,
      kind: 'post-course',
      ...(i < spec.evaluationsCompleted
        ? { completedAt: new Date(), rating: random.int(2, 5) }
        : {}),
    }))
    const followUps = shuffled(attendedIds, random)
      .slice(0, spec.followUpsSent)
      .map((bookingId, i) => ({
        partnershipId,
        bookingId,
        kind: 'follow-up',
        ...(i < spec.followUpsCompleted
          ? {
              completedAt: new Date(),
              impact: i < spec.followUpsWithImpact,
              impactText:
                i < spec.followUpsWithImpact
                  ? 'I now share concerns with the school nurse at once'
                  : null,
            }
          : {}),
      }))
    await insertChunks([...evaluations, ...followUps], chunk =>
      trx.insertInto('trnEvaluation').values(chunk).execute(),
    )

    const trainers = Array.from({ length: spec.trainers }, (_, i) => ({
      id: randomUUID(),
      partnershipId,
      name: `Trainer ${i + 1}`,
      agencyId: random.pick(agencyIds),
      accreditedOn: fromDayNumber(toDayNumber(spec.from) - 365),
    }))
    if (trainers.length) await trx.insertInto('trnTrainer').values(trainers).execute()
    const first = toDayNumber(spec.from)
    const days = toDayNumber(spec.to) - first + 1
    const deliveries = spread(spec.delegates, spec.deliveries).map((delegates, i) => {
      const trainer = trainers[i < trainers.length ? i : random.int(0, trainers.length - 1)]
      return {
        partnershipId,
        courseId: courses[0]?.id ?? '',
        trainerId: trainer?.id ?? '',
        agencyId: trainer?.agencyId ?? '',
        deliveredOn: fromDayNumber(first + Math.floor((i * days) / spec.deliveries)),
        delegates,
      }
    })
    if (deliveries.length) await trx.insertInto('trnDelivery').values(deliveries).execute()
    return {
      courses: courses.length,
      events: events.length,
      bookings: bookings.length,
      deliveries: deliveries.length,
    }
  })
}

/** A few events in the coming weeks, so that the public programme has something to book. */
async function seedUpcomingEvents(db: Db, partnershipId: string): Promise<number> {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const courses = await trx
      .selectFrom('trnCourse')
      .select('id')
      .orderBy('title')
      .limit(4)
      .execute()
    const today = toDayNumber(londonToday())
    const events = courses.map((course, i) => ({
      partnershipId,
      courseId: course.id,
      startsOn: fromDayNumber(today + 14 * (i + 1)),
      startTime: i % 2 ? '13:30' : '09:30',
      venue: i === 3 ? 'Microsoft Teams' : 'Partnership training room',
      online: i === 3,
      capacity: 24,
    }))
    if (events.length) await trx.insertInto('trnEvent').values(events).execute()
    return events.length
  })
}

/** The financial year (April to March) before the one `today` falls in. */
export function lastFinancialYear(today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 4 ? 1 : 0)
  return { from: `${year - 1}-04-01`, to: `${year}-03-31` }
}

export const trainingDemoContributor: DemoContributor = {
  name: 'training',
  async contribute({ database, partnerships, random }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const existing = await sql<{ n: string }>`
      select count(*) as n from trn_course where partnership_id = ${northbridge.id}`.execute(
      database.owner,
    )
    if (Number(existing.rows[0]?.n ?? 0) > 0) return { courses: 0 }
    const year = lastFinancialYear(londonToday())
    const counts = await seedTrainingYear(
      database.db,
      northbridge.id,
      northbridge.agencyIds,
      { ...MK_2016_17, ...year },
      random,
    )
    return { ...counts, upcoming: await seedUpcomingEvents(database.db, northbridge.id) }
  },
}
