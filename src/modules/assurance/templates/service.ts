import type { Db, Trx } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { type Ctx, audit, scoped } from '../shared.js'
import type { QuestionType, TemplateDefinition } from './definition.js'
import * as repo from './repo.js'
import { SHIPPED_TEMPLATES } from './shipped.js'

/** Templates: the shipped ones (version 1 per partnership) and the business unit's new versions. */

export async function ensureShippedTemplates(trx: Trx, partnershipId: string) {
  const existing = await repo.listTemplates(trx, partnershipId)
  for (const shipped of SHIPPED_TEMPLATES) {
    if (existing.some(t => t.key === shipped.key)) continue
    await repo.insertTemplate(trx, { partnershipId, version: 1, ...shipped })
  }
}

export type TemplateRow = Awaited<ReturnType<typeof repo.listTemplates>>[number]

/** Every template's versions, newest first within each key; shipped ones added on first look. */
export function listTemplates(db: Db, ctx: Ctx): Promise<TemplateRow[]> {
  return scoped(db, ctx.actor, async trx => {
    await ensureShippedTemplates(trx, ctx.actor.partnershipId)
    return repo.listTemplates(trx, ctx.actor.partnershipId)
  })
}

/** The newest version of each template. */
export function latestVersions(templates: TemplateRow[]): TemplateRow[] {
  return templates.filter(
    t => !templates.some(other => other.key === t.key && other.version > t.version),
  )
}

export function findTemplate(trx: Trx, partnershipId: string, id: string) {
  return repo.findTemplate(trx, partnershipId, id)
}

export function readTemplate(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, trx => repo.findTemplate(trx, ctx.actor.partnershipId, id))
}

export interface NewStandardInput {
  areaKey: string
  title: string
  guidance: string
  questionText: string
  questionType: QuestionType
  required: boolean
}

/**
 * Adds a standard to an area as a new version of the template: returns already started keep the
 * version they answered, new cycles take this one.
 */
export function addStandard(
  db: Db,
  ctx: Ctx,
  templateId: string,
  input: NewStandardInput,
): Promise<{ kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const template = await repo.findTemplate(trx, ctx.actor.partnershipId, templateId)
      if (!template) return { kind: 'not-found' as const }
      const versions = (await repo.listTemplates(trx, ctx.actor.partnershipId)).filter(
        t => t.key === template.key,
      )
      const newest = Math.max(...versions.map(v => v.version))
      if (template.version !== newest) {
        refuse('form', `Change the newest version, version ${newest}`)
      }
      const definition: TemplateDefinition = structuredClone(template.definition)
      const area = definition.areas.find(a => a.key === input.areaKey)
      if (!area) refuse('areaKey', 'Select an area from the list')
      if (area.standards.some(s => s.title.toLowerCase() === input.title.toLowerCase())) {
        refuse('title', 'There is already a standard with this title in the area')
      }
      const number = definition.areas.reduce((sum, a) => sum + a.standards.length, 0) + 1
      area.standards.push({
        key: `n${newest + 1}s${number}`,
        title: input.title,
        guidance: input.guidance,
        questions: [
          {
            key: 'score',
            text: input.questionText,
            type: input.questionType,
            required: input.required,
          },
          {
            key: 'evidence-notes',
            text: 'What evidence shows this?',
            type: 'text',
            required: false,
          },
        ],
      })
      const created = await repo.insertTemplate(trx, {
        partnershipId: ctx.actor.partnershipId,
        key: template.key,
        version: newest + 1,
        title: template.title,
        threshold: template.threshold,
        targetPercent: template.targetPercent,
        definition,
      })
      await audit(trx, ctx, {
        action: 'assurance.template.versioned',
        resourceType: 'asr-template',
        resourceId: created.id,
        fields: { key: template.key, version: created.version, ...input },
      })
      return { kind: 'saved' as const, id: created.id }
    }),
  )
}
