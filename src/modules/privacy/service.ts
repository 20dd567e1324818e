import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { actorScope } from '../../platform/actor-scope.js'
import { recordAudit, recordChildViewed } from '../../platform/audit.js'
import { londonToday } from '../../platform/calendar.js'
import type { Actor } from '../../platform/http/types.js'
import { childById, childIdByLaId } from '../children/queries.js'
import * as repo from './repo.js'
import { RETENTION_TARGETS, cutOffFor, unitOf } from './retention.js'
import type { ContactsInput, RetentionInput } from './schema.js'
import { subjectAccessExport } from './subject-access.js'

/**
 * Privacy: the partnership's data protection contacts for its privacy notice, and its retention
 * rules (years per record type, defaults until set), applied by a daily job or on demand.
 */

export interface Ctx {
  actor: Actor
  requestId: string
}

const scoped = <T>(db: Db, ctx: Ctx, work: (trx: Trx) => Promise<T>) =>
  inPartnership(db, actorScope(ctx.actor), work)

/** The contacts of the visitor's partnership, or of every partnership for a visitor signed out. */
export async function privacyContacts(db: Db, partnershipId: string | null) {
  const partnerships = await repo.listPartnerships(db)
  const shown = partnerships.filter(p => !partnershipId || p.id === partnershipId)
  return Promise.all(
    shown.map(async p => ({
      name: p.name,
      ...(await inPartnership(db, { partnershipId: p.id, userId: null }, trx =>
        repo.findSetting(trx),
      )),
    })),
  )
}

export function privacySettings(db: Db, ctx: Ctx) {
  return scoped(db, ctx, async trx => {
    const setting = await repo.findSetting(trx)
    const rules = await repo.listRules(trx)
    const today = londonToday()
    const types = []
    for (const [type, target] of Object.entries(RETENTION_TARGETS)) {
      const keepYears =
        rules.find(rule => rule.recordType === type)?.keepYears ?? target.defaultYears
      const unit = unitOf(target)
      const before = cutOffFor(today, keepYears, unit)
      types.push({
        type,
        label: target.label,
        unit,
        keepYears,
        defaultYears: target.defaultYears,
        before,
        // The dry run: how many records the rule would remove today.
        due: await target.count(trx, before),
      })
    }
    return { setting, types }
  })
}

export function saveContacts(db: Db, ctx: Ctx, input: ContactsInput) {
  return scoped(db, ctx, async trx => {
    await trx
      .insertInto('privacySetting')
      .values({ partnershipId: ctx.actor.partnershipId, ...input })
      .onConflict(conflict =>
        conflict.column('partnershipId').doUpdateSet({ ...input, updatedAt: new Date() }),
      )
      .execute()
    await recordAudit(trx, {
      partnershipId: ctx.actor.partnershipId,
      userId: ctx.actor.userId,
      requestId: ctx.requestId,
      action: 'privacy.contacts.updated',
      resourceType: 'privacy-setting',
      resourceId: ctx.actor.partnershipId,
      fields: input,
    })
  })
}

export function saveRetention(db: Db, ctx: Ctx, input: RetentionInput) {
  return scoped(db, ctx, async trx => {
    for (const [recordType, keepYears] of Object.entries(input))
      await trx
        .insertInto('retentionRule')
        .values({ partnershipId: ctx.actor.partnershipId, recordType, keepYears })
        .onConflict(conflict =>
          conflict.columns(['partnershipId', 'recordType']).doUpdateSet({ keepYears }),
        )
        .execute()
    await recordAudit(trx, {
      partnershipId: ctx.actor.partnershipId,
      userId: ctx.actor.userId,
      requestId: ctx.requestId,
      action: 'privacy.retention.updated',
      resourceType: 'retention-rule',
      resourceId: ctx.actor.partnershipId,
      fields: input,
    })
  })
}

/**
 * Removes every record past its rule, in one transaction with one audit event that gives the
 * counts (never what was removed). `userId` is null when the job runs it.
 */
export function applyRetention(
  db: Db,
  scope: { partnershipId: string; userId: string | null; requestId: string | null },
) {
  return inPartnership(db, scope, async trx => {
    const rules = await repo.listRules(trx)
    const today = londonToday()
    const removed: Record<string, number> = {}
    for (const [type, target] of Object.entries(RETENTION_TARGETS)) {
      const keepYears =
        rules.find(rule => rule.recordType === type)?.keepYears ?? target.defaultYears
      removed[type] = await target.remove(trx, cutOffFor(today, keepYears, unitOf(target)))
    }
    await recordAudit(trx, {
      partnershipId: scope.partnershipId,
      userId: scope.userId,
      requestId: scope.requestId,
      action: 'privacy.retention.applied',
      resourceType: 'retention-rule',
      resourceId: scope.partnershipId,
      detail: { removed, on: today },
    })
    return removed
  })
}

/**
 * The child with this LA child ID, for the subject access page: who they are, audited as a view
 * of the child (the page shows their name and date of birth).
 */
export function childForSubjectAccess(db: Db, ctx: Ctx, laChildId: string) {
  const { actor } = ctx
  return scoped(db, ctx, async trx => {
    const id = await childIdByLaId(trx, actor.partnershipId, laChildId)
    const child = id ? await childById(trx, actor.partnershipId, id) : undefined
    if (!child) return null
    await recordChildViewed(trx, actor, {
      childId: child.id,
      requestId: ctx.requestId,
      detail: { for: 'subject-access' },
    })
    return child
  })
}

/** A child's subject access export, audited against the child; null when there is no such child. */
export function exportSubjectAccess(db: Db, ctx: Ctx, childId: string) {
  const { actor } = ctx
  return scoped(db, ctx, async trx => {
    const made = await subjectAccessExport(trx, {
      partnershipId: actor.partnershipId,
      partnershipName: actor.partnershipName,
      childId,
      madeBy: `${actor.displayName} (${actor.email})`,
    })
    if (!made) return null
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'child.subject-access-exported',
      resourceType: 'child',
      resourceId: childId,
      childId,
      detail: { files: made.files },
      requestId: ctx.requestId,
    })
    return made
  })
}
