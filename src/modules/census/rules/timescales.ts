import { addWorkingDays, type WorkingDayCalendar } from '../../../platform/working-days.js'
import type { IsoDate } from '../model.js'

const cutOffs = new WeakMap<WorkingDayCalendar, Map<number, Map<IsoDate, IsoDate>>>()

/**
 * The earliest start date that is not yet "more than `workingDays` working days before" the
 * reference date. The DfE's own tool counts the reference date (31 March) as working day 1, so
 * the cut-off is `workingDays - 1` working days back; a start before it is overdue. When
 * 31 March is a weekend, the Friday before is day 1.
 */
export function overdueCutOff(
  referenceDate: IsoDate,
  workingDays: number,
  calendar: WorkingDayCalendar,
): IsoDate {
  let byCalendar = cutOffs.get(calendar)
  if (!byCalendar) {
    byCalendar = new Map()
    cutOffs.set(calendar, byCalendar)
  }
  // Nested maps, not a joined key: this runs for every assessment and plan in a return.
  let byReferenceDate = byCalendar.get(workingDays)
  if (!byReferenceDate) {
    byReferenceDate = new Map()
    byCalendar.set(workingDays, byReferenceDate)
  }
  let cutOff = byReferenceDate.get(referenceDate)
  if (cutOff === undefined) {
    cutOff = addWorkingDays(referenceDate, -(workingDays - 1), calendar)
    byReferenceDate.set(referenceDate, cutOff)
  }
  return cutOff
}

const previousWorkingDays = new WeakMap<WorkingDayCalendar, Map<IsoDate, IsoDate>>()

export function previousWorkingDay(date: IsoDate, calendar: WorkingDayCalendar): IsoDate {
  let byCalendar = previousWorkingDays.get(calendar)
  if (!byCalendar) {
    byCalendar = new Map()
    previousWorkingDays.set(calendar, byCalendar)
  }
  let previous = byCalendar.get(date)
  if (previous === undefined) {
    previous = addWorkingDays(date, -1, calendar)
    byCalendar.set(date, previous)
  }
  return previous
}
