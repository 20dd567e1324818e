import type { z } from 'zod'

export interface GovukErrors {
  summary: { text: string; href: string }[]
  fields: Record<string, { text: string }>
}

/** Only the first message per field is shown, as the GOV.UK Design System asks. */
export function govukErrors(error: z.ZodError): GovukErrors {
  const fields: GovukErrors['fields'] = {}
  for (const issue of error.issues)
    fields[issue.path.join('-') || 'form'] ??= { text: issue.message }
  return toGovukErrors(fields)
}

export function toGovukErrors(fields: Record<string, { text: string }>): GovukErrors {
  const summary = Object.entries(fields).map(([field, { text }]) => ({ text, href: `#${field}` }))
  return { summary, fields }
}

export function fieldError(field: string, text: string): GovukErrors {
  return toGovukErrors({ [field]: { text } })
}

/** Form bodies arrive as strings or arrays of strings; anything else is treated as absent. */
export function formBody(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}
}
