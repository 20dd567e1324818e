import type { FastifyPluginAsync } from 'fastify'
import {
  AGENCY_SECTORS,
  createAgency,
  findAgency,
  listAgencies,
  updateAgency,
  type AgencySector,
} from '../../admin.js'
import { sendCsv } from '../../csv.js'
import { fieldError, formBody, govukErrors } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { permission } from '../../permissions.js'
import { AgencyForm, FormatQuery, IdParams } from '../admin-schema.js'
import type { AdminOptions } from '../admin.js'

/** The partnership's agencies: list, CSV, add and change. */
export const agencyRoutes: FastifyPluginAsync<AdminOptions> = async (app, { db }) => {
  // Agencies

  const sectorItems = Object.entries(AGENCY_SECTORS).map(([value, text]) => ({ value, text }))

  app.get(
    '/agencies',
    { config: { access: permission('agency', 'read') } },
    async (request, reply) => {
      const agencies = await listAgencies(db, actorOf(request))
      if (FormatQuery.parse(request.query).format === 'csv') {
        return sendCsv(
          reply,
          'agencies.csv',
          ['name', 'sector', 'active'],
          agencies.map(agency => [
            agency.name,
            AGENCY_SECTORS[agency.sector as AgencySector],
            agency.isActive ? 'yes' : 'no',
          ]),
        )
      }
      return render(request, reply, 'platform/views/admin/agencies.njk', {
        title: 'Agencies',
        agencies,
        sectors: AGENCY_SECTORS,
      })
    },
  )

  app.get(
    '/agencies/new',
    { config: { access: permission('agency', 'create') } },
    async (request, reply) =>
      render(request, reply, 'platform/views/admin/agency-form.njk', {
        title: 'Add an agency',
        form: { isActive: 'yes' },
        sectorItems,
        action: '/admin/agencies',
      }),
  )

  app.post(
    '/agencies',
    { config: { access: permission('agency', 'create') } },
    async (request, reply) => {
      const body = formBody(request.body)
      const form = AgencyForm.safeParse(body)
      const rerender = (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/agency-form.njk',
          { title: 'Add an agency', form: body, sectorItems, action: '/admin/agencies', errors },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await createAgency(db, {
        actor: actorOf(request),
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind !== 'saved')
        return rerender(fieldError('name', 'An agency with this name already exists'))
      return reply.redirect('/admin/agencies', 303)
    },
  )

  app.get(
    '/agencies/:id',
    { config: { access: permission('agency', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      const agency = params.success
        ? await findAgency(db, actorOf(request), params.data.id)
        : undefined
      if (!agency) return reply.callNotFound()
      return render(request, reply, 'platform/views/admin/agency-form.njk', {
        title: `Change ${agency.name}`,
        form: { ...agency, isActive: agency.isActive ? 'yes' : 'no' },
        sectorItems,
        action: `/admin/agencies/${agency.id}`,
      })
    },
  )

  app.post(
    '/agencies/:id',
    { config: { access: permission('agency', 'update') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const body = formBody(request.body)
      const form = AgencyForm.safeParse(body)
      const rerender = (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/agency-form.njk',
          {
            title: 'Change agency',
            form: body,
            sectorItems,
            action: `/admin/agencies/${params.data.id}`,
            errors,
          },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await updateAgency(db, {
        actor: actorOf(request),
        agencyId: params.data.id,
        input: form.data,
        requestId: request.id,
      })
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'duplicate-name')
        return rerender(fieldError('name', 'An agency with this name already exists'))
      return reply.redirect('/admin/agencies', 303)
    },
  )
}
