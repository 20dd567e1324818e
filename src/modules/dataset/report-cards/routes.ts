import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import {
  fieldError,
  formBody,
  govukErrors,
  type GovukErrors,
  namedItems,
} from '../../../platform/forms.js'
import { AccessDenied, actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { addNavigation } from '../../../platform/navigation.js'
import { can, permission } from '../../../platform/permissions.js'
import { sendTable } from '../returns/export.js'
import { shortQuarter, exportRows, sectionsOf } from './present.js'
import {
  CardForm,
  CardQuery,
  type CardQueryInput,
  IdParams,
  ListQuery,
  MeetingParams,
  SECTIONS,
  VersionForm,
  readChosenIndicators,
} from './schema.js'
import {
  addVersion,
  auditExport,
  cardsForMeeting,
  createCard,
  listBodies,
  listCards,
  readCard,
  versionChoices,
  type Ctx,
} from './service.js'

const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
const view = (name: string) => `dataset/report-cards/views/${name}.njk`
const ctxOf = (request: FastifyRequest): Ctx => ({ actor: actorOf(request), requestId: request.id })

function badQuery(request: FastifyRequest, reply: FastifyReply, errors: GovukErrors) {
  return render(
    request,
    reply,
    'dataset/returns/views/bad-query.njk',
    { title: 'There is a problem with the address', errors },
    400,
  )
}

/**
 * The card the address names, at the version its query asks for (else the latest), with the
 * query; no card when the address names none, and the query's errors when it is not one we read.
 */
async function cardInAddress(
  db: Db,
  request: FastifyRequest,
): Promise<
  | { errors: GovukErrors }
  | { card?: undefined }
  | { card: NonNullable<Awaited<ReturnType<typeof readCard>>>; query: CardQueryInput }
> {
  const params = IdParams.safeParse(request.params)
  if (!params.success) return {}
  const query = CardQuery.safeParse(request.query ?? {})
  if (!query.success) return { errors: govukErrors(query.error) }
  const version = query.data.version ? Number(query.data.version) : undefined
  const card = await readCard(db, actorOf(request), params.data.id, version)
  return card ? { card, query: query.data } : {}
}

async function renderCardForm(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  form: Record<string, unknown>,
  errors: GovukErrors,
) {
  const bodies = await listBodies(db, actorOf(request))
  return render(
    request,
    reply,
    view('card-form'),
    {
      title: 'Add a report card',
      form,
      errors,
      bodyItems: namedItems(bodies, form.bodyId, 'No body: a theme'),
    },
    errors.summary.length ? 400 : 200,
  )
}

async function renderVersionForm(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  form: Record<string, unknown> | null,
  errors: GovukErrors,
) {
  const choices = await versionChoices(db, actorOf(request), id)
  if (!choices) return reply.callNotFound()
  const current = form ?? (await currentForm(db, request, id))
  return render(
    request,
    reply,
    view('version-form'),
    {
      title: `Update ${choices.card.title}`,
      card: choices.card,
      form: current,
      errors,
      meetingItems: [
        { value: '', text: 'Not for a particular meeting' },
        ...choices.meetings.map(m => ({
          value: m.id,
          text: `${m.title}, ${formatDate(m.heldOn)}`,
          selected: m.id === current.meetingId,
        })),
      ],
      indicators: choices.indicators.map(i => ({
        ...i,
        items: [
          { value: '', text: 'Not shown' },
          ...Object.entries(SECTIONS).map(([value, text]) => ({
            value,
            text,
            selected: current[`section-${i.key}`] === value,
          })),
        ],
      })),
    },
    errors.summary.length ? 400 : 200,
  )
}

/** The latest version's values, to start the next version from. */
async function currentForm(db: Db, request: FastifyRequest, id: string) {
  const card = await readCard(db, actorOf(request), id)
  const form: Record<string, unknown> = {}
  if (!card?.chosen) return form
  Object.assign(form, {
    story: card.chosen.story,
    whatWorks: card.chosen.whatWorks,
    nextSteps: card.chosen.nextSteps,
    criticalMessages: card.chosen.criticalMessages,
  })
  for (const indicator of card.indicators) form[`section-${indicator.key}`] = indicator.section
  return form
}

/** OBA report cards for sub-groups and themes, versioned per meeting. */
export const reportCardRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  addNavigation({
    href: '/dataset/report-cards',
    text: 'Report cards',
    resource: 'report-card',
    action: 'read',
  })
  const read = { config: { access: permission('report-card', 'read') } }
  const create = { config: { access: permission('report-card', 'create') } }
  const update = { config: { access: permission('report-card', 'update') } }
  const exporting = { config: { access: permission('report-card', 'export') } }

  app.get('/', read, async (request, reply) => {
    const query = ListQuery.safeParse(request.query ?? {})
    if (!query.success) return badQuery(request, reply, govukErrors(query.error))
    const actor = actorOf(request)
    const cards = await listCards(db, actor)
    if (query.data.format) {
      if (!can(actor.roles, 'report-card', 'export')) throw new AccessDenied()
      await auditExport(db, ctxOf(request), null, { what: 'list', format: query.data.format })
      return sendTable(
        reply,
        query.data.format,
        'report-cards',
        ['Title', 'Body', 'Theme', 'Latest version'],
        cards.map(c => [c.title, c.bodyName, c.theme ?? '', c.latestVersion ?? '']),
      )
    }
    return render(request, reply, view('index'), {
      title: 'Report cards',
      cards,
      canCreate: can(actor.roles, 'report-card', 'create'),
      canExport: can(actor.roles, 'report-card', 'export'),
      canReadMeeting: can(actor.roles, 'governance', 'read'),
      notice: query.data.notice === 'created' ? 'Report card added' : undefined,
    })
  })

  app.get('/new', create, (request, reply) => renderCardForm(db, request, reply, {}, NO_ERRORS))
  app.post('/', create, async (request, reply) => {
    const form = formBody(request.body)
    const parsed = CardForm.safeParse(form)
    if (!parsed.success) return renderCardForm(db, request, reply, form, govukErrors(parsed.error))
    const outcome = await createCard(db, ctxOf(request), parsed.data)
    if (outcome.kind === 'refused')
      return renderCardForm(db, request, reply, form, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/dataset/report-cards/${outcome.id}/versions/new`, 303)
  })

  app.get('/meetings/:meetingId', read, async (request, reply) => {
    const params = MeetingParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const found = await cardsForMeeting(db, actorOf(request), params.data.meetingId)
    if (!found) return reply.callNotFound()
    return render(request, reply, view('meeting'), {
      title: `Report cards for ${found.meeting.title}, ${formatDate(found.meeting.heldOn)}`,
      ...found,
      canReadMeeting: can(actorOf(request).roles, 'governance', 'read'),
    })
  })

  app.get('/:id', read, async (request, reply) => {
    const asked = await cardInAddress(db, request)
    if ('errors' in asked) return badQuery(request, reply, asked.errors)
    if (!asked.card) return reply.callNotFound()
    const { card, query } = asked
    const actor = actorOf(request)
    return render(request, reply, view('card'), {
      title: card.card.title,
      ...card,
      sections: sectionsOf(card.indicators),
      versionQuery: card.chosen ? `?version=${card.chosen.version}` : '',
      canUpdate: can(actor.roles, 'report-card', 'update'),
      canExport: can(actor.roles, 'report-card', 'export'),
      canReadMeeting: can(actor.roles, 'governance', 'read'),
      notice:
        query.notice === 'version' ? `Version ${card.chosen?.version ?? ''} saved` : undefined,
    })
  })

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/:id/export.${format}`, exporting, async (request, reply) => {
      const asked = await cardInAddress(db, request)
      if ('errors' in asked) return badQuery(request, reply, asked.errors)
      if (!asked.card) return reply.callNotFound()
      const { card, query } = asked
      const publish = query.publish === 'yes'
      await auditExport(db, ctxOf(request), card.card.id, {
        format,
        publish,
        version: card.chosen?.version ?? null,
      })
      const header = [
        'Section',
        'Indicator',
        'Unit',
        ...card.quarters.map(q => shortQuarter(q.label)),
        'Total (counts)',
      ]
      const suffix = publish ? '-for-publication' : ''
      return sendTable(
        reply,
        format,
        `report-card-v${card.chosen?.version ?? 0}${suffix}`,
        header,
        exportRows(card.indicators, { publish }),
      )
    })
  }

  app.get('/:id/versions/new', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    return renderVersionForm(db, request, reply, params.data.id, null, NO_ERRORS)
  })
  app.post('/:id/versions', update, async (request, reply) => {
    const params = IdParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const id = params.data.id
    const form = formBody(request.body)
    const parsed = VersionForm.safeParse(form)
    const chosen = readChosenIndicators(form)
    if (!parsed.success)
      return renderVersionForm(db, request, reply, id, form, govukErrors(parsed.error))
    if (!chosen.ok)
      return renderVersionForm(
        db,
        request,
        reply,
        id,
        form,
        fieldError('indicators', chosen.message),
      )
    const outcome = await addVersion(db, ctxOf(request), id, {
      ...parsed.data,
      indicators: chosen.indicators,
    })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return renderVersionForm(
        db,
        request,
        reply,
        id,
        form,
        fieldError(outcome.field, outcome.message),
      )
    return reply.redirect(`/dataset/report-cards/${id}?notice=version`, 303)
  })
}
