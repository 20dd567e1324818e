import { z } from 'zod'
import { parseFinancialYear } from '../../platform/financial-year.js'
import { queryObject } from '../../platform/query.js'
import { BLOCKS } from './blocks.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const IdParams = z.object({ id: z.string().regex(UUID) })
export const PublicParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/),
  year: z.string().regex(/^\d{4}-\d{2}$/),
})
export const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) })

/** '2016-17' or '2016/17' to 2016, when the second part follows the first. */
export function startYearOf(year: string): number | null {
  return parseFinancialYear(year)
}

export const ReportForm = z.object({
  startYear: z.coerce
    .number({ message: 'Enter the year the report starts, like 2016' })
    .int('Enter the year the report starts, like 2016')
    .min(2000, 'Enter a year from 2000')
    .max(2100, 'Enter a year before 2100'),
  kind: z.enum(['full', 'young-people'], { message: 'Select the kind of report' }),
})

export const SectionForm = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Enter the section’s title')
    .max(200, 'The title must be 200 characters or fewer'),
  body: z.string().max(100_000, 'The text must be 100,000 characters or fewer').default(''),
})

export const NewSectionForm = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Enter the section’s title')
    .max(200, 'The title must be 200 characters or fewer'),
  kind: z.enum(['narrative', 'figures', 'module'], { message: 'Select what the section holds' }),
  block: z
    .string()
    .default('')
    .refine(b => b === '' || b in BLOCKS, 'Select the figures or module the section shows'),
})

export const MoveForm = z.object({
  direction: z.enum(['up', 'down'], { message: 'Select up or down' }),
})

export const ContributionRequestForm = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'Enter the section’s title')
    .max(200, 'The title must be 200 characters or fewer'),
  assigneeId: z.string().regex(UUID, 'Select who will write the section'),
  questions: z
    .string()
    .trim()
    .min(1, 'Enter the questions the section should answer')
    .max(5000, 'The questions must be 5,000 characters or fewer'),
})

export const ContributionForm = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'Enter the section’s text')
    .max(100_000, 'The text must be 100,000 characters or fewer'),
})

export const ReviewForm = z.object({
  decision: z.enum(['accept', 'return'], { message: 'Select accept or send back' }),
  comments: z.string().max(5000, 'Comments must be 5,000 characters or fewer').default(''),
})

export const DownloadQuery = queryObject({
  format: z.enum(['pdf', 'docx', 'html'], { message: 'Choose PDF, Word or HTML' }),
  version: z.enum(['live', 'latest']).default('live'),
})

export const BuildForm = z.object({
  format: z.enum(['pdf', 'docx', 'html'], { message: 'Select PDF, Word or HTML' }),
  version: z.enum(['live', 'latest'], { message: 'Select the draft or the approved version' }),
})

export const ImageForm = z.object({
  altText: z
    .string({ message: 'Enter alt text that describes the image' })
    .trim()
    .min(1, 'Enter alt text that describes the image')
    .max(250, 'Alt text must be 250 characters or fewer'),
})
