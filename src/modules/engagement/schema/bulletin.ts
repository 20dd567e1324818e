import { z } from 'zod'
import { optionalText, text } from '../shared.js'

/** Checkboxes arrive as one string, several strings, or not at all. */
const picked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform(value => (value === undefined ? [] : Array.isArray(value) ? value : [value]))

export const FREE_SECTIONS = 3

export const IssueForm = z
  .object({
    title: text('Enter the title of the issue', 200, 'Title'),
    decisions: picked,
    papers: picked,
    keyPoints: picked,
    events: picked,
    heading1: optionalText(200, 'Heading'),
    body1: optionalText(20_000, 'Section'),
    heading2: optionalText(200, 'Heading'),
    body2: optionalText(20_000, 'Section'),
    heading3: optionalText(200, 'Heading'),
    body3: optionalText(20_000, 'Section'),
  })
  .transform((form, context) => {
    const raw: Record<string, unknown> = form
    const free: { heading: string; markdown: string }[] = []
    for (let i = 1; i <= FREE_SECTIONS; i++) {
      const heading = typeof raw[`heading${i}`] === 'string' ? String(raw[`heading${i}`]) : null
      const body = typeof raw[`body${i}`] === 'string' ? String(raw[`body${i}`]) : null
      if (heading && !body)
        context.addIssue({
          code: 'custom',
          path: [`body${i}`],
          message: 'Enter the text of the section',
        })
      if (body && !heading)
        context.addIssue({
          code: 'custom',
          path: [`heading${i}`],
          message: 'Enter the heading of the section',
        })
      if (heading && body) free.push({ heading, markdown: body })
    }
    const chosen =
      form.decisions.length + form.papers.length + form.keyPoints.length + form.events.length
    if (chosen === 0 && free.length === 0)
      context.addIssue({
        code: 'custom',
        path: ['decisions'],
        message: 'Choose at least one item, or write a section',
      })
    return {
      title: form.title,
      decisions: form.decisions,
      papers: form.papers,
      keyPoints: form.keyPoints,
      events: form.events,
      free,
    }
  })
export type IssueInput = z.infer<typeof IssueForm>

export const SubscribeForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(
      z.email({ error: 'Enter an email address in the correct format, like name@example.org' }),
    ),
  consent: z.literal('yes', { error: 'Confirm that you want to receive the bulletin by email' }),
})

export const IssueParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/),
  number: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number),
})

export const UnsubscribeParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/),
  id: z.string().max(100),
  signature: z.string().max(200),
})
