import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { optionalDate, optionalText, requiredText } from '../shared.js'

export const PANEL_TYPES = {
  mace: 'Multi-agency child exploitation (MACE)',
  mase: 'Multi-agency sexual exploitation (MASE)',
  fgm: 'Female genital mutilation (FGM)',
  missing: 'Missing children',
} as const
export type PanelTypeCode = keyof typeof PANEL_TYPES

export const REGISTER_NAMES = {
  exploitation: 'Exploitation cohort',
  missing: 'Missing episodes',
  fgm: 'FGM referrals',
} as const

export const PanelForm = z.object({
  bodyId: z.uuid({ error: 'Select the governance panel' }),
  panelType: z.enum(Object.keys(PANEL_TYPES) as [PanelTypeCode], {
    error: 'Select the type of panel',
  }),
})
export type PanelInput = z.infer<typeof PanelForm>

export const AgendaForm = z.object({
  entryId: z.uuid({ error: 'Select a child to add to the agenda' }),
})

export const ReviewForm = withDateInputs(
  ['actionDueOn'],
  z
    .object({
      notes: requiredText(10000, 'Enter what the panel said about the child', 'Review notes'),
      riskLevelAfter: optionalText(40, 'Risk level'),
      actionText: optionalText(2000, 'Action'),
      actionOwner: optionalText(200, 'Action owner'),
      actionDueOn: optionalDate('the date the action is due'),
    })
    .refine(form => !form.actionText || form.actionOwner, {
      message: 'Enter who owns the action',
      path: ['actionOwner'],
    })
    .refine(form => !form.actionText || form.actionDueOn, {
      message: 'Enter the date the action is due',
      path: ['actionDueOn'],
    })
    .refine(form => form.actionText || (!form.actionOwner && !form.actionDueOn), {
      message: 'Enter the action',
      path: ['actionText'],
    }),
)
export type ReviewInput = z.infer<typeof ReviewForm>

export const MeetingChildParams = z.object({ meetingId: z.uuid(), childId: z.uuid() })
export const MeetingParams = z.object({ meetingId: z.uuid() })
