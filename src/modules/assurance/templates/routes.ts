import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodType } from 'zod'
import type { Db } from '../../../db/database.js'
import { RecordIdParams } from '../../../platform/form-fields.js'
import type { FormPage } from '../../../platform/http/create-form.js'
import { recordFormPost, sendForm } from '../../../platform/http/form-post.js'
import { renderFormPage } from '../../../platform/http/form-page.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import type { NotFound } from '../../../platform/record-commands.js'
import type { Refusal } from '../../../platform/refusal.js'
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

  const page: FormPage = async (request, reply, form, errors) => {
    const id = idParam(request)
    const template = id && (await readTemplate(db, ctxOf(request), id))
    if (!template) return reply.callNotFound()
    return renderFormPage(
      request,
      reply,
      view('template'),
      {
        title: `${template.title}, version ${template.version}`,
        template,
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
      { form, errors },
    )
  }
  const newPage: FormPage = (request, reply, form, errors) =>
    renderFormPage(
      request,
      reply,
      view('new'),
      { title: 'New self-assessment template' },
      { form, errors },
    )
  app.get('/templates/new', create, (request, reply) =>
    newPage(request, reply, { threshold: '100', targetPercent: '100' }),
  )
  app.post('/templates', create, (request, reply) =>
    sendForm(request, reply, TemplateForm, {
      run: input => createTemplate(db, ctxOf(request), input),
      show: state => newPage(request, reply, state.form, state.errors),
      done: outcome => reply.redirect(`/assurance/templates/${outcome.id}`, 303),
    }),
  )

  app.get('/templates/:id', create, (request, reply) => page(request, reply, {}))
  /** A form on a template's page; each change makes a new version, which it then shows. */
  const versionForm = <T>(
    path: string,
    schema: ZodType<T>,
    run: (
      request: FastifyRequest,
      id: string,
      input: T,
    ) => Promise<{ kind: 'saved'; id: string } | NotFound | Refusal>,
  ) =>
    recordFormPost(app, `/templates/:id/${path}`, {
      access: create.config.access,
      params: RecordIdParams,
      schema,
      run,
      show: (request, reply, state) => page(request, reply, state.form, state.errors),
      done: (reply, _id, outcome) => reply.redirect(`/assurance/templates/${outcome.id}`, 303),
    })
  versionForm('standards', StandardForm, (request, id, input) =>
    addStandard(db, ctxOf(request), id, input),
  )
  versionForm('areas', AreaForm, (request, id, input) =>
    addArea(db, ctxOf(request), id, input.areaTitle),
  )
  versionForm('rules', RulesForm, (request, id, input) =>
    changeRules(db, ctxOf(request), id, input),
  )
}
