import { z } from 'zod'
import { text } from '../schema.js'
import { QUESTION_TYPES, type QuestionType } from './definition.js'

export const StandardForm = z
  .object({
    _csrf: z.string().optional(),
    areaKey: text(60, 'Select an area', 'The area'),
    title: text(200, 'Enter the standard', 'The standard'),
    guidance: text(2000, 'Enter the guidance for the standard', 'The guidance'),
    questionText: text(500, 'Enter the question', 'The question'),
    questionType: z.enum(Object.keys(QUESTION_TYPES) as [QuestionType, ...QuestionType[]], {
      error: 'Select the type of answer',
    }),
    required: z
      .enum(['yes', 'no'], { error: 'Select whether an answer is required' })
      .transform(v => v === 'yes'),
  })
  .strict()

const percent = (empty: string, label: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .regex(/^\d{1,3}$/, `${label} must be a whole number from 0 to 100`)
    .transform(Number)
    .refine(n => n <= 100, `${label} must be a whole number from 0 to 100`)

/** The scoring rule: the score below which a standard needs an action; the return-rate target. */
const Rules = {
  threshold: percent('Enter the score below which a standard needs an action', 'The threshold'),
  targetPercent: percent('Enter the return rate the cycles aim for', 'The target'),
}

export const TemplateForm = z
  .object({
    _csrf: z.string().optional(),
    title: text(200, 'Enter the title of the template', 'The title'),
    description: text(2000, 'Enter what the self-assessment is for', 'The description'),
    firstArea: text(200, 'Enter the first area of standards', 'The area'),
    ...Rules,
  })
  .strict()

export const AreaForm = z
  .object({ _csrf: z.string().optional(), areaTitle: text(200, 'Enter the area', 'The area') })
  .strict()

export const RulesForm = z.object({ _csrf: z.string().optional(), ...Rules }).strict()
