import { randomInt } from 'node:crypto'
import type { Selectable, Updateable } from 'kysely'
import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { listAgencies } from '../../../platform/directory.js'
import { AccessDenied } from '../../../platform/http/access.js'
import { scopeFor } from '../../../platform/permissions.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import {
  type CaseSampleCriteria,
  caseSampleTeams,
  childIdByLaId,
  drawCaseSample,
  sampledChildren,
} from '../../children/queries.js'
import { addAssuranceAction, assuranceActionStates } from '../../governance/service.js'
import type { AsrCaseFormTable, Grade } from '../table.js'
import { type Ctx, audit, scoped } from '../shared.js'
import * as repo from './repo.js'

export const GRADES: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  'requires-improvement': 'Requires improvement',
  inadequate: 'Inadequate',
}
export const THEMES = {
  neglect: 'Neglect',
  fgm: 'Female genital mutilation',
  thresholds: 'Thresholds',
  cse: 'Child sexual exploitation',
  'domestic-abuse': 'Domestic abuse',
  'core-groups': 'Core group frequency',
} as const

const MAX_SAMPLE = 50
type Outcome<T = { kind: 'saved' }> = Promise<T | { kind: 'not-found' } | Refusal>

// Only the business unit sees every case; anyone else, board members included, sees their agency's forms.
const isBusinessUnit = (ctx: Ctx) =>
  scopeFor(ctx.actor.roles, 'case-file-audit', 'create') === 'partnership'

/** An auditor's agencies in this audit; the business unit sees every agency's forms. */
function auditorAgencies(ctx: Ctx, audit: repo.AuditRow): string[] | 'all' {
  if (isBusinessUnit(ctx)) return 'all'
  return audit.agencyIds.filter(id => ctx.actor.agencyIds.includes(id))
}

async function loadAudit(trx: Trx, ctx: Ctx, id: string) {
  const row = await repo.findAudit(trx, ctx.actor.partnershipId, id)
  if (!row) return null
  const agencies = auditorAgencies(ctx, row)
  return agencies === 'all' || agencies.length ? { row, agencies } : null
}

export interface AuditInput {
  title: string
  theme: keyof typeof THEMES
  questions: string[]
  agencyIds: string[]
}

export function createAudit(
  db: Db,
  ctx: Ctx,
  input: AuditInput,
): Outcome<{ kind: 'saved'; id: string }> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const agencies = await listAgencies(trx, ctx.actor.partnershipId)
      if (!input.agencyIds.every(id => agencies.some(a => a.id === id))) {
        refuse('agencyIds', 'Select agencies from the list')
      }
      if (
        (await repo.listAudits(trx, ctx.actor.partnershipId)).some(
          a => a.title.toLowerCase() === input.title.toLowerCase(),
        )
      ) {
        refuse('title', 'There is already a case file audit with this title')
      }
      const { id } = await trx
        .insertInto('asrCaseAudit')
        .values({
          partnershipId: ctx.actor.partnershipId,
          title: input.title,
          theme: input.theme,
          questions: JSON.stringify(input.questions.map((text, i) => ({ key: `q${i + 1}`, text }))),
          agencyIds: JSON.stringify(input.agencyIds),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'assurance.case-audit.created',
        resourceType: 'asr-case-audit',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

async function addSamples(
  trx: Trx,
  ctx: Ctx,
  auditId: string,
  rows: { childId: string | null; reference: string | null }[],
) {
  const existing = await repo.listSamples(trx, auditId)
  if (existing.length + rows.length > MAX_SAMPLE)
    refuse('size', `A sample can have at most ${MAX_SAMPLE} cases`)
  let position = Math.max(0, ...existing.map(s => s.position))
  for (const row of rows) {
    if (row.childId && existing.some(s => s.childId === row.childId)) continue
    position += 1
    await trx
      .insertInto('asrCaseSample')
      .values({ partnershipId: ctx.actor.partnershipId, auditId, position, ...row })
      .execute()
  }
}

/** Draws cases at random (seeded, so the draw can be repeated) from children matching the criteria. */
export function drawSample(
  db: Db,
  ctx: Ctx,
  auditId: string,
  input: { criteria: CaseSampleCriteria; size: number; seed: number | null },
): Outcome<{ kind: 'saved'; drawn: number; seed: number }> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await repo.findAudit(trx, ctx.actor.partnershipId, auditId)
      if (!found) return { kind: 'not-found' as const }
      if (found.status !== 'sampling')
        refuse('size', 'The sample cannot change once auditing has started')
      if (input.criteria.to < input.criteria.from)
        refuse('to', 'The end of the period must be on or after its start')
      const { teamId } = input.criteria
      if (
        teamId &&
        !(await caseSampleTeams(trx, ctx.actor.partnershipId)).some(team => team.id === teamId)
      )
        refuse('teamId', 'Select a team from the list')
      const seed = input.seed ?? randomInt(1, 2 ** 31)
      const ids = await drawCaseSample(
        trx,
        ctx.actor.partnershipId,
        input.criteria,
        input.size,
        seed,
      )
      if (!ids.length) refuse('size', 'No children match these criteria')
      await addSamples(
        trx,
        ctx,
        auditId,
        ids.map(childId => ({ childId, reference: null })),
      )
      await audit(trx, ctx, {
        action: 'assurance.case-audit.sampled',
        resourceType: 'asr-case-audit',
        resourceId: auditId,
        detail: { ...input.criteria, size: input.size, seed, drawn: ids.length },
      })
      return { kind: 'saved' as const, drawn: ids.length, seed }
    }),
  )
}

