/**
 * Allegations generated to match a year's published figures: referrals by sector, and how many
 * were closed within one month, within three months, later, or are still open. Used by the demo
 * data and by the tests that reproduce the seeds' figures.
 */
import type { Insertable } from 'kysely'
import type { Trx } from '../../db/database.js'
import type { SeededRandom } from '../../platform/random.js'
import {
  addCalendarMonths,
  addCalendarDays,
  fromDayNumber,
  toDayNumber,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import { initialConsiderationDue } from './clocks.js'
import { financialYear } from '../../platform/annual-figures.js'
import { adultKey } from './service.js'
import type { LadoReferralTable, Outcome, Sector } from './table.js'

export interface LadoYearSpec {
  startYear: number
  bySector: Partial<Record<Sector, number>>
  bands: {
    withinOneMonth: number
    withinThreeMonths: number
    overThreeMonths: number
    open: number
  }
  /** Referrals about an adult referred earlier in the same year (at most half the year's). */
  repeats?: number
}

const ROLES: Record<Sector, string[]> = {
  education: ['Teacher', 'Teaching assistant', 'Lunchtime supervisor'],
  'early-years': ['Nursery practitioner', 'Childminder'],
  faith: ['Youth leader', 'Volunteer'],
  health: ['Nurse', 'Healthcare assistant'],
  police: ['Police officer'],
  'social-care': ['Residential care worker', 'Social worker'],
  'foster-care': ['Foster carer'],
  voluntary: ['Volunteer', 'Youth worker'],
  sports: ['Football coach', 'Swimming instructor'],
  transport: ['Taxi driver', 'Bus escort'],
  other: ['Tutor'],
}
const OUTCOMES: Outcome[] = [
  'substantiated',
  'unsubstantiated',
  'unsubstantiated',
  'unfounded',
  'false',
  'malicious',
]

export function ladoYearRows(
  partnershipId: string,
  spec: LadoYearSpec,
  calendar: WorkingDayCalendar,
  random: SeededRandom,
): Insertable<LadoReferralTable>[] {
  const sectors = Object.entries(spec.bySector).flatMap(([sector, count]) =>
    Array<Sector>(count).fill(sector as Sector),
  )
  const { bands } = spec
  const bandList = [
    ...Array<number>(bands.withinOneMonth).fill(1),
    ...Array<number>(bands.withinThreeMonths).fill(3),
    ...Array<number>(bands.overThreeMonths).fill(6),
    ...Array<number>(bands.open).fill(0),
  ]
  if (bandList.length !== sectors.length)
    throw new RangeError('Sectors and bands count different referrals')
  const start = toDayNumber(financialYear(spec.startYear).from)
  return sectors.map((sector, index) => {
    const receivedOn = fromDayNumber(start + Math.floor((index * 365) / sectors.length))
    const months = bandList[(index * 7919) % bandList.length] ?? 0
    // The year's last referrals are about adults first referred at its start.
    const firstRepeat = sectors.length - (spec.repeats ?? 0)
    const repeatOf = index >= firstRepeat ? index - firstRepeat : index
    const name = `Adult ${String(spec.startYear)}-${String(repeatOf)}`
    const considered = initialConsiderationDue(receivedOn, calendar)
    const closedOn =
      months === 0
        ? null
        : months === 1
          ? addCalendarDays(addCalendarMonths(receivedOn, 1), -random.int(0, 20))
          : months === 3
            ? addCalendarDays(addCalendarMonths(receivedOn, 3), -random.int(0, 50))
            : addCalendarDays(addCalendarMonths(receivedOn, 3), random.int(1, 120))
    return {
      partnershipId,
      reference: `LA-${String(spec.startYear)}-G${String(index + 1).padStart(4, '0')}`,
      receivedOn,
      referrerAgency: sector === 'education' ? 'School' : 'Employer',
      adultName: name,
      adultDateOfBirth: null,
      adultKey: adultKey(name, null),
      adultRole: random.pick(ROLES[sector]),
      employer: `${random.pick(ROLES[sector])}s employer`,
      sector,
      harmTest: random.pick(['harmed', 'criminal-offence', 'risk-of-harm', 'unsuitable'] as const),
      allegation: 'Generated allegation',
      childAge: random.int(2, 17),
      initialConsiderationDueOn: considered,
      initialConsiderationOn: random.chance(0.9) ? considered : addCalendarDays(considered, 2),
      initialDecision: random.pick(['evaluation', 'strategy', 'no-further-action'] as const),
      outcome: closedOn ? random.pick(OUTCOMES) : null,
      closedOn: closedOn && closedOn < receivedOn ? receivedOn : closedOn,
    }
  })
}

export async function insertLadoReferrals(
  trx: Trx,
  rows: Insertable<LadoReferralTable>[],
): Promise<number> {
  for (let start = 0; start < rows.length; start += 200)
    await trx
      .insertInto('ladoReferral')
      .values(rows.slice(start, start + 200))
      .execute()
  return rows.length
}
