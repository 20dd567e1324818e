import { z } from 'zod'
import { type DateInput, readDateInput } from '../../../platform/date-input.js'
import { optionalText, text, wholeNumber } from '../shared.js'

/** Campaigns: what the partnership told whom, when and how, and how many it reached. */

const LATEST_YEAR = '2100'

/** A GOV.UK date input's three boxes as one ISO date; the message sits on the day box. */
function dateBoxes(
  form: Record<string, unknown>,
  name: string,
  what: string,
  context: z.RefinementCtx,
): string | undefined {
  const read: DateInput = readDateInput(form, name)
  if (read.kind === 'date' && read.date.slice(0, 4) <= LATEST_YEAR) return read.date
  context.addIssue({
    code: 'custom',
    path: [name, 'day'],
    message:
      read.kind === 'empty'
        ? `Enter ${what}`
        : `${what[0]?.toUpperCase()}${what.slice(1)} must be a real date, like 27 3 2026`,
  })
  return undefined
}

/** The issues of a part of the form, added to the whole form's. */
function copyIssues(error: z.ZodError, context: z.RefinementCtx) {
  for (const issue of error.issues)
    context.addIssue({ code: 'custom', path: issue.path, message: issue.message })
}

const CampaignFields = z.object({
  title: text('Enter the name of the campaign', 200, 'Name'),
  audience: text('Enter who the campaign is for', 500, 'Audience'),
  channels: text('Enter the channels the campaign uses', 500, 'Channels'),
  materials: optionalText(5000, 'Materials'),
})

export const CampaignForm = z.looseObject({}).transform((form, context) => {
  const fields = CampaignFields.safeParse(form)
  if (!fields.success) copyIssues(fields.error, context)
  const startsOn = dateBoxes(form, 'startsOn', 'the date the campaign starts', context)
  const endsOn = dateBoxes(form, 'endsOn', 'the date the campaign ends', context)
  if (startsOn && endsOn && endsOn < startsOn)
    context.addIssue({
      code: 'custom',
      path: ['endsOn', 'day'],
      message: 'The date the campaign ends must be the same as or after the date it starts',
    })
  if (!fields.success || !startsOn || !endsOn) return z.NEVER
  return { ...fields.data, startsOn, endsOn }
})
export type CampaignInput = z.infer<typeof CampaignForm>

export const ReachForm = z.looseObject({}).transform((form, context) => {
  const fields = z
    .object({
      measure: text('Enter what was counted, like people reached', 200, 'What was counted'),
      channel: text('Enter the channel, like social media', 100, 'Channel'),
      agencyId: z
        .union([z.literal(''), z.uuid({ error: 'Select the agency from the list' })])
        .optional()
        .transform(value => (value ? value : null)),
      value: wholeNumber(
        'Enter the number reached as a whole number, like 1200',
        0,
        1_000_000_000,
        'The number reached',
      ),
    })
    .safeParse(form)
  if (!fields.success) copyIssues(fields.error, context)
  const recordedOn = dateBoxes(form, 'recordedOn', 'the date the reach was counted', context)
  if (!fields.success || !recordedOn) return z.NEVER
  return { ...fields.data, recordedOn }
})
export type ReachInput = z.infer<typeof ReachForm>

export const CampaignEvidenceForm = z.object({
  actionId: z.uuid({ error: 'Select the business plan action' }),
})
