import type { Db } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { ageOn } from '../private-fostering/clocks.js'
import { type Ctx, audit, resolveChild, scoped } from '../shared.js'
import * as repo from './repo.js'
import type { DecisionInput, MandatoryReportInput, ReferralInput } from './schema.js'

export type Saved = { kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal

export function referFgm(db: Db, ctx: Ctx, input: ReferralInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const child = await resolveChild(trx, ctx, input)
      const { id } = await repo.insertReferral(trx, {
        partnershipId: ctx.actor.partnershipId,
        childId: child.id,
        referredOn: input.referredOn,
        screeningOutcome: input.screeningOutcome,
        community: input.community,
        createdBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.fgm.referred',
        resourceType: 'fgm-referral',
        resourceId: id,
        childId: child.id,
        fields: {
          referredOn: input.referredOn,
          screeningOutcome: input.screeningOutcome,
          community: input.community,
        },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

export function recordFgmDecision(
  db: Db,
  ctx: Ctx,
  id: string,
  input: DecisionInput,
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const referral = await repo.findReferral(trx, id)
      if (!referral) return { kind: 'not-found' as const }
      if (input.decidedOn < referral.referredOn)
        refuse('decidedOn', 'The decision must be on or after the date of the referral')
      await repo.updateReferral(trx, id, {
        panelDecision: input.decision,
        panelDecidedOn: input.decidedOn,
      })
      await audit(trx, ctx, {
        action: 'register.fgm.decided',
        resourceType: 'fgm-referral',
        resourceId: id,
        childId: referral.childId,
        fields: { decidedOn: input.decidedOn, decision: 'set' },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/**
 * The mandatory report (Serious Crime Act 2015 s.74, FGM Act 2003 s.5B): a known case in a girl
 * under 18, reported to the police by the professional who learnt of it.
 */
export function recordMandatoryReport(
  db: Db,
  ctx: Ctx,
  id: string,
  input: MandatoryReportInput,
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const referral = await repo.findReferral(trx, id)
      if (!referral) return { kind: 'not-found' as const }
      if (referral.screeningOutcome !== 'known-case')
        refuse('reportedOn', 'Only a known case is reported to the police under the mandatory duty')
      if (referral.birthDate && ageOn(referral.birthDate, referral.referredOn) >= 18)
        refuse('reportedOn', 'The mandatory duty applies to girls under 18')
      if (referral.reportedToPoliceOn)
        refuse('reportedOn', 'The report to the police is already recorded')
      await repo.updateReferral(trx, id, {
        reportedToPoliceOn: input.reportedOn,
        reportedBy: input.reportedBy,
      })
      await audit(trx, ctx, {
        action: 'register.fgm.reported',
        resourceType: 'fgm-referral',
        resourceId: id,
        childId: referral.childId,
        fields: { reportedOn: input.reportedOn, reportedBy: 'set' },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}
