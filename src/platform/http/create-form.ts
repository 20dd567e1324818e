/**
 * The two routes that add a record, the same way everywhere: GET `<path>/new` shows the empty
 * form; POST `<path>` parses it, runs the command and goes to the page `next` names, or shows the
 * form again with the errors or the command's refusal beside the fields (nothing written).
 *
 *   createFormRoutes(app, {
 *     path: '/registers/fgm',
 *     access: permission('register', 'create'),
 *     schema: ReferralForm,
 *     page: formPage,
 *     run: (request, input) => referFgm(db, ctxOf(request), input),
 *     next: outcome => `/registers/fgm/${outcome.id}?saved=referred`,
 *   })
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodType } from 'zod'
import type { GovukErrors } from '../forms.js'
import type { RouteAccess } from '../permissions.js'
import type { NotFound } from '../record-commands.js'
import type { Refusal } from '../refusal.js'
import { sendForm } from './form-post.js'

/** A page that holds a form for a new record, empty or sent back with its errors. */
export type FormPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  form: Record<string, unknown>,
  errors?: GovukErrors,
) => unknown

export function createFormRoutes<T, O>(
  app: FastifyInstance,
  options: {
    path: string
    access: RouteAccess
    schema: ZodType<T>
    page: FormPage
    run: (request: FastifyRequest, input: T) => Promise<O | Refusal | NotFound>
    next: (outcome: O) => string
  },
): void {
  const config = { config: { access: options.access } }
  app.get(`${options.path}/new`, config, (request, reply) => options.page(request, reply, {}))
  app.post(options.path, config, (request, reply) =>
    sendForm(request, reply, options.schema, {
      run: input => options.run(request, input),
      show: state => options.page(request, reply, state.form, state.errors),
      done: outcome => reply.redirect(options.next(outcome), 303),
    }),
  )
}
