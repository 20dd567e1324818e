/**
 * The page of a record that must stay private even in its existence (a child's death, an
 * allegation against an adult), with the small forms on it (meetings, actions, closure).
 *
 * Page and forms answer 404 to anyone whose roles may not read (or update) the module's resource,
 * as if the record did not exist: that it exists is itself what must not leak. The guard still
 * demands a signed-in person with their second factor; the handler checks the module's rule.
 * Every load of the page goes through the module's `show`, whose service audits the view.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodType } from 'zod'
import type { Db } from '../../db/database.js'
import type { GovukErrors } from '../forms.js'
import { can, permission, type Action, type Resource } from '../permissions.js'
import type { Command, NotFound } from '../record-commands.js'
import type { Refusal } from '../refusal.js'
import { ctxOf } from '../acting.js'
import { actorOf } from './access.js'
import { sendForm } from './form-post.js'

/** A form sent back with its errors, shown on the record's page beside the fields. */
export interface RecordPageState {
  form?: Record<string, unknown>
  errors?: GovukErrors
  status?: number
}

export type ShowRecord = (
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  state?: RecordPageState,
) => Promise<unknown>

export const PRIVATE_RECORD_ACCESS = permission('account', 'read')

export interface PrivateRecordOptions {
  db: Db
  /** The records' path without the id, e.g. `/lado/referrals`. */
  path: string
  resource: Resource
  params: ZodType<{ id: string }>
  bodyLimit: number
  show: ShowRecord
}

export function privateRecordPage(app: FastifyInstance, options: PrivateRecordOptions) {
  const { db, path, params, show } = options
  const may = (request: FastifyRequest, action: Action) =>
    can(actorOf(request).roles, options.resource, action)

  app.get(`${path}/:id`, { config: { access: PRIVATE_RECORD_ACCESS } }, async (request, reply) => {
    const parsed = params.safeParse(request.params)
    if (!parsed.success || !may(request, 'read')) return reply.callNotFound()
    return show(request, reply, parsed.data.id)
  })

  /**
   * One of the record's forms: parsed, its command run (as the signed-in person, on this record),
   * then the record or its errors.
   */
  function form<T>(
    formPath: string,
    schema: ZodType<T>,
    command: (db: Db, command: Command<T> & { id: string }) => Promise<unknown>,
  ): void {
    app.post(
      `${path}/:id/${formPath}`,
      { config: { access: PRIVATE_RECORD_ACCESS }, bodyLimit: options.bodyLimit },
      async (request, reply) => {
        const parsed = params.safeParse(request.params)
        if (!parsed.success || !may(request, 'update')) return reply.callNotFound()
        const { id } = parsed.data
        return sendForm(request, reply, schema, {
          run: input => command(db, { ...ctxOf(request), id, input }),
          show: state => show(request, reply, id, state),
          done: () => reply.redirect(`${path}/${id}`, 303),
        })
      },
    )
  }

  /** The form that records a new one: GET `<path>/new`, POST `<path>`, then the new record. */
  function create<T>(creation: {
    schema: ZodType<T>
    initial: () => Record<string, unknown>
    show: (request: FastifyRequest, reply: FastifyReply, state: RecordPageState) => Promise<unknown>
    command: (db: Db, command: Command<T>) => Promise<{ id: string } | Refusal | NotFound>
  }): void {
    const access = permission(options.resource, 'create')
    app.get(`${path}/new`, { config: { access } }, (request, reply) =>
      creation.show(request, reply, { form: creation.initial() }),
    )
    app.post(path, { config: { access }, bodyLimit: options.bodyLimit }, (request, reply) =>
      sendForm(request, reply, creation.schema, {
        run: input => creation.command(db, { ...ctxOf(request), input }),
        show: state => creation.show(request, reply, state),
        done: outcome => reply.redirect(`${path}/${outcome.id}`, 303),
      }),
    )
  }

  return { may, form, create }
}
