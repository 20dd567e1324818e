import { addWorkingDays, type WorkingDayCalendar } from '../../../platform/working-days.js'
import type { IsoDate } from '../model.js'

const cutOffs = new WeakMap<WorkingDayCalendar, Map<string, IsoDate>>()

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
  const key = `${referenceDate}/${workingDays}`
  let cutOff = byCalendar.get(key)
  if (cutOff === undefined) {
    cutOff = addWorkingDays(referenceDate, -(workingDays - 1), calendar)
    byCalendar.set(key, cutOff)
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
