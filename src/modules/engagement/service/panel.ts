import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { AccessDenied } from '../../../platform/http/access.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { meetingsToCome } from '../../governance/queries.js'
import { addStandingReportItem } from '../../governance/service.js'
import * as repo from '../repo/panel.js'
import type { ContributionInput, MemberInput } from '../schema/panel.js'
import { type Ctx, audit, scoped } from '../shared.js'

/**
 * The young people's panel. Its members may be children, so the panel keeps only a first name,
 * an age band and whether a parent consented, and only the panel's coordinators (named by the
 * partnership administrator) see them; every look is audited. The board sees the panel's
 * contributions, never its members.
 */

async function requireCoordinator(trx: Parameters<typeof repo.isCoordinator>[0], ctx: Ctx) {
  if (!(await repo.isCoordinator(trx, ctx.actor.userId)))
    throw new AccessDenied('Only the panel’s coordinators may see its members')
}

export function panelPage(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => {
    await requireCoordinator(trx, ctx)
    await audit(trx, ctx, {
      action: 'engagement.panel.listed',
      resourceType: 'eng-panel',
      resourceId: 'members',
    })
    return {
      members: await repo.listMembers(trx),
      contributions: await repo.listContributions(trx),
    }
  })
}

export function addMember(db: Db, ctx: Ctx, input: MemberInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await requireCoordinator(trx, ctx)
      const consent = input.parentalConsent ? 'given' : 'not-needed'
      if (['11-13', '14-15'].includes(input.ageBand) && consent !== 'given')
        refuse('parentalConsent', 'A member under 16 needs the consent of a parent or carer')
      const { id } = await trx
        .insertInto('engPanelMember')
        .values({
          partnershipId: ctx.actor.partnershipId,
          firstName: input.firstName,
          ageBand: input.ageBand,
          parentalConsent: consent,
          joinedOn: londonToday(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // The member's name stays out of the audit trail: the event says only that one joined.
      await audit(trx, ctx, {
        action: 'engagement.panel-member.created',
        resourceType: 'eng-panel-member',
        resourceId: id,
        fields: { ageBand: input.ageBand, parentalConsent: consent },
      })
      return { kind: 'saved' } as const
    }),
  )
}

export function addContribution(db: Db, ctx: Ctx, input: ContributionInput) {
  return scoped(db, ctx.actor, async trx => {
    await requireCoordinator(trx, ctx)
    const { id } = await trx
      .insertInto('engPanelContribution')
      .values({ partnershipId: ctx.actor.partnershipId, contributedOn: londonToday(), ...input })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'engagement.panel-contribution.created',
      resourceType: 'eng-panel-contribution',
      resourceId: id,
      fields: input,
    })
  })
}

const mayName = (ctx: Ctx) =>
  scopeFor(ctx.actor.roles, 'engagement-panel', 'update') === 'partnership'

export function coordinatorsPage(db: Db, ctx: Ctx) {
  if (!mayName(ctx)) throw new AccessDenied('Only the partnership administrator names coordinators')
  return scoped(db, ctx.actor, async trx => ({
    coordinators: await repo.listCoordinators(trx),
    officers: await repo.listOfficers(trx),
  }))
}

export function appointCoordinator(db: Db, ctx: Ctx, userId: string) {
  if (!mayName(ctx)) throw new AccessDenied('Only the partnership administrator names coordinators')
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      if (!(await repo.listOfficers(trx)).some(o => o.id === userId))
        refuse('userId', 'Select a business officer of the partnership')
      if (await repo.isCoordinator(trx, userId))
        refuse('userId', 'This person is already a coordinator')
      await trx
        .insertInto('engPanelCoordinator')
        .values({ partnershipId: ctx.actor.partnershipId, userId })
        .execute()
      await audit(trx, ctx, {
        action: 'engagement.panel-coordinator.created',
        resourceType: 'eng-panel',
        resourceId: userId,
      })
      return { kind: 'saved' } as const
    }),
  )
}

export const PANEL_REPORT = 'young-peoples-panel'

/**
 * The panel's report to the board (a standing item): contributions, how many members, and the
 * meetings still to come with whether each already has the report on its agenda.
 */
export function boardReport(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => ({
    contributions: await repo.listContributions(trx),
    memberCount: (await repo.listMembers(trx)).length,
    meetings: (await meetingsToCome(trx, ctx.actor.partnershipId, londonToday())).map(m => ({
      ...m,
      hasReport: m.reports.includes(PANEL_REPORT),
    })),
  }))
}

/** Governance puts the report on a meeting's agenda; it refuses a meeting already held. */
export async function putReportOnAgenda(db: Db, ctx: Ctx, meetingId: string) {
  const outcome = await addStandingReportItem(db, ctx, meetingId, {
    title: 'The young people’s panel: report to the board',
    presenter: 'The panel’s coordinators',
    report: PANEL_REPORT,
  })
  return outcome.kind === 'invalid'
    ? ({ kind: 'refused', field: outcome.field, message: outcome.message } as const)
    : ({ kind: 'saved' } as const)
}
