import { z } from 'zod'
import { withDateInputs } from '../../../platform/date-input.js'
import { text, wholeNumber } from '../shared.js'

export const ExerciseForm = z
  .object({
    title: text('Enter the title of the exercise', 200, 'Title'),
    prioritiesWanted: wholeNumber(
      'Enter how many priorities to choose, like 4',
      1,
      20,
      'The number of priorities',
    ),
    areas: z.string({ error: 'Enter the candidate areas, one on each line' }),
  })
  .transform((form, context) => {
    const areas = form.areas
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(Boolean)
    if (areas.length < 2 || areas.length > 40)
      context.addIssue({
        code: 'custom',
        path: ['areas'],
        message: 'Enter between 2 and 40 candidate areas, one on each line',
      })
    if (new Set(areas.map(a => a.toLowerCase())).size !== areas.length)
      context.addIssue({ code: 'custom', path: ['areas'], message: 'Each area must be different' })
    if (areas.some(a => a.length > 200))
      context.addIssue({
        code: 'custom',
        path: ['areas'],
        message: 'Each area must be 200 characters or fewer',
      })
    if (form.prioritiesWanted > areas.length)
      context.addIssue({
        code: 'custom',
        path: ['prioritiesWanted'],
        message: 'Choose fewer priorities than there are areas',
      })
    return { title: form.title, prioritiesWanted: form.prioritiesWanted, areas }
  })
export type ExerciseInput = z.infer<typeof ExerciseForm>

export const PlanFromResultForm = withDateInputs(
  ['startsOn', 'endsOn'],
  z.object({
    planTitle: text('Enter the title of the new plan', 200, 'Title'),
    startsOn: z.iso.date({ error: 'Enter the date the plan starts, as a real date' }),
    endsOn: z.iso.date({ error: 'Enter the date the plan ends, as a real date' }),
  }),
)
export type PlanFromResultInput = z.infer<typeof PlanFromResultForm>