/** A case entered by its LA child ID; one Keepsafe does not hold is kept as a reference. */
export function addCaseByReference(db: Db, ctx: Ctx, auditId: string, reference: string): Outcome {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await repo.findAudit(trx, ctx.actor.partnershipId, auditId)
      if (!found) return { kind: 'not-found' as const }
      if (found.status !== 'sampling')
        refuse('reference', 'The sample cannot change once auditing has started')
      const childId = await childIdByLaId(trx, ctx.actor.partnershipId, reference)
      await addSamples(trx, ctx, auditId, [{ childId, reference: childId ? null : reference }])
      await audit(trx, ctx, {
        action: 'assurance.case-audit.case-added',
        resourceType: 'asr-case-audit',
        resourceId: auditId,
        detail: { matched: childId !== null },
      })
      return { kind: 'saved' as const }
    }),
  )
}

/** Opens the audit to the agencies: one form per case per agency. */
export function startAuditing(db: Db, ctx: Ctx, auditId: string): Outcome {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await repo.findAudit(trx, ctx.actor.partnershipId, auditId)
      if (!found) return { kind: 'not-found' as const }
      if (found.status !== 'sampling') refuse('form', 'Auditing has already started')
      const samples = await repo.listSamples(trx, auditId)
      if (!samples.length) refuse('form', 'Add cases to the sample before auditing starts')
      for (const sample of samples) {
        for (const agencyId of found.agencyIds) {
          await trx
            .insertInto('asrCaseForm')
            .values({
              partnershipId: ctx.actor.partnershipId,
              auditId,
              sampleId: sample.id,
              agencyId,
            })
            .execute()
        }
      }
      await trx
        .updateTable('asrCaseAudit')
        .set({ status: 'auditing' })
        .where('id', '=', auditId)
        .execute()
      await audit(trx, ctx, {
        action: 'assurance.case-audit.started',
        resourceType: 'asr-case-audit',
        resourceId: auditId,
        detail: { forms: samples.length * found.agencyIds.length },
      })
      return { kind: 'saved' as const }
    }),
  )
}

/** The audit as the actor may see it: the business unit all of it, an auditor their agency's forms. */
export function readAudit(db: Db, ctx: Ctx, auditId: string) {
  return scoped(db, ctx.actor, async trx => {
    const loaded = await loadAudit(trx, ctx, auditId)
    if (!loaded) return null
    const [samples, allForms, links] = await Promise.all([
      repo.listSamples(trx, auditId),
      repo.listForms(trx, auditId),
      repo.listAuditActionLinks(trx, auditId),
    ])
    const forms =
      loaded.agencies === 'all'
        ? allForms
        : allForms.filter(f => (loaded.agencies as string[]).includes(f.agencyId))
    const actions = await assuranceActionStates(
      trx,
      ctx.actor.partnershipId,
      links.map(l => l.govPlanActionId),
    )
    const businessUnit = loaded.agencies === 'all'
    const teams = businessUnit ? await caseSampleTeams(trx, ctx.actor.partnershipId) : []
    return { audit: loaded.row, samples, forms, actions, businessUnit, teams }
  })
}

/** One sampled case with the child's details: only for a case in the sample, and audited. */
export function readCase(db: Db, ctx: Ctx, auditId: string, sampleId: string) {
  return scoped(db, ctx.actor, async trx => {
    const loaded = await loadAudit(trx, ctx, auditId)
    if (!loaded) return null
    const sample = (await repo.listSamples(trx, auditId)).find(s => s.id === sampleId)
    if (!sample) return null
    const [child] = sample.childId
      ? await sampledChildren(trx, ctx.actor.partnershipId, [sample.childId])
      : []
    const forms = (await repo.listForms(trx, auditId)).filter(
      f =>
        f.sampleId === sampleId &&
        (loaded.agencies === 'all' || loaded.agencies.includes(f.agencyId)),
    )
    await audit(trx, ctx, {
      action: 'assurance.case-audit.case-viewed',
      resourceType: sample.childId ? 'child' : 'asr-case-sample',
      resourceId: sample.childId ?? sample.id,
      detail: { auditId, sampleId },
    })
    return { audit: loaded.row, sample, child: child ?? null, forms }
  })
}

export interface FormInput {
  answers: Record<string, string>
  grade: Grade
}

/** What a command does to a case form: the change, and the audit event that records it. */
interface CaseFormChange {
  set: Updateable<AsrCaseFormTable>
  action: string
  fields: Record<string, unknown>
}

/**
 * A change to one case form, in one transaction as the actor and audited. `decide` checks the
 * form (refusing or returning 'not-found') and says what to write.
 */
