import { z } from 'zod'
import { isValidIsoDate } from '../../../platform/working-days.js'

/** A register: `mark-<bookingId>` = attended | no-show for each person on it. */
export function registerForm(bookingIds: string[]) {
  return z.strictObject(
    Object.fromEntries(
      bookingIds.map(id => [
        `mark-${id}`,
        z.enum(['attended', 'no-show'], { error: 'Select whether the person attended' }),
      ]),
    ),
    { error: 'Mark only the people on the register' },
  )
}

const date = (what: string) =>
  z
    .string({ error: `Enter ${what}, like 2017-03-31` })
    .trim()
    .refine(isValidIsoDate, `Enter ${what} as a real date, like 2017-03-31`)

export const PeriodQuery = z
  .object({
    from: date('the first date'),
    to: date('the last date'),
    format: z.enum(['csv', 'xlsx']).optional(),
  })
  .strict()
  .refine(value => value.from <= value.to, {
    path: ['to'],
    message: 'The last date must be on or after the first date',
  })
