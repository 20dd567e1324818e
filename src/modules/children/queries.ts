/**
 * Read models the children module offers other modules (ADR 0005): plain rows, never builders.
 */
import type { Trx } from '../../db/database.js'
import { SeededRandom } from '../../platform/random.js'
import * as repo from './repo.js'

// --- Case file audit samples (assurance module) --------------------------------------------------

export interface CaseSampleCriteria {
  category: string | null
  teamId: string | null
  /** Age in whole years on the period's last day, inclusive bounds. */
  minAge: number | null
  maxAge: number | null
  from: string
  to: string
}

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number]
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

/** Every child matching the criteria, once each, in a stable order. */
export async function caseSampleCandidates(
  trx: Trx,
  partnershipId: string,
  criteria: CaseSampleCriteria,
): Promise<string[]> {
  const rows = await repo.listCaseSampleCandidates(trx, partnershipId, criteria)
  const ids: string[] = []
  for (const row of rows) {
    if (ids.includes(row.childId)) continue
    if (criteria.minAge !== null || criteria.maxAge !== null) {
      if (!row.birthDate) continue
      const age = ageOn(row.birthDate, criteria.to)
      if (criteria.minAge !== null && age < criteria.minAge) continue
      if (criteria.maxAge !== null && age > criteria.maxAge) continue
    }
    ids.push(row.childId)
  }
  return ids
}

/** Up to `size` of the matching children, drawn at random with a seed so a draw can be repeated. */
export async function drawCaseSample(
  trx: Trx,
  partnershipId: string,
  criteria: CaseSampleCriteria,
  size: number,
  seed: number,
): Promise<string[]> {
  const pool = await caseSampleCandidates(trx, partnershipId, criteria)
  const random = new SeededRandom(seed)
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i)
    const swap = pool[i] as string
    pool[i] = pool[j] as string
    pool[j] = swap
  }
  return pool.slice(0, size)
}

export interface SampledChild {
  childId: string
  laChildId: string
  name: string
  birthDate: string | null
}

export async function sampledChildren(
  trx: Trx,
  partnershipId: string,
  ids: string[],
): Promise<SampledChild[]> {
  const rows = await repo.listChildrenByIds(trx, partnershipId, ids)
  return rows.map(r => ({
    childId: r.id,
    laChildId: r.laChildId,
    name: [r.givenName, r.familyName].filter(Boolean).join(' ') || 'Name not recorded',
    birthDate: r.birthDate,
  }))
}

export async function childIdByLaId(
  trx: Trx,
  partnershipId: string,
  laChildId: string,
): Promise<string | null> {
  return (await repo.findChildByLaId(trx, partnershipId, laChildId))?.id ?? null
}
