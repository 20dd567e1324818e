/**
 * The census-aligned records a period's DfE figures are computed from, read through the owning
 * modules' query functions (ADR 0005): the dataset names none of their tables.
 */
import type { Trx } from '../../../db/database.js'
import {
  assessmentsAuthorisedIn,
  cinEpisodesFor,
  protectionPlansFor,
  section47sFor,
  type AssessmentRow,
  type CinEpisodeRow,
  type ProtectionPlanRow,
  type Section47Row,
} from '../../children/queries.js'
import {
  strategyDiscussionDates,
  type StrategyDiscussionDateRow,
} from '../../protection/queries.js'
import type { IsoDate } from '../../../platform/working-days.js'

export interface CinRecords {
  episodes: CinEpisodeRow[]
  assessments: AssessmentRow[]
  section47s: Section47Row[]
  plans: ProtectionPlanRow[]
  discussions: StrategyDiscussionDateRow[]
}

export async function readCinRecords(
  trx: Trx,
  window: { from: IsoDate; to: IsoDate },
): Promise<CinRecords> {
  const episodes = await cinEpisodesFor(trx, window)
  const assessments = await assessmentsAuthorisedIn(trx, window)
  const section47s = await section47sFor(trx, window)
  const plans = await protectionPlansFor(trx, window)
  const discussions = await strategyDiscussionDates(trx, [
    ...new Set(section47s.map(row => row.episodeId)),
  ])
  return { episodes, assessments, section47s, plans, discussions }
}
