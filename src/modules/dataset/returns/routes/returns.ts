import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db } from '../../../../db/database.js'
import { londonDate, londonToday } from '../../../../platform/calendar.js'
import { listActiveAgencies } from '../../../../platform/directory.js'
import {
  fieldError,
  formBody,
  govukErrors,
  toGovukErrors,
  type GovukErrors,
} from '../../../../platform/forms.js'
import { actorOf } from '../../../../platform/http/access.js'
import { formatDate, render } from '../../../../platform/http/web.js'
import { can, permission, scopeFor } from '../../../../platform/permissions.js'
import { sendTable } from '../export.js'
import {
  IdParams,
  ListQuery,
  PageQuery,
  RETURN_STATUSES,
  UNITS,
  quarterOf,
  readRequestForm,
  readValue,
  recentQuarters,
  sentence,
} from '../schema.js'
import {
  auditExport,
  chaseReturn,
  completenessOf,
  listReturns,
  readReturn,
  requestReturns,
  saveValues,
  signOff,
  type ReturnDetail,
} from '../service.js'
import {
  XLSX_TYPE,
  describeCellError,
  readReturnUpload,
  returnTemplate,
  type CellError,
} from '../spreadsheet.js'
import { attachment } from '../../../../platform/csv.js'
import { badQuery, ctxOf, items, noticeOf, readQuery, requireExport, view } from './shared.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

function quarterItems(selected: unknown, blank?: string) {
  const record = Object.fromEntries(recentQuarters(londonToday(), 8).map(q => [q.key, q.label]))
  return items(record, selected, blank)
}

async function agencyItems(db: Db, request: FastifyRequest, selected: unknown) {
  const actor = actorOf(request)
  const agencies = await inPartnership(db, { partnershipId: actor.partnershipId }, trx =>
    listActiveAgencies(trx, actor.partnershipId),
  )
  const chosen = Array.isArray(selected) ? selected : [selected]
  return agencies.map(a => ({
    value: a.id,
    text: a.name,
    selected: chosen.includes(a.id),
    checked: chosen.includes(a.id),
  }))
}

async function renderRequest(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  form: Record<string, unknown>,
  errors: GovukErrors,
) {
  return render(
    request,
    reply,
    view('request'),
    {
      title: 'Ask agencies for a quarterly return',
      form,
      errors,
      quarterItems: quarterItems(form.quarter, 'Choose a quarter'),
      agencyItems: await agencyItems(db, request, form.agencyIds),
    },
    errors.summary.length ? 400 : 200,
  )
}

function returnModel(request: FastifyRequest, detail: ReturnDetail) {
  const actor = actorOf(request)
  const today = londonToday()
  const [row] = completenessOf([detail.row], today)
  return {
    title: `${detail.row.agencyName}: return for ${detail.quarter.label}`,
    detail,
    summary: row,
    UNITS,
    RETURN_STATUSES,
    canFill: can(actor.roles, 'agency-return', 'update'),
    canChase: can(actor.roles, 'agency-return', 'create') && row?.overdue,
  }
}

async function renderReturn(
  request: FastifyRequest,
  reply: FastifyReply,
  detail: ReturnDetail,
  extra: {
    form?: Record<string, unknown>
    errors?: GovukErrors
    cellErrors?: CellError[]
    notice?: string | undefined
  } = {},
) {
  const form =
    extra.form ??
    Object.fromEntries(
      detail.lines.map(line => [`value-${line.indicator.id}`, line.current?.value ?? '']),
    )
  return render(
    request,
    reply,
    view('return'),
    {
      ...returnModel(request, detail),
      form,
      errors: extra.errors ?? NO_ERRORS,
      cellErrors: extra.cellErrors ?? [],
      notice: extra.notice,
    },
    extra.errors?.summary.length ? 400 : 200,
  )
}

/** The values typed on the page, checked against each indicator's unit; errors beside each field. */
function readValueForm(detail: ReturnDetail, form: Record<string, unknown>) {
  const values = new Map<string, number | null>()
  const fields: Record<string, { text: string }> = {}
  for (const line of detail.lines) {
    const name = `value-${line.indicator.id}`
    const raw = form[name]
    if (raw !== undefined && typeof raw !== 'string') {
      fields[name] = { text: `${line.indicator.name}: enter one value` }
      continue
    }
    const read = readValue(line.indicator.unit, raw ?? '')
    if (!read.ok) fields[name] = { text: `${line.indicator.name}: ${read.message}` }
    else values.set(line.indicator.id, read.value)
  }
  return { values, errors: toGovukErrors(fields) }
}

function idOf(request: FastifyRequest): string | null {
  const params = IdParams.safeParse(request.params)
  return params.success ? params.data.id : null
}

