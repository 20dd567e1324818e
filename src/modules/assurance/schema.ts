import { z } from 'zod'
import { requiredDate } from '../../platform/form-fields.js'

/** Form fields the assurance areas share, with GOV.UK-worded messages. */

export const text = (max: number, empty: string, label: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, `${label} must be ${max} characters or fewer`)

export const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform(value => (value ? value : null))

export const date = requiredDate

export const uuid = (message: string) => z.uuid({ error: message })

export const percent = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} as a number` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} must be 0 or more`)
    .max(100, `${label} must be 100 or less`)

/** Checkbox groups arrive as one string or several. */
export const manyIds = (message: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: message })
    .transform(value => (Array.isArray(value) ? value : [value]))
    .pipe(z.array(z.uuid({ error: message })).min(1, message))
