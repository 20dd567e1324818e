/**
 * Protection's pages and forms, the same way everywhere: a page for the record the route names
 * (a 404 when its id does not parse), and a form post that parses the body, runs the command,
 * then shows the page again with the errors (400), gives a 404, or goes where the command leads.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { choiceItems, fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { render } from '../../../platform/http/web.js'
import { isRefusal, type Refusal } from '../../../platform/refusal.js'
import { CATEGORY_NAMES, ChildIdParams, IdParams, type FormResult } from '../schema.js'
import type { NotFound } from '../service/shared.js'

export const NO_ERRORS: GovukErrors = { summary: [], fields: {} }

/** The category of abuse or neglect, as a select headed by an empty choice. */
export const categoryItems = (selected: unknown) =>
  choiceItems(CATEGORY_NAMES, selected, { blank: 'Select a category' })

/** A form sent back with its errors. */
export interface PageState {
  form?: Record<string, unknown>
  errors?: GovukErrors
  statusCode?: number
}

export type ShowPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state?: PageState,
) => unknown

/** The record a route is about: its `:id`, else its `:childId`; undefined when neither parses. */
export function routeId(request: FastifyRequest): string | undefined {
  const params = IdParams.safeParse(request.params)
  if (params.success) return params.data.id
  return ChildIdParams.safeParse(request.params).data?.childId
}

/** A GET handler: the page of the route's record, or a 404. */
export function pageOf(show: ShowPage) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const id = routeId(request)
    if (!id) return reply.callNotFound()
    return show(request, reply, id)
  }
}

/** Renders a page with a form on it: its errors, and its status (400 when sent back). */
export function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  context: Record<string, unknown>,
  state: PageState,
) {
  return render(
    request,
    reply,
    view,
    { ...context, errors: state.errors ?? NO_ERRORS },
    state.statusCode ?? 200,
  )
}

function isNotFound(value: unknown): value is NotFound {
  return (value as { kind?: unknown } | null)?.kind === 'not-found'
}

/** A POST handler for a form on the route's record's page. */
export function postForm<T, O>(steps: {
  show: ShowPage
  parse: (body: Record<string, unknown>) => FormResult<T>
  run: (request: FastifyRequest, id: string, input: T) => Promise<O | NotFound | Refusal>
  next: (id: string, outcome: O) => string
}) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const id = routeId(request)
    if (!id) return reply.callNotFound()
    const body = formBody(request.body)
    const refuse = (errors: GovukErrors) =>
      steps.show(request, reply, id, { form: body, errors, statusCode: 400 })
    const form = steps.parse(body)
    if (!form.success) return refuse(form.errors)
    const outcome = await steps.run(request, id, form.data)
    if (isNotFound(outcome)) return reply.callNotFound()
    if (isRefusal(outcome)) return refuse(fieldError(outcome.field, outcome.message))
    return reply.redirect(steps.next(id, outcome), 303)
  }
}
