import { z } from 'zod'
import { ExportFormat } from '../returns/schema.js'

export const SECTIONS = {
  'how-much': 'How much did we do?',
  'how-well': 'How well did we do it?',
  'better-off': 'Is anyone better off?',
} as const
export type Section = keyof typeof SECTIONS

export const IdParams = z.object({ id: z.uuid() })
export const MeetingParams = z.object({ meetingId: z.uuid() })

function text(max: number, message: string) {
  return z.preprocess(
    value => (value === undefined ? '' : value),
    z.string({ error: message }).trim().max(max, message),
  )
}

export const CardForm = z
  .object({
    title: text(160, 'The title must be 160 characters or fewer').pipe(
      z.string().min(1, 'Enter the report card’s title, like Exploitation sub-group'),
    ),
    bodyId: z.preprocess(
      value => (value === '' || value === undefined ? null : value),
      z.uuid({ error: 'Select the body from the list' }).nullable(),
    ),
    theme: text(160, 'The theme must be 160 characters or fewer'),
  })
  .refine(form => form.bodyId !== null || form.theme !== '', {
    message: 'Select the sub-group the card is for, or enter a theme',
    path: ['bodyId'],
  })
export type CardInput = z.infer<typeof CardForm>

const NARRATIVE = 5000
const narrative = text(
  NARRATIVE,
  `Each section must be ${NARRATIVE.toLocaleString('en-GB')} characters or fewer`,
)

/**
 * Indicator keys: a catalogue indicator (return:key), a dataset figure (dataset:id) or a DfE
 * figure under its LAIT key (dfe:ReReferral).
 */
export const INDICATOR_KEY =
  /^((return|dataset):[a-z0-9][a-zA-Z0-9-]{0,79}|dfe:[A-Za-z][A-Za-z0-9_]{0,79})$/

export const VersionForm = z.object({
  meetingId: z.preprocess(
    value => (value === '' || value === undefined ? null : value),
    z.uuid({ error: 'Select the meeting from the list' }).nullable(),
  ),
  story: narrative,
  whatWorks: narrative,
  nextSteps: narrative,
  criticalMessages: narrative,
})
export type VersionInput = z.infer<typeof VersionForm> & {
  indicators: { key: string; section: Section }[]
}

/** The indicators chosen on the form: one select per indicator, `section-<key>`, '' for not shown. */
export function readChosenIndicators(
  body: Record<string, unknown>,
): { ok: true; indicators: { key: string; section: Section }[] } | { ok: false; message: string } {
  const indicators: { key: string; section: Section }[] = []
  for (const [name, value] of Object.entries(body)) {
    if (!name.startsWith('section-')) continue
    const key = name.slice('section-'.length)
    if (value === '' || value === undefined) continue
    if (!INDICATOR_KEY.test(key) || typeof value !== 'string' || !(value in SECTIONS))
      return { ok: false, message: 'Choose a section from the list for each indicator' }
    indicators.push({ key, section: value as Section })
  }
  if (indicators.length > 30) return { ok: false, message: 'Choose 30 indicators or fewer' }
  return { ok: true, indicators }
}

export const CardQuery = z
  .object({
    version: z
      .string()
      .regex(/^[1-9]\d{0,3}$/, 'Choose a version from the list')
      .optional(),
    publish: z.enum(['yes'], { error: 'Publication is yes or left out' }).optional(),
    notice: z.string().max(40).optional(),
  })
  .strict()

export type CardQueryInput = z.infer<typeof CardQuery>

export const ListQuery = z
  .object({
    format: ExportFormat,
    notice: z.string().max(40).optional(),
  })
  .strict()
