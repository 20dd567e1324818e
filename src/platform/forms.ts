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

/**
 * GOV.UK radio or select items from a value → text record, the `selected` value marked. `blank`
 * heads a select with an empty choice ("Any"); `selectBlankWhenEmpty` marks it chosen when
 * nothing is.
 */
export function choiceItems(
  record: Record<string, string>,
  selected: unknown,
  { blank, selectBlankWhenEmpty = false }: { blank?: string; selectBlankWhenEmpty?: boolean } = {},
) {
  const entries = Object.entries(record).map(([value, text]) => ({
    value,
    text,
    selected: selected === value,
    checked: selected === value,
  }))
  if (blank === undefined) return entries
  const empty = selectBlankWhenEmpty
    ? { value: '', text: blank, selected: !selected }
    : { value: '', text: blank }
  return [empty, ...entries]
}

/** `choiceItems` with the blank item's text as a third argument, as the modules' `items` take it. */
export const recordItems = (record: Record<string, string>, selected?: unknown, blank?: string) =>
  choiceItems(record, selected, { blank })

/**
 * GOV.UK checkbox items from named records (agencies, organisations), ticked where the form chose
 * them (one value or many); `more` adds to each item (a hint).
 */
export function checkedItems<R extends { id: string; name: string }>(
  records: readonly R[],
  chosen: unknown,
  more: (record: R) => Record<string, unknown> = () => ({}),
) {
  const ids = ([] as unknown[]).concat(chosen ?? [])
  return records.map(record => ({
    value: record.id,
    text: record.name,
    ...more(record),
    checked: ids.includes(record.id),
  }))
}

/** GOV.UK select items from named records (agencies, bodies), after a first item for none. */
export const namedItems = (
  records: readonly { id: string; name: string }[],
  selected: unknown,
  none: string,
) => [
  { value: '', text: none },
  ...records.map(record => ({
    value: record.id,
    text: record.name,
    selected: record.id === selected,
  })),
]
