import type { Trx } from '../../db/database.js'
import { listCampaigns, listReach } from './repo/campaigns.js'
import { listContributions } from './repo/panel.js'
import { listSurveys } from './repo/surveys.js'
import { reachTotals } from './service/campaigns.js'
import { percent } from './shared.js'

/**
 * Engagement's figures for the annual report (ADR 0005): surveys with their response rates and
 * the young people's panel's contributions in a period, and the campaigns that ran in it with
 * their reach by channel. No respondent or member is named.
 */
export interface SurveyFigureRow {
  title: string
  anonymous: boolean
  responses: number
  invited: number | null
  responseRatePercent: number | null
}

export interface CampaignFigureRow {
  title: string
  startsOn: string
  endsOn: string
  audience: string
  reach: number
  reachByChannel: { name: string; value: number }[]
}

export interface EngagementFigures {
  surveys: SurveyFigureRow[]
  panelContributions: number
  panelDecisionsInfluenced: number
  campaigns: CampaignFigureRow[]
  campaignReach: number
}

async function campaignFigures(trx: Trx, period: { from: string; to: string }) {
  const campaigns = await listCampaigns(trx, period)
  const reach = await listReach(
    trx,
    campaigns.map(c => c.id),
  )
  return campaigns.map(c => {
    const totals = reachTotals(reach.filter(r => r.campaignId === c.id))
    return {
      title: c.title,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      audience: c.audience,
      reach: totals.total,
      reachByChannel: totals.byChannel,
    }
  })
}

export async function engagementFigures(
  trx: Trx,
  period: { from: string; to: string },
): Promise<EngagementFigures> {
  const surveys = (await listSurveys(trx)).filter(s => s.status !== 'draft')
  const contributions = await listContributions(trx, period.from, period.to)
  const campaigns = await campaignFigures(trx, period)
  return {
    surveys: surveys.map(s => ({
      title: s.title,
      anonymous: s.anonymous,
      responses: s.responses,
      invited: s.invitedCount,
      responseRatePercent: percent(s.responses, s.invitedCount),
    })),
    panelContributions: contributions.length,
    panelDecisionsInfluenced: contributions.filter(c => c.influenced).length,
    campaigns,
    campaignReach: campaigns.reduce((total, c) => total + c.reach, 0),
  }
}
