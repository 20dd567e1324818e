import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { listActiveAgencies } from '../../../platform/directory.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addEvidence, planActionChoices } from '../../governance/service.js'
import * as repo from '../repo/campaigns.js'
import type { CampaignInput, ReachInput } from '../schema/campaigns.js'
import { type Ctx, audit, scoped } from '../shared.js'

/**
 * Campaigns: their audience, dates, channels and materials, the reach counted per channel and
 * agency, and the business plan action a campaign is evidence for.
 */

export function listCampaigns(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listCampaigns(trx))
}

export function createCampaign(db: Db, ctx: Ctx, input: CampaignInput) {
  return scoped(db, ctx.actor, async trx => {
    const { id } = await trx
      .insertInto('engCampaign')
      .values({ partnershipId: ctx.actor.partnershipId, ...input })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'engagement.campaign.created',
      resourceType: 'eng-campaign',
      resourceId: id,
      fields: input,
    })
    return id
  })
}

/** Reach summed by channel and by agency (reach given by no agency counts as the partnership's). */
export function reachTotals(
  reach: { channel: string; agencyName: string | null; value: number }[],
) {
  const sum = (key: (row: (typeof reach)[number]) => string) => {
    const totals = new Map<string, number>()
    for (const row of reach) totals.set(key(row), (totals.get(key(row)) ?? 0) + row.value)
    return [...totals].map(([name, value]) => ({ name, value }))
  }
  return {
    byChannel: sum(row => row.channel),
    byAgency: sum(row => row.agencyName ?? 'The partnership'),
    total: reach.reduce((total, row) => total + row.value, 0),
  }
}

export function campaignPage(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const campaign = await repo.findCampaign(trx, id)
    if (!campaign) return null
    const reach = await repo.listReach(trx, [id])
    return {
      campaign,
      reach,
      totals: reachTotals(reach),
      agencies: await listActiveAgencies(trx, ctx.actor.partnershipId),
    }
  })
}

async function activeAgency(trx: Trx, ctx: Ctx, agencyId: string | null) {
  if (!agencyId) return true
  const agencies = await listActiveAgencies(trx, ctx.actor.partnershipId)
  return agencies.some(agency => agency.id === agencyId)
}

export function recordReach(db: Db, ctx: Ctx, campaignId: string, input: ReachInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const campaign = await repo.findCampaign(trx, campaignId)
      if (!campaign) return { kind: 'not-found' } as const
      if (!(await activeAgency(trx, ctx, input.agencyId)))
        refuse('agencyId', 'Select the agency from the list')
      if (input.recordedOn < campaign.startsOn)
        refuse(
          'recordedOn-day',
          'The date the reach was counted must be on or after the campaign starts',
        )
      if (input.recordedOn > londonToday())
        refuse('recordedOn-day', 'The date the reach was counted must be today or in the past')
      const { id } = await trx
        .insertInto('engCampaignReach')
        .values({ partnershipId: ctx.actor.partnershipId, campaignId, ...input })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'engagement.campaign-reach.created',
        resourceType: 'eng-campaign',
        resourceId: campaignId,
        fields: { reachId: id, ...input },
      })
      return { kind: 'saved' } as const
    }),
  )
}

export function campaignActionChoices(db: Db, ctx: Ctx) {
  return planActionChoices(db, ctx.actor)
}

/**
 * The campaign becomes evidence of a business plan action: governance records the evidence (its
 * own command and transaction), then the campaign remembers the action it supports.
 */
export async function linkCampaignEvidence(db: Db, ctx: Ctx, campaignId: string, actionId: string) {
  const found = await scoped(db, ctx.actor, async trx => {
    const campaign = await repo.findCampaign(trx, campaignId)
    if (!campaign) return null
    return { campaign, totals: reachTotals(await repo.listReach(trx, [campaignId])) }
  })
  if (!found) return { kind: 'not-found' } as const
  const { campaign, totals } = found
  if (campaign.actionId === actionId)
    return refused('The campaign is already evidence for this action')
  const choice = (await campaignActionChoices(db, ctx)).find(action => action.id === actionId)
  if (!choice) return refused('Select the business plan action')
  const added = await addEvidence(db, ctx, actionId, {
    recordedOn: londonToday(),
    text: `Campaign "${campaign.title}" (${campaign.startsOn} to ${campaign.endsOn}) for ${
      campaign.audience
    }: reach ${totals.total.toLocaleString('en-GB')}. Details: /engagement/campaigns/${campaign.id}`.slice(
      0,
      5000,
    ),
    attachment: null,
  })
  if (added.kind === 'not-found') return refused('Select the business plan action')
  if (added.kind === 'invalid') return refused(added.message)
  await scoped(db, ctx.actor, async trx => {
    await trx
      .updateTable('engCampaign')
      .set({ actionId, actionLabel: choice.label.slice(0, 1000) })
      .where('id', '=', campaignId)
      .execute()
    await audit(trx, ctx, {
      action: 'engagement.campaign.linked',
      resourceType: 'eng-campaign',
      resourceId: campaignId,
      fields: { actionId: { from: campaign.actionId, to: actionId } },
    })
  })
  return { kind: 'linked' } as const
}

const refused = (message: string) => ({ kind: 'refused', field: 'actionId', message }) as const

/** The list's download: one row per campaign with its reach. */
export function campaignTable(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => {
    const campaigns = await repo.listCampaigns(trx)
    const reach = await repo.listReach(
      trx,
      campaigns.map(c => c.id),
    )
    await audit(trx, ctx, {
      action: 'engagement.campaigns.exported',
      resourceType: 'eng-campaign',
      resourceId: 'list',
    })
    const header = [
      'Campaign',
      'Starts',
      'Ends',
      'Audience',
      'Channels',
      'Reach by channel',
      'Total reach',
      'Business plan action',
    ]
    const rows = campaigns.map(c => {
      const totals = reachTotals(reach.filter(r => r.campaignId === c.id))
      return [
        c.title,
        c.startsOn,
        c.endsOn,
        c.audience,
        c.channels,
        totals.byChannel.map(t => `${t.name}: ${t.value}`).join('; '),
        totals.total,
        c.actionLabel ?? '',
      ]
    })
    return { header, rows }
  })
}
