import type { Trx } from '../../db/database.js'

/**
 * Read models of children's records offered to other modules (ADR 0005). Each function takes a
 * transaction already bound to the partnership; merged-away duplicates are never returned.
 */

// ---- Read by the registers module (issue 13): the child a register entry is about ----------

/** What a register shows of a child: enough to recognise them, nothing more. */
export interface RegisterChild {
  id: string
  laChildId: string
  givenName: string | null
  familyName: string | null
  birthDate: string | null
}

/** The child with this LA child ID (letters and digits, as the census holds it), if any. */
export function findRegisterChildByLaId(
  trx: Trx,
  laChildId: string,
): Promise<RegisterChild | undefined> {
  return trx
    .selectFrom('child')
    .select(['id', 'laChildId', 'givenName', 'familyName', 'birthDate'])
    .where('laChildId', '=', laChildId)
    .where('mergedIntoId', 'is', null)
    .executeTakeFirst()
}

/** The children with these ids, by id. */
export async function registerChildren(
  trx: Trx,
  ids: readonly string[],
): Promise<Map<string, RegisterChild>> {
  if (ids.length === 0) return new Map()
  const rows = await trx
    .selectFrom('child')
    .select(['id', 'laChildId', 'givenName', 'familyName', 'birthDate'])
    .where('id', 'in', [...new Set(ids)])
    .execute()
  return new Map(rows.map(row => [row.id, row]))
}

// ---- end of the registers block ------------------------------------------------------------
