/** What the list, export and figures pages of a module's records share. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z, type ZodType } from 'zod'
import { financialYear } from '../annual-figures.js'
import { londonToday } from '../calendar.js'
import type { RouteAccess } from '../permissions.js'
import { sendTable, TABLE_FORMATS } from '../spreadsheets.js'

/** A list's filters as a query string for its export links, leaving out the empty ones. */
export function queryString(values: Record<string, string | undefined>): string {
  const pairs = Object.entries(values).flatMap(([key, value]) =>
    value ? [[key, value] as [string, string]] : [],
  )
  return new URLSearchParams(pairs).toString()
}

/**
 * The financial year a figures page shows (the one asked for, or last year) and the twelve years
 * it offers, newest first.
 */
export function figuresYears(year: string | undefined) {
  const today = londonToday()
  const thisYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
  const startYear = year ? Number(year) : thisYear - 1
  const items = Array.from({ length: 12 }, (_, index) => thisYear - index).map(value => ({
    value: String(value),
    text: financialYear(value).year,
    selected: value === startYear,
  }))
  return { startYear, items }
}

/** A figures page's query: the start of the financial year asked for, e.g. `?year=2025`. */
export const FiguresQuery = z
  .object({
    year: z
      .string()
      .regex(/^20\d\d$/)
      .optional(),
  })
  .strict()

type YearItems = ReturnType<typeof figuresYears>['items']

/**
 * A module's figures page: the financial year asked for (a 400 when the query does not parse), or
 * last year; its figures; then the module's page with them and the years it offers.
 */
export function figuresPageRoute<F>(
  app: FastifyInstance,
  options: {
    path: string
    access: RouteAccess
    figures: (request: FastifyRequest, startYear: number) => Promise<F>
    show: (request: FastifyRequest, reply: FastifyReply, figures: F, years: YearItems) => unknown
  },
): void {
  app.get(options.path, { config: { access: options.access } }, async (request, reply) => {
    const query = FiguresQuery.safeParse(request.query)
    if (!query.success) return reply.code(400).send('Bad query')
    const years = figuresYears(query.data.year)
    const figures = await options.figures(request, years.startYear)
    return options.show(request, reply, figures, years.items)
  })
}

/**
 * A list's export in every table format (`<path>.csv`, `<path>.xlsx`, ...): the list's filters
 * from the query string (a 400 when they do not parse), the rows, a file named for today.
 */
export function tableExportRoutes<Q>(
  app: FastifyInstance,
  options: {
    path: string
    access: RouteAccess
    query: ZodType<Q>
    fileName: string
    header: string[]
    rows: (request: FastifyRequest, query: Q) => Promise<unknown[][]>
  },
): void {
  for (const format of TABLE_FORMATS) {
    app.get(
      `${options.path}.${format}`,
      { config: { access: options.access } },
      async (request, reply) => {
        const query = options.query.safeParse(request.query)
        if (!query.success) return reply.code(400).send('Bad query')
        const rows = await options.rows(request, query.data)
        return sendTable(
          reply,
          format,
          `${options.fileName}-${londonToday()}`,
          options.header,
          rows,
        )
      },
    )
  }
}
