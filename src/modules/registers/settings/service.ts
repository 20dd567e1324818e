import type { Db } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { type Ctx, audit, registerSettings, scoped } from '../shared.js'
import type { SettingsInput } from './schema.js'

/** The partnership's register settings, as the settings page shows them. */
export function readSettings(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => registerSettings(trx))
}

/**
 * Saves the risk levels and the repeat-missing rule. A risk level held by a child in the cohort
 * cannot be taken away: their entry would show a level the partnership no longer uses.
 */
export function saveSettings(
  db: Db,
  ctx: Ctx,
  input: SettingsInput,
): Promise<{ kind: 'saved' } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const held = await trx
        .selectFrom('exploitationEntry')
        .select('riskLevel')
        .distinct()
        .where('removedOn', 'is', null)
        .execute()
      const missing = held.map(h => h.riskLevel).filter(level => !input.riskLevels.includes(level))
      if (missing.length)
        refuse(
          'riskLevels',
          `Children in the cohort have the risk level ${missing.map(l => `‘${l}’`).join(', ')}: keep it, or change their risk level first`,
        )
      const values = {
        riskLevels: input.riskLevels,
        repeatMissingEpisodes: input.repeatMissingEpisodes,
        repeatMissingDays: input.repeatMissingDays,
        updatedAt: new Date(),
      }
      await trx
        .insertInto('registerSetting')
        .values({ partnershipId: ctx.actor.partnershipId, ...values })
        .onConflict(oc => oc.column('partnershipId').doUpdateSet(values))
        .execute()
      await audit(trx, ctx, {
        action: 'register.settings.updated',
        resourceType: 'register-setting',
        resourceId: ctx.actor.partnershipId,
        fields: { ...input },
      })
      return { kind: 'saved' as const }
    }),
  )
}
