/** What /api/v1/dataset answers, as the OpenAPI document shows it. */
import { z } from 'zod'

/** The period of an API call; `apiPeriod` reads it with the pages' period rules. */
export const DatasetApiQuery = z.object({
  from: z.iso.date().meta({ description: 'First day of the period' }),
  to: z.iso.date().meta({ description: 'Last day of the period (at most 5 years after from)' }),
})

const DatasetSection = z.object({
  id: z.string(),
  title: z.string(),
  help: z.array(z.string()),
  figures: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      numerator: z.int(),
      denominator: z.int().nullable(),
      rate: z.number().nullable(),
    }),
  ),
})

export const DatasetFiguresResponse = z.object({
  period: z.object({ from: z.iso.date(), to: z.iso.date(), label: z.string() }),
  sections: z.array(DatasetSection),
})

export const DfeFiguresResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  financialYearEnding: z.int(),
  population: z.record(z.string(), z.unknown()).nullable(),
  comparatorNote: z.string(),
  figures: z.array(
    z.object({
      indicator: z.string(),
      label: z.string(),
      definition: z.string(),
      count: z.int(),
      outOf: z.int().nullable(),
      percent: z.number().nullable(),
      ratePer10000: z.number().nullable(),
      comparators: z.record(z.string(), z.unknown()).nullable(),
      target: z.record(z.string(), z.unknown()).nullable(),
      rag: z.enum(['green', 'amber', 'red']).nullable(),
    }),
  ),
  breakdowns: z.array(z.record(z.string(), z.unknown())),
})
