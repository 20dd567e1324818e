import { z } from 'zod'
import { optionalText, text } from '../shared.js'

export const AGE_BANDS = {
  '11-13': '11 to 13',
  '14-15': '14 to 15',
  '16-17': '16 to 17',
  '18-25': '18 to 25',
} as const
/** Members younger than this band need a parent's or carer's consent. */
export const NEEDS_CONSENT = ['11-13', '14-15']

export const MemberForm = z
  .object({
    firstName: text('Enter the member’s first name', 50, 'First name'),
    ageBand: z.enum(Object.keys(AGE_BANDS) as [string, ...string[]], {
      error: 'Select the member’s age band',
    }),
    parentalConsent: z
      .literal('yes')
      .optional()
      .transform(value => value === 'yes'),
  })
  .superRefine((form, context) => {
    if (NEEDS_CONSENT.includes(form.ageBand) && !form.parentalConsent)
      context.addIssue({
        code: 'custom',
        path: ['parentalConsent'],
        message: 'A member under 16 needs the consent of a parent or carer',
      })
  })
export type MemberInput = z.infer<typeof MemberForm>

export const ContributionForm = z.object({
  topic: text('Enter what the panel was asked about', 200, 'Topic'),
  views: text('Enter the panel’s views', 5000, 'Views'),
  influenced: optionalText(5000, 'Decisions influenced'),
})
export type ContributionInput = z.infer<typeof ContributionForm>

export const CoordinatorForm = z.object({ userId: z.uuid({ error: 'Select the person' }) })

export const AgendaForm = z.object({
  meetingId: z.uuid({ error: 'Select the meeting from the list' }),
})
