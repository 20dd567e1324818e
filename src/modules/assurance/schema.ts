import { z } from 'zod'
import { optionalText, requiredDate, requiredText } from '../../platform/form-fields.js'

export { optionalText }

/** Form fields the assurance areas share, with GOV.UK-worded messages. */

export const text = (max: number, empty: string, label: string) => requiredText(empty, max, label)

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
