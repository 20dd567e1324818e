import type { z } from 'zod'
import type { Trx } from '../../../db/database.js'
import * as repo from '../repo.js'
import type { Ctx } from '../service/shared.js'

// What every importer shares: the row errors, the lookups of bodies and agencies by name

export interface RowError {
  row: number
  column: string
  message: string
}

export type Importer = (
  trx: Trx,
  ctx: Ctx,
  rows: Record<string, string>[],
  errors: RowError[],
) => Promise<number>

/** Lists inside one cell: one per line, or separated by ' | '. */
export function splitList(value: string): string[] {
  return value
    .split(/\r?\n|\s\|\s/)
    .map(item => item.trim())
    .filter(Boolean)
}

export const COLUMN_OF: Record<string, string> = {
  memberName: 'member',
  agencyId: 'agency',
  startsOn: 'starts_on',
  endsOn: 'ends_on',
  deputyName: 'deputy',
  heldOn: 'held_on',
  contributionType: 'contribution_type',
  ownerName: 'owner',
  reviewOn: 'review_on',
  raisedOn: 'raised_on',
  raisedBy: 'raised_by',
  closedOn: 'closed_on',
}

export function zodErrors(
  row: number,
  error: z.ZodError,
  columns: Record<string, string> = {},
): RowError[] {
  const seen = new Set<string>()
  const errors: RowError[] = []
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (seen.has(field)) continue
    seen.add(field)
    errors.push({
      row,
      column: columns[field] ?? COLUMN_OF[field] ?? field,
      message: issue.message,
    })
  }
  return errors
}

export function lookups(trx: Trx, ctx: Ctx) {
  const bodies = new Map<string, Awaited<ReturnType<typeof repo.findBodyByName>>>()
  let agencies: Awaited<ReturnType<typeof repo.listAgencies>> | null = null
  return {
    async body(name: string) {
      const key = name.toLowerCase()
      if (!bodies.has(key))
        bodies.set(key, await repo.findBodyByName(trx, ctx.actor.partnershipId, name))
      return bodies.get(key)
    },
    async agencyId(name: string): Promise<string | null | undefined> {
      if (!name) return null
      agencies ??= await repo.listAgencies(trx, ctx.actor.partnershipId)
      return agencies.find(a => a.name.toLowerCase() === name.toLowerCase())?.id
    },
  }
}

export const unknownBody = (row: number, name: string): RowError => ({
  row,
  column: 'body',
  message: name ? `There is no body called ${name}: add it first` : 'Enter the name of the body',
})
/** A service's refusal of an imported row, on the spreadsheet column of the refused field. */
export const refusedRow = (row: number, refusal: { field: string; message: string }): RowError => ({
  row,
  column: COLUMN_OF[refusal.field] ?? refusal.field,
  message: refusal.message,
})
export const unknownAgency = (row: number, name: string, column = 'agency'): RowError => ({
  row,
  column,
  message: `There is no agency called ${name}: add it in Administration first, or leave the column blank`,
})
