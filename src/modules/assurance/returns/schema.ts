import { z } from 'zod'
import { optionalText, percent, text } from '../schema.js'

export const ModerationForm = z
  .object({
    _csrf: z.string().optional(),
    decision: z.enum(['agree', 'challenge', 'regrade'], {
      error: 'Select agree, challenge or regrade',
    }),
    score: z
      .union([z.literal('').transform(() => null), percent('The moderated score')])
      .optional()
      .transform(v => v ?? null),
    comment: optionalText(5000, 'The comment'),
  })
  .strict()

export const SendBackForm = z
  .object({
    _csrf: z.string().optional(),
    comment: text(5000, 'Enter what needs to change', 'The comment'),
  })
  .strict()
