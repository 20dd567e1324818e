import type { FastifyReply, FastifyRequest } from 'fastify'
import type { GovukErrors } from '../forms.js'
import { render } from './web.js'

/** A form as sent back to its page: what was entered and the errors beside the fields. */
export interface FormPageState {
  form?: Record<string, unknown>
  errors?: GovukErrors
}

/**
 * A page that holds a form: the form as sent (or empty) and its errors beside the fields, answered
 * with a 400 when there are errors.
 */
export function renderFormPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  model: Record<string, unknown>,
  state: FormPageState = {},
) {
  return render(
    request,
    reply,
    template,
    { ...model, form: state.form ?? {}, errors: state.errors },
    state.errors ? 400 : 200,
  )
}
