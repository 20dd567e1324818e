import type { Db, Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import * as repo from '../repo.js'
import { type Ctx, audit, scoped } from './shared.js'

/**
 * A risk's RAG rating follows from likelihood × impact by the partnership's 5 × 5 matrix, never
 * chosen by hand. cells[likelihood - 1][impact - 1] is the rating of that pair.
 */
export type RiskMatrix = string[][]

export const SCORES = [1, 2, 3, 4, 5] as const

/** The usual local-authority matrix: scores 1 to 6 green, 8 to 12 amber, 15 to 25 red. */
export const DEFAULT_RISK_MATRIX: RiskMatrix = SCORES.map(likelihood =>
  SCORES.map(impact => {
    const score = likelihood * impact
    return score >= 15 ? 'red' : score >= 8 ? 'amber' : 'green'
  }),
)

export function ragFor(matrix: RiskMatrix, likelihood: number, impact: number): string {
  return matrix[likelihood - 1]?.[impact - 1] ?? 'red'
}

export async function riskMatrixIn(trx: Trx, partnershipId: string): Promise<RiskMatrix> {
  const row = await repo.findRiskMatrix(trx, partnershipId)
  return row?.cells ?? DEFAULT_RISK_MATRIX
}

export function riskMatrix(db: Db, actor: Actor): Promise<RiskMatrix> {
  return scoped(db, actor, trx => riskMatrixIn(trx, actor.partnershipId))
}

/** Saves the partnership's matrix and rates every risk on the register again by it. */
export function saveRiskMatrix(db: Db, ctx: Ctx, cells: RiskMatrix): Promise<{ rerated: number }> {
  return scoped(db, ctx.actor, async trx => {
    const before = await riskMatrixIn(trx, ctx.actor.partnershipId)
    await repo.saveRiskMatrix(trx, {
      partnershipId: ctx.actor.partnershipId,
      cells,
      updatedBy: ctx.actor.userId,
    })
    let rerated = 0
    for (const risk of await repo.listRisks(trx, ctx.actor.partnershipId)) {
      const rag = ragFor(cells, risk.likelihood, risk.impact)
      if (rag === risk.rag) continue
      await repo.setRiskRag(trx, risk.id, rag)
      rerated += 1
    }
    await audit(trx, ctx, {
      action: 'governance.risk-matrix.updated',
      resourceType: 'gov-risk-matrix',
      resourceId: ctx.actor.partnershipId,
      fields: { cells: { from: before, to: cells } },
      detail: { rerated },
    })
    return { rerated }
  })
}
