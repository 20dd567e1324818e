/**
 * Refusals: a command that will not do what was asked says why, next to the field, and writes
 * nothing. A refusal is thrown, not returned, so that a transaction it happens in rolls back: a
 * returned refusal would let the transaction commit whatever was written before it.
 *
 *   return refusable(() => inPartnership(db, scope, async trx => {
 *     await insertSomething(trx, ...)
 *     if (clash) refuse('heldOn-day', 'A Section 47 enquiry already started on this date')
 *     return { kind: 'recorded', id }
 *   }))
 */

export interface Refusal {
  kind: 'refused'
  /** The form field the message belongs beside ('form' for the page as a whole). */
  field: string
  message: string
}

export class Refused extends Error {
  readonly statusCode = 400
  readonly code = 'KEEPSAFE_REFUSED'
  constructor(readonly refusal: Refusal) {
    super(refusal.message)
    this.name = 'Refused'
  }
}

/** Stops the command: the transaction it runs in rolls back, and the caller gets the refusal. */
export function refuse(field: string, message: string): never {
  throw new Refused({ kind: 'refused', field, message })
}

export function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'refused'
  )
}

/**
 * Runs a command and turns a refusal thrown inside it into a value, after its transaction has
 * rolled back. Any other error passes through.
 */
export async function refusable<T>(work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof Refused) return error.refusal
    throw error
  }
}