function changeCaseForm(
  db: Db,
  ctx: Ctx,
  formId: string,
  decide: (trx: Trx, form: Selectable<AsrCaseFormTable>) => Promise<CaseFormChange | 'not-found'>,
): Outcome<{ kind: 'saved'; auditId: string }> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const form = await trx
        .selectFrom('asrCaseForm')
        .selectAll()
        .where('id', '=', formId)
        .executeTakeFirst()
      const change = form ? await decide(trx, form) : 'not-found'
      if (!form || change === 'not-found') return { kind: 'not-found' as const }
      await trx.updateTable('asrCaseForm').set(change.set).where('id', '=', formId).execute()
      await audit(trx, ctx, {
        action: change.action,
        resourceType: 'asr-case-form',
        resourceId: formId,
        fields: change.fields,
      })
      return { kind: 'saved' as const, auditId: form.auditId }
    }),
  )
}

/** An agency's auditor answers the audit questions for a case and grades it. */
export function submitForm(db: Db, ctx: Ctx, formId: string, input: FormInput) {
  return changeCaseForm(db, ctx, formId, async (trx, form) => {
    const loaded = await loadAudit(trx, ctx, form.auditId)
    if (!loaded) return 'not-found'
    if (loaded.agencies !== 'all' && !loaded.agencies.includes(form.agencyId)) {
      throw new AccessDenied('Only the agency’s auditor may complete this form')
    }
    if (loaded.row.status !== 'auditing') refuse('grade', 'This audit is not open for forms')
    for (const question of loaded.row.questions) {
      if (!input.answers[question.key])
        refuse(`answer-${question.key}`, `Enter your answer to “${question.text}”`)
    }
    return {
      set: {
        answers: JSON.stringify(input.answers),
        grade: input.grade,
        submittedBy: ctx.actor.userId,
        submittedAt: new Date(),
      },
      action: 'assurance.case-audit.form-submitted',
      fields: { grade: input.grade },
    }
  })
}

/** The business unit moderates an agency's grade. */
export function moderateForm(
  db: Db,
  ctx: Ctx,
  formId: string,
  input: { grade: Grade; comment: string | null },
) {
  return changeCaseForm(db, ctx, formId, async (_trx, form) => {
    if (!form.grade) refuse('grade', 'The agency has not graded this case yet')
    if (input.grade !== form.grade && !input.comment)
      refuse('comment', 'Enter why the grade was changed')
    return {
      set: { moderatedGrade: input.grade, moderationComment: input.comment },
      action: 'assurance.case-audit.form-moderated',
      fields: { ...input },
    }
  })
}

export const finalGrade = (form: { grade: Grade | null; moderatedGrade: Grade | null }) =>
  form.moderatedGrade ?? form.grade

/**
 * Records findings and learning and reports the audit: each agency with a case graded requires
 * improvement or inadequate is given a draft action in the business plan.
 */
export function reportAudit(
  db: Db,
  ctx: Ctx,
  auditId: string,
  input: { findings: string; learning: string },
): Outcome<{ kind: 'saved'; actions: number }> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const found = await repo.findAudit(trx, ctx.actor.partnershipId, auditId)
      if (!found) return { kind: 'not-found' as const }
      if (found.status !== 'auditing')
        refuse('findings', 'Only an audit in progress can be reported')
      const forms = await repo.listForms(trx, auditId)
      if (forms.some(f => !f.grade))
        refuse('findings', 'Every agency must grade every case before the audit is reported')
      const weak = [
        ...new Set(
          forms
            .filter(f => ['requires-improvement', 'inadequate'].includes(finalGrade(f) ?? ''))
            .map(f => f.agencyId),
        ),
      ]
      const today = londonToday()
      for (const agencyId of weak) {
        const name = forms.find(f => f.agencyId === agencyId)?.agencyName ?? ''
        const { actionId } = await addAssuranceAction(trx, ctx, {
          planTitle: 'Case file audit action plan',
          startsOn: today,
          endsOn: addCalendarMonths(today, 12),
          specificAction: `${name}: act on the findings of “${found.title}”`,
          leads: [name],
          leadAgencyId: agencyId,
          dueOn: addCalendarMonths(today, 3),
          source: found.title,
        })
        await trx
          .insertInto('asrAction')
          .values({
            partnershipId: ctx.actor.partnershipId,
            caseAuditId: auditId,
            standardKey: agencyId,
            govPlanActionId: actionId,
          })
          .execute()
      }
      await trx
        .updateTable('asrCaseAudit')
        .set({ ...input, status: 'reported' })
        .where('id', '=', auditId)
        .execute()
      await audit(trx, ctx, {
        action: 'assurance.case-audit.reported',
        resourceType: 'asr-case-audit',
        resourceId: auditId,
        fields: { ...input, actions: weak.length },
      })
      return { kind: 'saved' as const, actions: weak.length }
    }),
  )
}

export function listAudits(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => {
    const audits = await repo.listAudits(trx, ctx.actor.partnershipId)
    return isBusinessUnit(ctx)
      ? audits
      : audits.filter(a => a.agencyIds.some(id => ctx.actor.agencyIds.includes(id)))
  })
}