/** Returns: the list, requests, one return's page, its template and upload, sign-off and chasing. */
export function registerReturnRoutes(app: FastifyInstance, db: Db): void {
  const read = { config: { access: permission('agency-return', 'read') } }
  const fill = { config: { access: permission('agency-return', 'update') } }
  const manage = { config: { access: permission('agency-return', 'create') } }

  app.get('/', read, async (request, reply) => {
    const parsed = readQuery(ListQuery, request)
    if (!parsed.ok) return badQuery(request, reply, parsed.errors)
    const query = parsed.data
    const actor = actorOf(request)
    const filter = {
      ...(query.quarter ? { quarter: query.quarter } : {}),
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.status ? { status: query.status } : {}),
    }
    const rows = completenessOf(await listReturns(db, actor, filter), londonToday())
    if (query.format) {
      requireExport(request, 'agency-return')
      await auditExport(db, ctxOf(request), 'returns', query.format, rows.length)
      return sendTable(
        reply,
        query.format,
        'agency-returns',
        [
          'Agency',
          'Quarter',
          'Due',
          'Status',
          'Overdue',
          'Figures given',
          'Signed off by',
          'Signed off',
        ],
        rows.map(r => [
          r.agencyName,
          r.quarterLabel,
          formatDate(r.dueOn),
          RETURN_STATUSES[r.status],
          r.overdue ? 'Yes' : 'No',
          r.valuesGiven,
          r.signedOffByName ?? '',
          r.signedOffAt ? formatDate(londonDate(r.signedOffAt)) : '',
        ]),
      )
    }
    const search = new URLSearchParams(filter).toString()
    return render(request, reply, view('index'), {
      title: 'Agency returns',
      rows,
      form: query,
      search,
      quarterItems: quarterItems(query.quarter, 'All quarters'),
      agencyItems: [
        { value: '', text: 'All agencies' },
        ...(await agencyItems(db, request, query.agencyId)),
      ],
      statusItems: items(RETURN_STATUSES, query.status, 'Any status'),
      RETURN_STATUSES,
      canRequest: can(actor.roles, 'agency-return', 'create'),
      canExport: can(actor.roles, 'agency-return', 'export'),
      canCatalogue: can(actor.roles, 'return-indicator', 'read'),
      seesAll: scopeFor(actor.roles, 'agency-return', 'read') === 'partnership',
      notice: noticeOf(query.notice),
    })
  })

  app.get('/request', manage, (request, reply) => renderRequest(db, request, reply, {}, NO_ERRORS))
  app.post('/request', manage, async (request, reply) => {
    const form = formBody(request.body)
    const parsed = readRequestForm(form)
    if (!parsed.success) return renderRequest(db, request, reply, form, govukErrors(parsed.error))
    const outcome = await requestReturns(db, ctxOf(request), parsed.data)
    if (outcome.kind === 'refused')
      return renderRequest(db, request, reply, form, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/dataset/returns?quarter=${parsed.data.quarter}&notice=requested`, 303)
  })

  app.get('/:id', read, async (request, reply) => {
    const id = idOf(request)
    const parsed = readQuery(PageQuery, request)
    if (!parsed.ok) return badQuery(request, reply, parsed.errors)
    const query = parsed.data
    const detail = id ? await readReturn(db, actorOf(request), id) : null
    if (!detail) return reply.callNotFound()
    return renderReturn(request, reply, detail, { notice: noticeOf(query.notice) })
  })

  app.get('/:id/template.xlsx', read, async (request, reply) => {
    const id = idOf(request)
    const detail = id ? await readReturn(db, actorOf(request), id) : null
    if (!detail) return reply.callNotFound()
    const name = `return-${detail.row.agencyName}-${detail.quarter.key}.xlsx`
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(name))
      .header('cache-control', 'no-store')
      .send(await returnTemplate(detail))
  })

  app.post('/:id', fill, async (request, reply) => {
    const id = idOf(request)
    const detail = id ? await readReturn(db, actorOf(request), id) : null
    if (!id || !detail) return reply.callNotFound()
    const form = formBody(request.body)
    const { values, errors } = readValueForm(detail, form)
    if (errors.summary.length) return renderReturn(request, reply, detail, { form, errors })
    const outcome = await saveValues(db, ctxOf(request), id, values, 'form')
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return renderReturn(request, reply, detail, {
        form,
        errors: fieldError(outcome.field, outcome.message),
      })
    return reply.redirect(
      `/dataset/returns/${id}?notice=${outcome.changed ? 'saved' : 'unchanged'}`,
      303,
    )
  })

  app.post('/:id/upload', fill, async (request, reply) => {
    const id = idOf(request)
    const detail = id ? await readReturn(db, actorOf(request), id) : null
    if (!id || !detail) return reply.callNotFound()
    const file = formBody(request.body).file
    const refuse = (message: string, cellErrors: CellError[] = []) =>
      renderReturn(request, reply, detail, { errors: fieldError('file', message), cellErrors })
    if (!Buffer.isBuffer(file)) return refuse('Select the XLSX file to upload')
    const read = await readReturnUpload(file, detail)
    if (read.kind === 'refused') return refuse(read.message)
    if (read.kind === 'invalid') {
      const count = read.errors.length
      const first = read.errors[0]
      const lead = first ? sentence(describeCellError(first)) : ''
      return refuse(
        count === 1
          ? `${lead}. Nothing was saved: correct the cell and upload the file again`
          : `The file has ${count} cells to correct, the first: ${lead}. Nothing was saved`,
        read.errors,
      )
    }
    const outcome = await saveValues(db, ctxOf(request), id, read.values, 'upload')
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused') return refuse(outcome.message)
    return reply.redirect(`/dataset/returns/${id}?notice=uploaded`, 303)
  })

  app.post('/:id/sign-off', fill, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const outcome = await signOff(db, ctxOf(request), id)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused') {
      const detail = await readReturn(db, actorOf(request), id)
      if (!detail) return reply.callNotFound()
      return renderReturn(request, reply, detail, {
        errors: fieldError('sign-off', outcome.message),
      })
    }
    return reply.redirect(`/dataset/returns/${id}?notice=signed-off`, 303)
  })

  app.post('/:id/chase', manage, async (request, reply) => {
    const id = idOf(request)
    if (!id) return reply.callNotFound()
    const outcome = await chaseReturn(db, ctxOf(request), id)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused') {
      const detail = await readReturn(db, actorOf(request), id)
      if (!detail) return reply.callNotFound()
      return renderReturn(request, reply, detail, { errors: fieldError('chase', outcome.message) })
    }
    return reply.redirect(`/dataset/returns/chase?notice=${outcome.kind}`, 303)
  })
}

export { quarterItems, quarterOf }
