import type { FastifyInstance } from 'fastify'
import type { Db } from '../../../db/database.js'
import { formBody, toGovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { RAG_RATINGS } from '../schema.js'
import { type RiskMatrix, SCORES, riskMatrix, saveRiskMatrix } from '../service/risk-matrix.js'
import { ctxOf, view } from './shared.js'
import { afterChange } from './notices.js'

const cellName = (likelihood: number, impact: number) => `cell-${likelihood}-${impact}`

/** Reads the 25 ratings of a posted matrix; a cell left out or not a rating is a field error. */
function readMatrix(body: Record<string, unknown>) {
  const errors: Record<string, { text: string }> = {}
  const cells: RiskMatrix = SCORES.map(likelihood =>
    SCORES.map(impact => {
      const value = body[cellName(likelihood, impact)]
      if (typeof value === 'string' && value in RAG_RATINGS) return value
      errors[cellName(likelihood, impact)] = {
        text: `Select the rating for likelihood ${likelihood} and impact ${impact}`,
      }
      return ''
    }),
  )
  return { cells, errors }
}

/** The partnership's risk matrix: which RAG rating each likelihood × impact pair gives. */
export function registerRiskMatrixRoutes(app: FastifyInstance, db: Db): void {
  const page = (matrix: RiskMatrix, canEdit: boolean) => ({
    title: 'Risk matrix',
    // Likelihood 5 at the top, as risk matrices are printed.
    rows: [...SCORES].reverse().map(likelihood => ({
      likelihood,
      cells: SCORES.map(impact => ({
        impact,
        name: cellName(likelihood, impact),
        rag: matrix[likelihood - 1]?.[impact - 1] ?? '',
        score: likelihood * impact,
      })),
    })),
    impacts: SCORES,
    rags: RAG_RATINGS,
    canEdit,
  })

  app.get(
    '/risks/matrix',
    { config: { access: permission('governance', 'read') } },
    async (request, reply) => {
      const actor = actorOf(request)
      const matrix = await riskMatrix(db, actor)
      return render(
        request,
        reply,
        view('risk-matrix'),
        page(matrix, can(actor.roles, 'governance', 'update')),
      )
    },
  )

  app.post(
    '/risks/matrix',
    { config: { access: permission('governance', 'update') } },
    async (request, reply) => {
      const { cells, errors } = readMatrix(formBody(request.body))
      if (Object.keys(errors).length) {
        return render(
          request,
          reply,
          view('risk-matrix'),
          { ...page(cells, true), errors: toGovukErrors(errors) },
          400,
        )
      }
      await saveRiskMatrix(db, ctxOf(request), cells)
      return reply.redirect(afterChange('/governance/risks/matrix', 'risk-matrix-saved'), 303)
    },
  )
}
