import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Db, Trx } from '../../../db/database.js'
import { listActiveAgenciesAs } from '../../../platform/directory.js'
import { checkedItems, fieldError, formBody, namedItems } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { createFormRoutes, type FormPage } from '../../../platform/http/create-form.js'
import { renderFormPage } from '../../../platform/http/form-page.js'
import { can, permission } from '../../../platform/permissions.js'
import { assuranceActionStates } from '../../governance/service.js'
import { keyAreaTable, returnRates, scoresByArea } from '../queries.js'
import { STATUS_WORDS, actionLinks } from '../returns/service.js'
import {
  ctxOf,
  formatOnlyQuery,
  idParam,
  items,
  scoped,
  sendExport,
  singleQuery,
} from '../shared.js'
import { latestVersions, listTemplates } from '../templates/service.js'
import * as repo from './repo.js'
import { CycleForm, CycleQuery, OrganisationForm } from './schema.js'
import {
  ORGANISATION_KINDS,
  type Mail,
  addOrganisation,
  createCycle,
  importSchools,
} from './service.js'

const view = (name: string) => `assurance/cycles/views/${name}.njk`

type Cycle = NonNullable<Awaited<ReturnType<typeof repo.findCycle>>>

export function registerCycleRoutes(app: FastifyInstance, db: Db, mail: Mail) {
  const read = { config: { access: permission('assurance', 'read') } }
  const create = { config: { access: permission('assurance', 'create') } }
  const importing = { config: { access: permission('assurance', 'import') } }

  app.get('/organisations', create, async (request, reply) => {
    const query = formatOnlyQuery(request)
    if (!query) return reply.code(400).send('Bad query')
    const ctx = ctxOf(request)
    const organisations = await scoped(db, ctx.actor, trx =>
      repo.listOrganisations(trx, ctx.actor.partnershipId),
    )
    if (query.format) {
      return sendExport(db, request, reply, {
        format: query.format,
        name: 'returning-organisations',
        header: ['Type', 'Name', 'URN', 'Phase', 'Lead email'],
        rows: organisations.map(o => [
          ORGANISATION_KINDS[o.kind],
          o.name,
          o.urn,
          o.phase,
          o.leadEmail,
        ]),
      })
    }
    return render(request, reply, view('organisations'), {
      title: 'Returning organisations',
      organisations,
      kinds: ORGANISATION_KINDS,
    })
  })

  const organisationPage: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const agencies = await listActiveAgenciesAs(db, ctx.actor)
    return renderFormPage(
      request,
      reply,
      view('organisation-form'),
      {
        title: 'Add a returning organisation',
        kindItems: items(ORGANISATION_KINDS, form.kind, 'Select the type'),
        agencyItems: namedItems(agencies, form.agencyId, 'Not an agency'),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: '/organisations',
    access: create.config.access,
    schema: OrganisationForm,
    page: organisationPage,
    run: (request, input) => addOrganisation(db, ctxOf(request), input),
    next: () => '/assurance/organisations',
  })

  app.get('/organisations/import', importing, (request, reply) =>
    render(request, reply, view('import'), { title: 'Import schools and settings' }),
  )
  app.post('/organisations/import', importing, async (request, reply) => {
    const file = formBody(request.body).file
    const outcome =
      Buffer.isBuffer(file) && file.length
        ? await importSchools(db, ctxOf(request), file.toString('utf8'))
        : { kind: 'refused' as const, field: 'file', message: 'Select a CSV file' }
    if (outcome.kind === 'refused') {
      return render(
        request,
        reply,
        view('import'),
        {
          title: 'Import schools and settings',
          errors: fieldError(outcome.field, outcome.message),
        },
        400,
      )
    }
    return render(request, reply, view('import'), {
      title: 'Import schools and settings',
      imported: outcome,
    })
  })

  const cyclePage: FormPage = async (request, reply, form, errors) => {
    const ctx = ctxOf(request)
    const templates = latestVersions(await listTemplates(db, ctx))
    const organisations = await scoped(db, ctx.actor, trx =>
      repo.listOrganisations(trx, ctx.actor.partnershipId),
    )
    return renderFormPage(
      request,
      reply,
      view('cycle-form'),
      {
        title: 'Open an audit cycle',
        templateItems: [
          { value: '', text: 'Select a template' },
          ...templates.map(t => ({
            value: t.id,
            text: `${t.title} (version ${t.version}, target ${t.targetPercent}%)`,
            selected: t.id === form.templateId,
          })),
        ],
        organisationItems: checkedItems(organisations, form.organisationIds, o => ({
          hint: { text: `${ORGANISATION_KINDS[o.kind]}${o.urn ? `, URN ${o.urn}` : ''}` },
        })),
      },
      { form, errors },
    )
  }
  createFormRoutes(app, {
    path: '/cycles',
    access: create.config.access,
    schema: CycleForm,
    page: cyclePage,
    run: (request, input) => createCycle(db, ctxOf(request), mail, input),
    next: outcome => `/assurance/cycles/${outcome.id}`,
  })

  /**
   * A cycle's page: its id and query (404 and 400 when they do not parse), the cycle found with
   * what `load` reads of it (404 when there is none), then `show`.
   */
  const cycleView =
    <T>(
      load: (trx: Trx, partnershipId: string, id: string) => Promise<T>,
      show: (
        request: FastifyRequest,
        reply: FastifyReply,
        query: z.infer<typeof CycleQuery>,
        data: T & { cycle: Cycle },
      ) => unknown,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const id = idParam(request)
      const query = CycleQuery.safeParse(singleQuery(request) ?? { bad: 1 })
      if (!id) return reply.callNotFound()
      if (!query.success) return reply.code(400).send('Bad query')
      const ctx = ctxOf(request)
      const data = await scoped(db, ctx.actor, async trx => {
        const cycle = await repo.findCycle(trx, ctx.actor.partnershipId, id)
        if (!cycle) return null
        return { cycle, ...(await load(trx, ctx.actor.partnershipId, id)) }
      })
      if (!data) return reply.callNotFound()
      return show(request, reply, query.data, data)
    }

  app.get(
    '/cycles/:id',
    create,
    cycleView(
      async (trx, partnershipId, id) => {
        const returns = await repo.listCycleReturns(trx, partnershipId, [id])
        const rate = (await returnRates(trx, partnershipId)).find(r => r.cycleId === id)
        const links = await actionLinks(
          trx,
          partnershipId,
          returns.map(r => r.id),
        )
        const actions = await assuranceActionStates(
          trx,
          partnershipId,
          links.map(l => l.govPlanActionId),
        )
        const table = keyAreaTable(await scoresByArea(trx, partnershipId, id))
        return { returns, rate, actions, table }
      },
      async (request, reply, query, data) => {
        const { status = '', kind = '', format } = query
        const shown = data.returns.filter(
          r => (!status || r.status === status) && (!kind || r.organisationKind === kind),
        )
        if (format) {
          return sendExport(db, request, reply, {
            format,
            name: `returns-${data.cycle.title}`,
            header: ['Organisation', 'Type', 'URN', 'Status', 'Submitted'],
            rows: shown.map(r => [
              r.organisationName,
              ORGANISATION_KINDS[r.organisationKind],
              r.urn,
              STATUS_WORDS[r.status],
              r.submittedOn,
            ]),
          })
        }
        return render(request, reply, view('cycle'), {
          title: data.cycle.title,
          ...data,
          shown,
          statusWords: STATUS_WORDS,
          kinds: ORGANISATION_KINDS,
          statusItems: items(STATUS_WORDS, status, 'Any status'),
          kindItems: items(ORGANISATION_KINDS, kind, 'Any type'),
          signedOff: data.actions.filter(a => a.signedOff).length,
          exportQuery: new URLSearchParams({ status, kind }).toString(),
        })
      },
    ),
  )

  app.get(
    '/cycles/:id/scores',
    create,
    cycleView(
      async (trx, partnershipId, id) => ({
        table: keyAreaTable(await scoresByArea(trx, partnershipId, id)),
      }),
      async (request, reply, query, data) => {
        if (query.format) {
          return sendExport(db, request, reply, {
            format: query.format,
            name: `scores-${data.cycle.title}`,
            header: ['Area', ...data.table.organisations],
            rows: [
              ...data.table.rows.map(r => [
                r.area,
                ...r.scores.map(s => (s === null ? '' : `${s}%`)),
              ]),
              ['Summary', ...data.table.summary],
            ],
          })
        }
        return render(request, reply, view('scores'), {
          title: `Scores: ${data.cycle.title}`,
          ...data,
          heat: (s: number | null) =>
            s === null
              ? ''
              : s >= 100
                ? 'keepsafe-heat--full'
                : s >= 75
                  ? 'keepsafe-heat--mid'
                  : 'keepsafe-heat--low',
        })
      },
    ),
  )

  app.get('/', read, async (request, reply) => {
    const ctx = ctxOf(request)
    const businessUnit = can(ctx.actor.roles, 'assurance', 'create')
    const data = await scoped(db, ctx.actor, async trx => {
      const rates = await returnRates(trx, ctx.actor.partnershipId)
      const cycles = await repo.listCycles(trx, ctx.actor.partnershipId)
      const returns = await repo.listCycleReturns(
        trx,
        ctx.actor.partnershipId,
        cycles.map(c => c.id),
      )
      const own = returns.filter(r => r.agencyId && ctx.actor.agencyIds.includes(r.agencyId))
      return {
        rates,
        own: own.map(r => ({
          ...r,
          cycleTitle: cycles.find(c => c.id === r.cycleId)?.title ?? '',
          dueOn: cycles.find(c => c.id === r.cycleId)?.dueOn ?? null,
        })),
      }
    })
    return render(request, reply, view('index'), {
      title: 'Assurance',
      ...data,
      businessUnit,
      statusWords: STATUS_WORDS,
    })
  })
}
