import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { type GovukErrors, fieldError, formBody, govukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { ctxOf, idParam, items } from '../shared.js'
import { addArea, changeRules, createTemplate } from './build.js'
import { ANSWER_WORDS, QUESTION_TYPES } from './definition.js'
import { AreaForm, RulesForm, StandardForm, TemplateForm } from './schema.js'
import { addStandard, listTemplates, readTemplate } from './service.js'

const view = (name: string) => `assurance/templates/views/${name}.njk`

export function registerTemplateRoutes(app: FastifyInstance, db: Db) {
  const create = { config: { access: permission('assurance', 'create') } }

  app.get('/templates', create, async (request, reply) => {
    const templates = await listTemplates(db, ctxOf(request))
    return render(request, reply, view('templates'), {
      title: 'Self-assessment templates',
      templates,
    })
  })

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) => {
    const id = idParam(request)
    const template = id && (await readTemplate(db, ctxOf(request), id))
    if (!template) return reply.callNotFound()
    return render(
      request,
      reply,
      view('template'),
      {
        title: `${template.title}, version ${template.version}`,
        template,
        form,
        errors,
        typeWords: QUESTION_TYPES,
        answerWords: ANSWER_WORDS,
        areaItems: [
          { value: '', text: 'Select an area' },
          ...template.definition.areas.map(a => ({
            value: a.key,
            text: a.title,
            selected: a.key === form.areaKey,
          })),
        ],
        typeItems: items(QUESTION_TYPES, form.questionType, 'Select the type of answer'),
        requiredItems: [
          { value: 'yes', text: 'Yes', checked: form.required !== 'no' },
          { value: 'no', text: 'No', checked: form.required === 'no' },
        ],
      },
      errors ? 400 : 200,
    )
  }
  const newPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('new'),
      { title: 'New self-assessment template', form, errors },
      errors ? 400 : 200,
    )
  app.get('/templates/new', create, (request, reply) =>
    newPage(request, reply, { threshold: '100', targetPercent: '100' }),
  )
  app.post('/templates', create, async (request, reply) => {
    const body = formBody(request.body)
    const form = TemplateForm.safeParse(body)
    if (!form.success) return newPage(request, reply, body, govukErrors(form.error))
    const outcome = await createTemplate(db, ctxOf(request), form.data)
    if (outcome.kind === 'refused')
      return newPage(request, reply, body, fieldError(outcome.field, outcome.message))
    if (outcome.kind === 'not-found') return reply.callNotFound()
    return reply.redirect(`/assurance/templates/${outcome.id}`, 303)
  })

  app.get('/templates/:id', create, (request, reply) => page(request, reply, {}))
  app.post('/templates/:id/standards', create, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = StandardForm.safeParse(body)
    if (!form.success) return page(request, reply, body, govukErrors(form.error))
    const outcome = await addStandard(db, ctxOf(request), id, form.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return page(request, reply, body, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/assurance/templates/${outcome.id}`, 303)
  })

  app.post('/templates/:id/areas', create, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = AreaForm.safeParse(body)
    if (!form.success) return page(request, reply, body, govukErrors(form.error))
    const outcome = await addArea(db, ctxOf(request), id, form.data.areaTitle)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return page(request, reply, body, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/assurance/templates/${outcome.id}`, 303)
  })
  app.post('/templates/:id/rules', create, async (request, reply) => {
    const id = idParam(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const form = RulesForm.safeParse(body)
    if (!form.success) return page(request, reply, body, govukErrors(form.error))
    const outcome = await changeRules(db, ctxOf(request), id, form.data)
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused')
      return page(request, reply, body, fieldError(outcome.field, outcome.message))
    return reply.redirect(`/assurance/templates/${outcome.id}`, 303)
  })
}
