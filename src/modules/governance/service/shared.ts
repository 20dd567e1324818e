import type { Db, Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { isRefusal, refusable, refuse } from '../../../platform/refusal.js'

/**
 * What every governance service shares. Every command is one transaction bound to the actor's
 * partnership, with its audit event.
 */

import { audit, scoped, type Ctx } from '../../../platform/acting.js'

export { audit, scoped, type Ctx }

export type Invalid = { kind: 'invalid'; field: string; message: string }

/** Stops a command: its transaction rolls back and `command` gives the caller `{ kind: 'invalid' }`. */
export function invalid(field: string, message: string): never {
  return refuse(field, message)
}

/** A command: one transaction whose refusals (`invalid`) roll back whatever it wrote. */
export async function command<T>(
  db: Db,
  actor: Actor,
  work: (trx: Trx) => Promise<T>,
): Promise<T | Invalid> {
  const outcome = await refusable(() => scoped(db, actor, work))
  return isRefusal(outcome)
    ? { kind: 'invalid', field: outcome.field, message: outcome.message }
    : outcome
}

export function formatDay(value: string | null): string {
  if (!value) return ''
  return new Date(`${value}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/** The outcome of most commands: saved, a record that is not there, or a value refused. */
export type SimpleOutcome = { kind: 'saved'; id: string } | { kind: 'not-found' } | Invalid

/** What a paper may be: documents and spreadsheets a board reads, checked by their first bytes. */
export function paperType(bytes: Buffer): { contentType: string; extension: string } | null {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte)
  if (starts(0x25, 0x50, 0x44, 0x46)) return { contentType: 'application/pdf', extension: 'pdf' }
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    const text = bytes.subarray(0, Math.min(bytes.length, 4000)).toString('latin1')
    if (text.includes('word/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
      }
    }
    if (text.includes('xl/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
      }
    }
    if (text.includes('ppt/')) {
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        extension: 'pptx',
      }
    }
    return null
  }
  return null
}
