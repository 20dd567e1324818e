/**
 * What the commands on one module's records share: their arguments, an audit writer for the
 * module's resource type, and the wrapper that turns a refusal or a missing record into a value
 * (the transaction rolls back either way, so nothing is written).
 */
import type { Trx } from '../db/database.js'
import { recordAudit } from './audit.js'
import type { Actor } from './http/types.js'
import { refusable, type Refusal } from './refusal.js'

export interface Command<T> {
  actor: Actor
  input: T
  requestId: string
}

export type NotFound = { kind: 'not-found' }

/** Thrown inside a command's transaction when its record is not there (or not visible). */
export class RecordNotFound extends Error {}

export async function recordCommand<T>(work: () => Promise<T>): Promise<T | NotFound | Refusal> {
  try {
    return await refusable(work)
  } catch (error) {
    if (error instanceof RecordNotFound) return { kind: 'not-found' }
    throw error
  }
}

export interface RecordEvent {
  action: string
  id?: string | null
  childId?: string | null
  fields?: Record<string, unknown>
  detail?: Record<string, unknown>
}

/** An audit writer for one resource type, written in the command's own transaction. */
export function auditFor(resourceType: string) {
  return (trx: Trx, actor: Actor, requestId: string, event: RecordEvent) =>
    recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: event.action,
      resourceType,
      resourceId: event.id ?? null,
      childId: event.childId ?? null,
      fields: event.fields ?? null,
      detail: event.detail ?? null,
      requestId,
    })
}
