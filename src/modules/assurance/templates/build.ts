import type { Db, Trx } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { type Ctx, audit, scoped } from '../shared.js'
import type { TemplateDefinition } from './definition.js'
import * as repo from './repo.js'

/**
 * Building a template from scratch in the browser: a new template (version 1) with its first
 * area and its scoring rule, then more areas and a changed rule, each a new version.
 */

type Saved = { kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal

export interface NewTemplateInput {
  title: string
  description: string
  firstArea: string
  threshold: number
  targetPercent: number
}

const keyOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 50) || 'template'

export function createTemplate(db: Db, ctx: Ctx, input: NewTemplateInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const existing = await repo.listTemplates(trx, ctx.actor.partnershipId)
      const key = `custom-${keyOf(input.title)}`
      if (existing.some(t => t.key === key || t.title.toLowerCase() === input.title.toLowerCase()))
        refuse('title', 'There is already a template with this title')
      const created = await repo.insertTemplate(trx, {
        partnershipId: ctx.actor.partnershipId,
        key,
        version: 1,
        title: input.title,
        threshold: input.threshold,
        targetPercent: input.targetPercent,
        definition: {
          description: input.description,
          areas: [{ key: 'a1', title: input.firstArea, standards: [] }],
        },
      })
      await audit(trx, ctx, {
        action: 'assurance.template.created',
        resourceType: 'asr-template',
        resourceId: created.id,
        fields: { key, ...input },
      })
      return { kind: 'saved' as const, id: created.id }
    }),
  )
}

/** The newest version of the template `templateId` belongs to, refusing a change to an older one. */
async function newest(trx: Trx, ctx: Ctx, templateId: string) {
  const template = await repo.findTemplate(trx, ctx.actor.partnershipId, templateId)
  if (!template) return null
  const versions = (await repo.listTemplates(trx, ctx.actor.partnershipId)).filter(
    t => t.key === template.key,
  )
  const latest = Math.max(...versions.map(v => v.version))
  if (template.version !== latest) refuse('form', `Change the newest version, version ${latest}`)
  return template
}

async function saveVersion(
  trx: Trx,
  ctx: Ctx,
  template: NonNullable<Awaited<ReturnType<typeof newest>>>,
  changes: { definition?: TemplateDefinition; threshold?: number; targetPercent?: number },
  fields: Record<string, unknown>,
) {
  const created = await repo.insertTemplate(trx, {
    partnershipId: ctx.actor.partnershipId,
    key: template.key,
    version: template.version + 1,
    title: template.title,
    threshold: changes.threshold ?? template.threshold,
    targetPercent: changes.targetPercent ?? template.targetPercent,
    definition: changes.definition ?? template.definition,
  })
  await audit(trx, ctx, {
    action: 'assurance.template.versioned',
    resourceType: 'asr-template',
    resourceId: created.id,
    fields: { key: template.key, version: created.version, ...fields },
  })
  return { kind: 'saved' as const, id: created.id }
}

export function addArea(db: Db, ctx: Ctx, templateId: string, title: string): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const template = await newest(trx, ctx, templateId)
      if (!template) return { kind: 'not-found' as const }
      const definition: TemplateDefinition = structuredClone(template.definition)
      if (definition.areas.some(a => a.title.toLowerCase() === title.toLowerCase()))
        refuse('areaTitle', 'There is already an area with this title')
      if (definition.areas.length >= 30) refuse('areaTitle', 'A template can have up to 30 areas')
      definition.areas.push({
        key: `a${definition.areas.length + 1}v${template.version + 1}`,
        title,
        standards: [],
      })
      return saveVersion(trx, ctx, template, { definition }, { areaTitle: title })
    }),
  )
}

/** The scoring rule: the score below which a standard needs an action, and the return target. */
export function changeRules(
  db: Db,
  ctx: Ctx,
  templateId: string,
  input: { threshold: number; targetPercent: number },
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const template = await newest(trx, ctx, templateId)
      if (!template) return { kind: 'not-found' as const }
      if (template.threshold === input.threshold && template.targetPercent === input.targetPercent)
        refuse('threshold', 'Change the threshold or the target to make a new version')
      return saveVersion(trx, ctx, template, input, input)
    }),
  )
}
