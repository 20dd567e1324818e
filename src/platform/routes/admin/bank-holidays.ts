import type { FastifyPluginAsync } from 'fastify'
import { addHoliday, listHolidays, removeHoliday } from '../../admin.js'
import { fieldError, formBody, govukErrors } from '../../forms.js'
import { actorOf } from '../../http/access.js'
import { render } from '../../http/web.js'
import { permission } from '../../permissions.js'
import { HolidayForm, HolidayYearQuery, IdParams } from '../admin-schema.js'
import type { AdminOptions } from '../admin.js'

/** Bank holidays, which the working-day clocks skip. */
export const bankHolidayRoutes: FastifyPluginAsync<AdminOptions> = async (app, { db }) => {
  // Bank holidays

  const holidayYear = (query: unknown) => {
    const year = Number(HolidayYearQuery.parse(query).year)
    return Number.isInteger(year) && year >= 2000 && year <= 2100
      ? year
      : new Date().getUTCFullYear()
  }

  app.get(
    '/bank-holidays',
    { config: { access: permission('bank-holiday', 'read') } },
    async (request, reply) => {
      const year = holidayYear(request.query)
      return render(request, reply, 'platform/views/admin/bank-holidays.njk', {
        title: 'Bank holidays',
        year,
        holidays: await listHolidays(db, actorOf(request), year),
        form: {},
      })
    },
  )

  app.post(
    '/bank-holidays',
    { config: { access: permission('bank-holiday', 'create') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const body = formBody(request.body)
      const form = HolidayForm.safeParse(body)
      const year = form.success
        ? Number(form.data.holidayOn.slice(0, 4))
        : holidayYear(request.query)
      const rerender = async (errors: ReturnType<typeof govukErrors>) =>
        render(
          request,
          reply,
          'platform/views/admin/bank-holidays.njk',
          {
            title: 'Bank holidays',
            year,
            holidays: await listHolidays(db, actor, year),
            form: body,
            errors,
          },
          400,
        )
      if (!form.success) return rerender(govukErrors(form.error))
      const outcome = await addHoliday(db, { actor, ...form.data, requestId: request.id })
      if (outcome.kind === 'duplicate')
        return rerender(fieldError('holidayOn', 'This date is already a holiday'))
      return reply.redirect(`/admin/bank-holidays?year=${year}`, 303)
    },
  )

  app.post(
    '/bank-holidays/:id/remove',
    { config: { access: permission('bank-holiday', 'delete') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      const removed =
        params.success &&
        (await removeHoliday(db, {
          actor: actorOf(request),
          holidayId: params.data.id,
          requestId: request.id,
        }))
      if (!removed) return reply.callNotFound()
      return reply.redirect('/admin/bank-holidays', 303)
    },
  )
}
