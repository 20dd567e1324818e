import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit, recordChildViewed } from '../../platform/audit.js'
import { sendCsv } from '../../platform/csv.js'
import { actorOf } from '../../platform/http/access.js'
import { type GovukErrors, formBody, govukErrors } from '../../platform/forms.js'
import { formatDate, formatDateTime, render } from '../../platform/http/web.js'
import { addNavigation } from '../../platform/navigation.js'
import { can, permission } from '../../platform/permissions.js'
import { DISABILITY_NAMES, ETHNICITY_NAMES, codeInWords } from '../census/queries.js'
import { countChildren, findChild, searchChildren } from './repo.js'
import { childMergeRoutes } from './routes/merge.js'
import {
  CHILDREN_PER_PAGE,
  ChildNameForm,
  ChildParams,
  ChildSearchQuery,
  MergeNoticeQuery,
} from './schema.js'
import { childRecord, renameChild } from './service.js'

// Enough for a partnership's whole caseload; a bigger extract is the census export's job.
const CSV_ROW_LIMIT = 50_000

export const childrenRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (
  app,
  { db },
) => {
  addNavigation({ href: '/children', text: 'Children', resource: 'child', action: 'read' })
  await app.register(childMergeRoutes, { db })

  app.get('/', { config: { access: permission('child', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const { q, page } = ChildSearchQuery.parse(request.query)
    const { children, total } = await inPartnership(db, actor, async trx => {
      const found = await searchChildren(trx, actor.partnershipId, {
        query: q,
        limit: CHILDREN_PER_PAGE,
        offset: (page - 1) * CHILDREN_PER_PAGE,
      })
      const count = await countChildren(trx, actor.partnershipId, q)
      // A list of children is itself a view of child-level data: who searched, for what.
      await recordAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        action: 'child.searched',
        resourceType: 'child',
        detail: { query: q, page, shown: found.length },
        requestId: request.id,
      })
      return { children: found, total: count }
    })
    const pages = Math.max(1, Math.ceil(total / CHILDREN_PER_PAGE))
    const link = (n: number) =>
      `/children?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`
    return render(request, reply, 'children/views/list.njk', {
      title: 'Children',
      children,
      total,
      search: q,
      page,
      pages,
      canExport: can(actor.roles, 'child', 'export'),
      pagination: {
        previous: page > 1 ? { href: link(page - 1) } : undefined,
        next: page < pages ? { href: link(page + 1) } : undefined,
        items: pageNumbers(page, pages).map(n =>
          n === null ? { ellipsis: true } : { number: n, href: link(n), current: n === page },
        ),
      },
    })
  })

  app.get(
    '/export.csv',
    { config: { access: permission('child', 'export') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { q } = ChildSearchQuery.parse(request.query)
      const children = await inPartnership(db, actor, async trx => {
        const found = await searchChildren(trx, actor.partnershipId, {
          query: q,
          limit: CSV_ROW_LIMIT,
          offset: 0,
        })
        await recordAudit(trx, {
          partnershipId: actor.partnershipId,
          userId: actor.userId,
          action: 'child.exported',
          resourceType: 'child',
          detail: { query: q, rows: found.length, format: 'csv' },
          requestId: request.id,
        })
        return found
      })
      return sendCsv(
        reply,
        'children.csv',
        [
          'la_child_id',
          'upn',
          'given_name',
          'family_name',
          'date_of_birth',
          'expected_date_of_birth',
          'sex',
        ],
        children.map(c => [
          c.laChildId,
          c.upn,
          c.givenName,
          c.familyName,
          c.birthDate,
          c.expectedBirthDate,
          c.sex,
        ]),
      )
    },
  )

  app.get('/:id', { config: { access: permission('child', 'read') } }, async (request, reply) => {
    const actor = actorOf(request)
    const params = ChildParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const { merged: mergedQuery, 'merged-from': mergedFromQuery } = MergeNoticeQuery.parse(
      request.query,
    )
    const record = await inPartnership(db, actor, async trx => {
      const found = await childRecord(trx, actor.partnershipId, params.data.id)
      if (!found) return undefined
      // A merged duplicate's page is the kept record's, which says so.
      if (found.child.mergedIntoId !== null) return { mergedInto: found.child.mergedIntoId }
      const from = mergedFromQuery ?? mergedQuery
      const mergedFrom = from
        ? await findChild(trx, actor.partnershipId, from).then(other =>
            other?.mergedIntoId === found.child.id ? other : undefined,
          )
        : undefined
      await recordChildViewed(trx, actor, {
        childId: found.child.id,
        requestId: request.id,
        detail: mergedFrom ? { mergedFrom: mergedFrom.id } : undefined,
      })
      return { ...found, mergedFrom }
    })
    if (!record) return reply.callNotFound()
    if ('mergedInto' in record) {
      return reply.redirect(`/children/${record.mergedInto}?merged-from=${params.data.id}`, 303)
    }
    const name = [record.child.givenName, record.child.familyName].filter(Boolean).join(' ')
    return render(request, reply, 'children/views/show.njk', {
      title: name || `Child ${record.child.laChildId}`,
      name,
      backLink: '/children',
      identifierRows: identifierRows(record.child),
      canRename: can(actor.roles, 'child', 'update'),
      canMerge: can(actor.roles, 'child-merge', 'create'),
      canSeeProtection: can(actor.roles, 'protection', 'read'),
      canSeeReferrals: can(actor.roles, 'referral', 'read'),
      ...mergeNotices(record.mergedFrom, record.child, mergedFromQuery !== undefined),
      ...record,
    })
  })

  // Names: the census has none; a practitioner records them (the SSD's given and family name).
  app.get(
    '/:id/name',
    { config: { access: permission('child', 'update') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const params = ChildParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const child = await inPartnership(db, actor, async trx => {
        const found = await findChild(trx, actor.partnershipId, params.data.id)
        if (found?.mergedIntoId) return undefined
        if (found) {
          await recordChildViewed(trx, actor, {
            childId: found.id,
            requestId: request.id,
            detail: { page: 'name' },
          })
        }
        return found
      })
      if (!child) return reply.callNotFound()
      return renderNamePage(request, reply, child, {
        givenName: child.givenName ?? '',
        familyName: child.familyName ?? '',
      })
    },
  )

  app.post(
    '/:id/name',
    { config: { access: permission('child', 'update') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const params = ChildParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = ChildNameForm.safeParse(body)
      if (!form.success) {
        const child = await inPartnership(db, actor, trx =>
          findChild(trx, actor.partnershipId, params.data.id),
        )
        if (!child || child.mergedIntoId) return reply.callNotFound()
        return renderNamePage(request, reply, child, body, govukErrors(form.error))
      }
      const renamed = await inPartnership(db, actor, trx =>
        renameChild(
          trx,
          { partnershipId: actor.partnershipId, userId: actor.userId, requestId: request.id },
          params.data.id,
          form.data,
        ),
      )
      if (!renamed) return reply.callNotFound()
      return reply.redirect(`/children/${params.data.id}`, 303)
    },
  )
}

/** The page that changes a child's name, with the form sent back (400) when a post is refused. */
function renderNamePage(
  request: FastifyRequest,
  reply: FastifyReply,
  child: { id: string },
  form: Record<string, unknown>,
  errors?: GovukErrors,
) {
  return render(
    request,
    reply,
    'children/views/name.njk',
    {
      title: 'Change the child’s name',
      backLink: `/children/${child.id}`,
      child,
      form,
      ...(errors ? { errors } : {}),
    },
    errors ? 400 : 200,
  )
}

/**
 * The banner on a kept record: after the manager's merge ("merged"), or for someone who opened the
 * duplicate and was sent here ("merged-from").
 */
function mergeNotices(
  mergedFrom: { laChildId: string; mergedAt: Date | null } | undefined,
  kept: { laChildId: string; givenName: string | null; familyName: string | null },
  openedDuplicate: boolean,
) {
  if (!mergedFrom) return {}
  const keptName = [kept.givenName, kept.familyName].filter(Boolean).join(' ')
  const into = keptName ? `${keptName} (${kept.laChildId})` : `child ${kept.laChildId}`
  if (!openedDuplicate)
    return { notice: `Record ${mergedFrom.laChildId} was merged into this record` }
  return {
    mergedNotice: {
      heading: `This record was merged into ${into}`,
      text: `You opened record ${mergedFrom.laChildId}. It was merged into the record below on ${formatDateTime(mergedFrom.mergedAt)}: its episodes and referrals are here.`,
    },
  }
}

/** Page numbers around the current page, with null for a gap. */
function pageNumbers(page: number, pages: number): (number | null)[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter(n => n >= 1 && n <= pages)
    .sort((a, b) => a - b)
  const result: (number | null)[] = []
  for (const n of shown) {
    const last = result.at(-1)
    if (typeof last === 'number' && n - last > 1) result.push(null)
    result.push(n)
  }
  return result
}

const SEX_NAMES: Record<string, string> = { M: 'Male', F: 'Female', U: 'Not known' }

interface ChildIdentifiersView {
  laChildId: string
  upn: string | null
  formerUpn: string | null
  upnUnknown: string | null
  birthDate: string | null
  expectedBirthDate: string | null
  sex: string | null
  ethnicity: string | null
  disabilities: string[]
  deathDate: string | null
  address: string | null
  postcode: string | null
}

function identifierRows(child: ChildIdentifiersView) {
  const rows: [string, string][] = [
    ['LA child ID', child.laChildId],
    [
      'Unique pupil number (UPN)',
      child.upn ?? (child.upnUnknown ? `Not known (${child.upnUnknown})` : 'Not recorded'),
    ],
    ['Former UPN', child.formerUpn ?? 'None'],
    [
      'Date of birth',
      child.birthDate
        ? formatDate(child.birthDate)
        : child.expectedBirthDate
          ? `Expected ${formatDate(child.expectedBirthDate)}`
          : 'Not recorded',
    ],
    ['Sex', child.sex ? (SEX_NAMES[child.sex] ?? child.sex) : 'Not recorded'],
    ['Ethnicity', child.ethnicity ? codeInWords(ETHNICITY_NAMES, child.ethnicity) : 'Not recorded'],
    [
      'Disabilities',
      child.disabilities.length > 0
        ? child.disabilities.map(code => codeInWords(DISABILITY_NAMES, code)).join(', ')
        : 'None recorded',
    ],
  ]
  rows.push([
    'Address',
    [child.address, child.postcode].filter(Boolean).join(', ') || 'Not recorded',
  ])
  if (child.deathDate) rows.push(['Date of death', formatDate(child.deathDate)])
  return rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } }))
}
