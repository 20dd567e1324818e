import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { scopeFor } from '../../../platform/permissions.js'
import { parseReturnToken, tokenMatches } from '../cycles/tokens.js'
import type { Ctx } from '../shared.js'
import * as repo from './repo.js'

/**
 * Who answers or reads a return: a signed-in person (the business unit sees every return, an
 * agency lead only their agency's), or the holder of the return's own link (that return only).
 */
export type Respondent =
  { kind: 'user'; ctx: Ctx } | { kind: 'link'; token: string; requestId: string }

export interface Scope {
  partnershipId: string
  userId: string | null
  requestId: string
}

function scopeOf(who: Respondent): Scope | null {
  if (who.kind === 'user') {
    return {
      partnershipId: who.ctx.actor.partnershipId,
      userId: who.ctx.actor.userId,
      requestId: who.ctx.requestId,
    }
  }
  const parts = parseReturnToken(who.token)
  return parts && { partnershipId: parts.partnershipId, userId: null, requestId: who.requestId }
}

function mayOpen(who: Respondent, row: repo.LoadedReturn): boolean {
  if (who.kind === 'link') {
    const parts = parseReturnToken(who.token)
    return parts !== null && parts.returnId === row.id && tokenMatches(parts.secret, row)
  }
  const scope = scopeFor(who.ctx.actor.roles, 'assurance', 'read')
  if (scope === 'partnership') return true
  return (
    scope === 'agency' && row.agencyId !== null && who.ctx.actor.agencyIds.includes(row.agencyId)
  )
}

/** The return id a respondent names: in the link, or in the URL beside a signed-in person. */
export function returnIdOf(who: Respondent, id: string | null): string | null {
  if (who.kind === 'link') return parseReturnToken(who.token)?.returnId ?? null
  return id
}

/** Runs work on a return the respondent may open, in its partnership; null when they may not. */
export async function withReturn<T>(
  db: Db,
  who: Respondent,
  returnId: string | null,
  work: (trx: Trx, row: repo.LoadedReturn, scope: Scope) => Promise<T>,
): Promise<T | null> {
  const scope = scopeOf(who)
  const id = returnIdOf(who, returnId)
  if (!scope || !id) return null
  return inPartnership(
    db,
    { partnershipId: scope.partnershipId, userId: scope.userId },
    async trx => {
      const row = await repo.findReturn(trx, scope.partnershipId, id)
      if (!row || !mayOpen(who, row)) return null
      return work(trx, row, scope)
    },
  )
}
