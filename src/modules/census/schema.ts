import { z } from 'zod'
import { queryObject } from '../../platform/query.js'
import { COLLECTION_YEARS } from './rules/rule-sets.js'

export const ImportParams = z.object({ id: z.uuid() })

export const YearField = z.enum(COLLECTION_YEARS, { error: 'Select a collection year' })

const optionalText = z
  .string()
  .optional()
  .catch(undefined)
  .transform(value => value?.trim().slice(0, 100) || undefined)

export const ReportQuery = queryObject({
  rule: optionalText,
  child: optionalText,
  type: z.enum(['error', 'query']).optional().catch(undefined),
  format: z.enum(['csv', 'xlsx']).optional().catch(undefined),
})
