/**
 * Query strings. A page reads each of its parameters once; a parameter given twice
 * (`?q=a&q=b`, which Fastify hands over as an array) or one the page does not use is bad input:
 * the page answers 400 with a message rather than guessing which value was meant.
 */
import { z } from 'zod'

/** What to say about a query string the page cannot read; shown on the 400 page. */
export function queryProblem(name: string, repeated: boolean): string {
  return repeated
    ? `The web address gives ‘${name}’ more than once: give it once`
    : `The web address has ‘${name}’, which this page does not use`
}

/**
 * A Zod schema for a query string: the object of `shape`, after checking every parameter is
 * named in `shape` and given at most once.
 */
export function queryObject<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = new Set(Object.keys(shape))
  return z
    .record(z.string(), z.unknown())
    .superRefine((raw, context) => {
      for (const [name, value] of Object.entries(raw)) {
        const repeated = Array.isArray(value)
        if (repeated || !known.has(name)) {
          context.addIssue({ code: 'custom', path: [name], message: queryProblem(name, repeated) })
        }
      }
    })
    .pipe(z.object(shape))
}

/** The first problem of a refused query string, in words for the error page. */
export function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The web address could not be understood'
}
