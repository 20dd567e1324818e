import { z } from 'zod'
import { queryObject } from '../query.js'

/** The query strings of the administration pages: each parameter once, and only these. */
export const UsersQuery = queryObject({
  q: z.string().optional(),
  format: z.string().optional(),
})
export const NoticeQuery = queryObject({ notice: z.string().optional() })
export const FormatQuery = queryObject({ format: z.string().optional() })
export const HolidayYearQuery = queryObject({ year: z.string().optional() })
