import type { FastifyInstance } from 'fastify'
import { inPartnership } from '../../../../db/database.js'
import { recordAudit } from '../../../../platform/audit.js'
import { sendCsv } from '../../../../platform/csv.js'
import { actorOf } from '../../../../platform/http/access.js'
import { render } from '../../../../platform/http/web.js'
import { can, permission, scopeFor } from '../../../../platform/permissions.js'
import { NO_QUEUE_FILTERS, listQueuePage, type QueueFilters } from '../../repo.js'
import { queueFiguresCache } from '../figures.js'
import { londonToday } from '../../../../platform/calendar.js'
import { DECISION_NAMES, QueueQuery, RAG_NAMES, type QueueQueryInput } from '../../schema.js'
import {
  SOURCE_NAMES,
  STATUS_NAMES,
  childNameAndAge,
  type FrontdoorDeps,
} from '../../routes/shared.js'

const CSV_ROW_LIMIT = 50_000

/** The front door queue: filtered, sorted and paged, and its CSV export. */
export function registerQueueRoutes(app: FastifyInstance, { db }: FrontdoorDeps) {
  const figures = queueFiguresCache()
  app.get(
    '/front-door',
    { config: { access: permission('referral', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      if (scopeFor(actor.roles, 'referral', 'read') !== 'partnership') {
        return reply.redirect('/referrals', 303)
      }
      const query = QueueQuery.parse(request.query)
      const filters = queueFilters(query)
      const { counts, rows, allocations, processing, countedAt } = await inPartnership(
        db,
        actor,
        trx =>
          figures.readWithPage(trx, actor.partnershipId, filters, {
            order: query,
            limit: QUEUE_PAGE_SIZE,
            offset: (query.page - 1) * QUEUE_PAGE_SIZE,
          }),
      )
      const { matching } = counts
      const pages = Math.max(1, Math.ceil(matching / QUEUE_PAGE_SIZE))
      return render(request, reply, 'frontdoor/views/queue.njk', {
        title: 'Front door',
        referrals: rows.map(r => ({
          ...r,
          childNames: (r.children ?? []).map(child => childNameAndAge(child, londonToday())),
        })),
        counts,
        matching,
        page: query.page,
        pages,
        firstShown: (query.page - 1) * QUEUE_PAGE_SIZE + 1,
        lastShown: (query.page - 1) * QUEUE_PAGE_SIZE + rows.length,
        isFiltered: isFiltered(filters),
        sort: query.sort,
        order: query.order,
        filterItems: queueFilterItems(filters),
        links: queueLinks(query),
        pagination: queuePagination(query, pages),
        decisionNames: DECISION_NAMES,
        ragNames: RAG_NAMES,
        canChangeSettings: can(actor.roles, 'front-door-settings', 'update'),
        sourceNames: SOURCE_NAMES,
        statusNames: STATUS_NAMES,
        canRecordContact: can(actor.roles, 'referral', 'update'),
        allocations,
        processing,
        countedAt,
      })
    },
  )

  app.get(
    '/front-door/export.csv',
    { config: { access: permission('referral', 'export') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const query = QueueQuery.parse(request.query)
      const filters = queueFilters(query)
      // Every page of the filtered queue, in the order the queue shows it.
      const referrals = await inPartnership(db, actor, async trx => {
        const rows = await listQueuePage(trx, actor.partnershipId, {
          filters,
          order: query,
          limit: CSV_ROW_LIMIT,
          offset: 0,
        })
        await recordAudit(trx, {
          partnershipId: actor.partnershipId,
          userId: actor.userId,
          action: 'referral.exported',
          resourceType: 'referral',
          detail: {
            rows: rows.length,
            format: 'csv',
            sort: query.sort,
            order: query.order,
            filters,
          },
          requestId: request.id,
        })
        return rows
      })
      const instant = (value: Date | string | null) => (value ? new Date(value).toISOString() : '')
      return sendCsv(
        reply,
        'front-door-queue.csv',
        [
          'reference',
          'source',
          'status',
          'received_at',
          'decision_due_at',
          'overdue',
          'children',
          'rag_rating',
          'decision',
          'decided_at',
          'authorised_at',
          'checks_requested',
          'checks_outstanding',
          'checks_overdue',
          'feedback_owed',
          'allocated_to',
          'likely_duplicate',
        ],
        referrals.map(r => [
          r.reference,
          r.source,
          r.status,
          instant(r.receivedAt),
          instant(r.decisionDueAt),
          r.isOverdue ? 'yes' : 'no',
          r.childCount,
          r.ragRating ?? '',
          r.decision ?? '',
          instant(r.decidedAt),
          instant(r.authorisedAt),
          r.checkCount,
          r.openCheckCount,
          r.overdueCheckCount,
          r.isFeedbackOwed ? 'yes' : 'no',
          r.allocatedToName ?? '',
          r.isLikelyDuplicate ? 'yes' : 'no',
        ]),
      )
    },
  )
}

const QUEUE_PAGE_SIZE = 50
const QUEUE_DEFAULTS: QueueQueryInput = { ...NO_QUEUE_FILTERS, sort: 'due', order: 'asc', page: 1 }

function queueFilters(query: QueueQueryInput): QueueFilters {
  const { status, rag, due, allocation, feedback, duplicate } = query
  return { status, rag, due, allocation, feedback, duplicate }
}

function isFiltered(filters: QueueFilters): boolean {
  return (Object.keys(NO_QUEUE_FILTERS) as (keyof QueueFilters)[]).some(
    key => filters[key] !== NO_QUEUE_FILTERS[key],
  )
}

/** The queue's address with its sort, filters and page; what is left at the default is left out. */
function queueHref(
  path: string,
  query: QueueQueryInput,
  changes: Partial<QueueQueryInput> = {},
): string {
  const merged: QueueQueryInput = { ...query, ...changes }
  const params = new URLSearchParams()
  for (const key of Object.keys(QUEUE_DEFAULTS) as (keyof QueueQueryInput)[]) {
    if (merged[key] !== QUEUE_DEFAULTS[key]) params.set(key, String(merged[key]))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

const QUEUE_FILTER_NAMES = {
  status: {
    label: 'Status',
    options: {
      all: 'Any status',
      open: 'Open (received or awaiting authorisation)',
      received: 'Received',
      'awaiting-authorisation': 'Awaiting authorisation',
      decided: 'Decided',
    },
  },
  rag: {
    label: 'RAG rating',
    options: {
      any: 'Any rating',
      red: 'Red',
      amber: 'Amber',
      green: 'Green',
      unrated: 'Not rated',
    },
  },
  due: { label: 'Decision due', options: { any: 'Any time', overdue: 'Overdue' } },
  allocation: {
    label: 'Allocation',
    options: { any: 'Allocated or not', allocated: 'Allocated', unallocated: 'Not allocated' },
  },
  feedback: {
    label: 'Feedback to referrer',
    options: { any: 'Owed or not', owed: 'Owed' },
  },
  duplicate: {
    label: 'Likely duplicates',
    options: { any: 'Any contact', likely: 'Likely duplicates only' },
  },
} as const

function queueFilterItems(filters: QueueFilters) {
  return (Object.keys(QUEUE_FILTER_NAMES) as (keyof QueueFilters)[]).map(name => ({
    name,
    label: QUEUE_FILTER_NAMES[name].label,
    items: Object.entries(QUEUE_FILTER_NAMES[name].options).map(([value, text]) => ({
      value,
      text,
      selected: filters[name] === value,
    })),
  }))
}

/** Links that keep the queue's sort and filters: sorting, the CSV, and the counts' own views. */
function queueLinks(query: QueueQueryInput) {
  const firstPage = { ...query, page: 1 }
  const only = (changes: Partial<QueueFilters>) =>
    queueHref('/front-door', { ...firstPage, ...NO_QUEUE_FILTERS }, changes)
  const flip = (sort: QueueQueryInput['sort']) =>
    queueHref('/front-door', firstPage, {
      sort,
      order: query.sort === sort && query.order === 'asc' ? 'desc' : 'asc',
    })
  return {
    clear: only({}),
    csv: queueHref('/front-door/export.csv', firstPage),
    sortReceived: flip('received'),
    sortDue: flip('due'),
    open: only({ status: 'open' }),
    overdue: only({ due: 'overdue' }),
    awaiting: only({ status: 'awaiting-authorisation' }),
    feedbackOwed: only({ feedback: 'owed' }),
  }
}

/** GOV.UK pagination: previous, next, and the page numbers around this one. */
function queuePagination(query: QueueQueryInput, pages: number) {
  const href = (page: number) => queueHref('/front-door', query, { page })
  return {
    previous: query.page > 1 ? { href: href(query.page - 1) } : undefined,
    next: query.page < pages ? { href: href(query.page + 1) } : undefined,
    items: pageNumbers(query.page, pages).map(n =>
      n === null ? { ellipsis: true } : { number: n, href: href(n), current: n === query.page },
    ),
  }
}

/** Page numbers around the current page, with null for a gap. */
function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter(n => n >= 1 && n <= pages)
    .sort((a, b) => a - b)
  const numbers: (number | null)[] = []
  for (const n of shown) {
    const last = numbers.at(-1)
    if (typeof last === 'number' && n - last > 1) numbers.push(null)
    numbers.push(n)
  }
  return numbers
}
