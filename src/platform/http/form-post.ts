/**
 * A posted form, the same way everywhere: the form parsed by its schema, its command run, then
 * either the page again with the errors or the command's refusal beside the fields (nothing
 * written), a 404 when the record is not there, or the page the command leads to.
 *
 *   app.post(`${BASE}/:id/reach`, { config: { access } }, (request, reply) =>
 *     sendForm(request, reply, ReachForm, {
 *       run: input => recordReach(db, ctxOf(request), id, input),
 *       show: state => page(request, reply, state),
 *       done: () => reply.redirect(`${BASE}/${id}#reach`, 303),
 *     }),
 *   )
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodType } from 'zod'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../forms.js'
import type { RouteAccess } from '../permissions.js'
import type { NotFound } from '../record-commands.js'
import { isRefusal, type Refusal } from '../refusal.js'

/** A form sent back with its errors, shown beside the fields. */
export interface FormState {
  form: Record<string, unknown>
  errors: GovukErrors
  status: number
}

export interface FormSteps<T, O> {
  run: (input: T) => Promise<O | Refusal | NotFound>
  show: (state: FormState) => unknown
  done: (outcome: O) => unknown
}

export async function sendForm<T, O>(
  request: FastifyRequest,
  reply: FastifyReply,
  schema: ZodType<T>,
  steps: FormSteps<T, O>,
): Promise<unknown> {
  const body = formBody(request.body)
  const { _csrf: _, ...fields } = body
  const input = schema.safeParse(fields)
  if (!input.success)
    return steps.show({ form: body, errors: govukErrors(input.error), status: 400 })
  const outcome = await steps.run(input.data)
  if (isRefusal(outcome))
    return steps.show({
      form: body,
      errors: fieldError(outcome.field, outcome.message),
      status: 400,
    })
  if (isNotFound(outcome)) return reply.callNotFound()
  return steps.done(outcome)
}

function isNotFound(value: unknown): value is NotFound {
  return (value as { kind?: unknown } | null)?.kind === 'not-found'
}

/**
 * A form on one record's page: POST `<path>` with `:id` in it. An id that does not parse is a 404,
 * as is a record the command cannot find.
 */
export function recordFormPost<T, O>(
  app: FastifyInstance,
  path: string,
  options: {
    access: RouteAccess
    params: ZodType<{ id: string }>
    schema: ZodType<T>
    bodyLimit?: number
    run: (request: FastifyRequest, id: string, input: T) => Promise<O | Refusal | NotFound>
    show: (request: FastifyRequest, reply: FastifyReply, state: FormState) => unknown
    done: (reply: FastifyReply, id: string, outcome: O) => unknown
  },
): void {
  const routeOptions = {
    config: { access: options.access },
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  }
  app.post(path, routeOptions, async (request, reply) => {
    const params = options.params.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const { id } = params.data
    return sendForm(request, reply, options.schema, {
      run: input => options.run(request, id, input),
      show: state => options.show(request, reply, state),
      done: outcome => options.done(reply, id, outcome),
    })
  })
}

/**
 * The small forms on one kind of record's page: each is POST `<base>/:id/<path>`, and on success
 * goes back to the record with `?saved=<what>` for its notice.
 */
export function recordPageForms(
  app: FastifyInstance,
  options: {
    base: string
    access: RouteAccess
    params: ZodType<{ id: string }>
    show: (request: FastifyRequest, reply: FastifyReply, state: FormState) => unknown
  },
) {
  return function form<T, O>(
    path: string,
    schema: ZodType<T>,
    run: (request: FastifyRequest, id: string, input: T) => Promise<O | Refusal | NotFound>,
    saved: string = path,
  ): void {
    recordFormPost(app, `${options.base}/:id/${path}`, {
      access: options.access,
      params: options.params,
      schema,
      run,
      show: options.show,
      done: (reply, id) => reply.redirect(`${options.base}/${id}?saved=${saved}`, 303),
    })
  }
}
