/** /dataset/settings: the local authority, the DfE calendar, populations and targets. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { DEFINITIONS } from '../cin/definitions.js'
import {
  AGE_BANDS,
  datasetSettingsPage,
  importPopulation,
  readPopulationCsv,
  saveSettings,
  saveTarget,
  settingsSchema,
  targetSchema,
  type RowProblem,
} from '../cin/settings.js'
import { laitState, localAuthorities } from '../lait.js'

const READ = { config: { access: permission('dataset-settings', 'read') } }
const UPDATE = { config: { access: permission('dataset-settings', 'update') } }
const NOTICES: Record<string, string> = {
  settings: 'The settings were saved',
  population: 'The population estimates were imported',
  target: 'The target was saved',
}

function fields(body: unknown): Record<string, unknown> {
  const { _csrf: _token, ...rest } = formBody(body)
  return rest
}

async function page(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { errors?: GovukErrors; form?: Record<string, unknown>; rowProblems?: RowProblem[] } = {},
) {
  const data = await datasetSettingsPage(db, actorOf(request))
  const lait = laitState()
  const chosen =
    typeof extra.form?.laNumber === 'string'
      ? extra.form.laNumber
      : String(data.setting?.laNumber ?? '')
  const authorities = lait.ok ? localAuthorities(lait.lait) : []
  const laItems = [
    { value: '', text: 'Not chosen' },
    ...authorities.map(a => ({
      value: String(a.laNumber),
      text: `${a.name} (${a.laNumber}, ${a.region})`,
      selected: String(a.laNumber) === chosen,
    })),
    // While LAIT's names are still being read, the chosen authority stays chosen.
    ...(!lait.ok && chosen
      ? [{ value: chosen, text: `Local authority ${chosen} (names still loading)`, selected: true }]
      : []),
  ]
  const saved = (request.query as Record<string, unknown> | undefined)?.saved
  return render(
    request,
    reply,
    'dataset/views/settings.njk',
    {
      title: 'Dataset settings',
      ...data,
      authorities,
      laItems,
      laitMessage: lait.ok ? null : lait.message,
      indicatorKeys: Object.entries(DEFINITIONS).map(([key, d]) => ({ key, label: d.label })),
      ageBands: AGE_BANDS,
      notice: typeof saved === 'string' ? NOTICES[saved] : undefined,
      errors: extra.errors ?? { summary: [], fields: {} },
      form: extra.form ?? {},
      rowProblems: extra.rowProblems ?? [],
    },
    extra.errors ? 400 : 200,
  )
}

export function registerSettingsRoutes(app: FastifyInstance, db: Db): void {
  app.get('/settings', READ, (request, reply) => page(db, request, reply))

  app.post('/settings', UPDATE, async (request, reply) => {
    const form = fields(request.body)
    const parsed = settingsSchema.safeParse(form)
    if (!parsed.success)
      return page(db, request, reply, { errors: govukErrors(parsed.error), form })
    await saveSettings(db, actorOf(request), parsed.data, request.id)
    return reply.redirect('/dataset/settings?saved=settings', 303)
  })

  app.post('/settings/targets', UPDATE, async (request, reply) => {
    const form = fields(request.body)
    const parsed = targetSchema.safeParse(form)
    if (!parsed.success)
      return page(db, request, reply, { errors: govukErrors(parsed.error), form })
    await saveTarget(db, actorOf(request), parsed.data, request.id)
    return reply.redirect('/dataset/settings?saved=target', 303)
  })

  app.post('/settings/population', UPDATE, async (request, reply) => {
    const file = formBody(request.body).file
    if (!Buffer.isBuffer(file) || file.length === 0) {
      return page(db, request, reply, {
        errors: fieldError('file', 'Select a CSV file of population estimates'),
      })
    }
    const { rows, problems } = readPopulationCsv(file.toString('utf8'))
    if (problems.length) {
      const message = `The file has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}: nothing was imported. Correct the rows listed below and upload the file again`
      return page(db, request, reply, {
        errors: fieldError('file', message),
        rowProblems: problems,
      })
    }
    await importPopulation(db, actorOf(request), rows, request.id)
    return reply.redirect('/dataset/settings?saved=population', 303)
  })
}
