import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

/** Campaigns with their total reach, latest first. */
export function listCampaigns(trx: Trx, period?: { from: string; to: string }) {
  let query = trx
    .selectFrom('engCampaign')
    .leftJoin('engCampaignReach', 'engCampaignReach.campaignId', 'engCampaign.id')
    .select([
      'engCampaign.id',
      'engCampaign.title',
      'engCampaign.startsOn',
      'engCampaign.endsOn',
      'engCampaign.audience',
      'engCampaign.channels',
      'engCampaign.actionId',
      'engCampaign.actionLabel',
      sql<string>`coalesce(sum(eng_campaign_reach.value), 0)`.as('reach'),
    ])
    .groupBy('engCampaign.id')
    .orderBy('engCampaign.startsOn', 'desc')
    .orderBy('engCampaign.title')
  // A campaign counts in a period when it ran during any part of it.
  if (period)
    query = query
      .where('engCampaign.startsOn', '<=', period.to)
      .where('engCampaign.endsOn', '>=', period.from)
  return query.execute()
}

export function findCampaign(trx: Trx, id: string) {
  return trx.selectFrom('engCampaign').selectAll().where('id', '=', id).executeTakeFirst()
}

export function listReach(trx: Trx, campaignIds: string[]) {
  if (campaignIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('engCampaignReach')
    .leftJoin('agency', 'agency.id', 'engCampaignReach.agencyId')
    .select([
      'engCampaignReach.id',
      'engCampaignReach.campaignId',
      'engCampaignReach.measure',
      'engCampaignReach.channel',
      'engCampaignReach.agencyId',
      'agency.name as agencyName',
      'engCampaignReach.value',
      'engCampaignReach.recordedOn',
    ])
    .where('engCampaignReach.campaignId', 'in', campaignIds)
    .orderBy('engCampaignReach.recordedOn')
    .orderBy('engCampaignReach.channel')
    .execute()
}
