/**
 * Annual figures: the financial year (1 April to 31 March) that statutory reports count in, and
 * the read-only API route through which scripts (the dataset, the annual report) fetch a module's
 * figures for one year with a personal API token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { permission, type Resource } from './permissions.js'
import { queryObject } from './query.js'
import { financialYearLabel, financialYearPeriod } from './financial-year.js'

/** The financial year starting 1 April `startYear`, named as reports name it (2016/17). */
export function financialYear(startYear: number): { year: string; from: string; to: string } {
  return { year: financialYearLabel(startYear), ...financialYearPeriod(startYear) }
}

export const FinancialYearQuery = queryObject({
  year: z.coerce
    .number({ error: 'year must be the year the financial year starts, as 2016 for 2016/17' })
    .int('year must be a whole year, as 2016 for 2016/17')
    .min(2000, 'year must be 2000 or later')
    .max(2100, 'year must be 2100 or earlier'),
})

/** What a module's annual figures API says of itself in the OpenAPI document. */
export interface AnnualFiguresDescription {
  summary: string
  description: string
  /** The figures beside `year`, `from` and `to` in the answer. */
  figures: z.ZodRawShape
}

/** Counts by code or name, as the annual figures give them. */
export const FigureCounts = z.record(z.string(), z.int())

/**
 * GET /api/v1/<area>/figures?year=2016: the figures `read` gives for the financial year, to whoever
 * may read the module's records. Read-only; `read` runs the module's service, which audits it.
 */
export function registerAnnualFiguresApi(
  app: FastifyInstance,
  area: string,
  resource: Resource,
  read: (request: FastifyRequest, startYear: number) => Promise<unknown>,
  described: AnnualFiguresDescription,
): void {
  app.get(
    `/api/v1/${area}/figures`,
    {
      config: {
        access: permission(resource, 'read'),
        api: {
          summary: described.summary,
          description: `${described.description} The year is the financial year starting 1 April \`year\` (2016 for 2016/17). Counts only: no child or adult is named. Each call is audited.`,
          query: FinancialYearQuery,
          response: z.object({
            year: z.string().meta({ examples: ['2016/17'] }),
            from: z.iso.date(),
            to: z.iso.date(),
            ...described.figures,
          }),
          responseDescription: 'The year’s figures',
        },
      },
    },
    async (request, reply) => {
      const query = FinancialYearQuery.safeParse(request.query ?? {})
      if (query.success) return read(request, query.data.year)
      const message = query.error.issues
        .map(issue => `${issue.path.join('.') || 'query'}: ${issue.message}`)
        .join('; ')
      return reply.code(400).send({ error: 'Invalid parameters', message })
    },
  )
}
