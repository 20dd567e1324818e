/**
 * Merging a duplicate child record into the record to keep (front door managers): pick the
 * duplicate, compare the two records side by side and choose the values to keep, confirm.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { recordChildViewed } from '../../../platform/audit.js'
import { fieldError, formBody, govukErrors, type GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { londonToday } from '../../../platform/calendar.js'
import {
  MOVED_TABLE_NAMES,
  checkMergePair,
  childName,
  choiceMessage,
  compareFields,
  countRowsToMove,
  isMergePair,
  likelyDuplicates,
  listReferralsOfChild,
  mergeChildren,
  searchOtherChildren,
  type FieldComparison,
  type MergePair,
} from '../merge.js'
import { MergeForm, MergeParams, MergeSearchQuery, choicesOf } from '../schema/merge.js'
import { findChild, listEpisodes } from '../repo.js'
import { ChildParams } from '../schema.js'

const MERGE = { config: { access: permission('child-merge', 'create') } }

export const childMergeRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  /** Every page of a merge shows child-level data: each view is audited. */
  async function auditView(
    trx: Trx,
    request: FastifyRequest,
    childIds: string[],
    detail: Record<string, unknown>,
  ) {
    const actor = actorOf(request)
    for (const childId of childIds) {
      await recordChildViewed(trx, actor, { childId, requestId: request.id, detail })
    }
  }

  // ---- Pick the duplicate ---------------------------------------------------------------------

  app.get('/:id/merge', MERGE, async (request, reply) => {
    const actor = actorOf(request)
    const params = ChildParams.safeParse(request.params)
    if (!params.success) return reply.callNotFound()
    const { q } = MergeSearchQuery.parse(request.query)
    const found = await inPartnership(db, actor, async trx => {
      const child = await findChild(trx, actor.partnershipId, params.data.id)
      if (!child || child.mergedIntoId !== null) return undefined
      const likely = await likelyDuplicates(trx, child, londonToday())
      const results = await searchOtherChildren(trx, child, q)
      await auditView(trx, request, [child.id], {
        page: 'merge',
        query: q,
        shown: likely.length + results.length,
      })
      return { child, likely, results }
    })
    if (!found) return reply.callNotFound()
    const { child } = found
    return render(request, reply, 'children/views/merge.njk', {
      title: 'Merge a duplicate record into this record',
      backLink: `/children/${child.id}`,
      child,
      name: childName(child),
      search: q,
      likely: found.likely.map(match => ({ ...match.record, reasons: match.reasons })),
      results: found.results,
    })
  })

  // ---- Compare and choose -----------------------------------------------------------------------

  async function comparison(trx: Trx, partnershipId: string, pair: MergePair) {
    const side = async (id: string) => ({
      episodes: await listEpisodes(trx, [id]),
      referrals: await listReferralsOfChild(trx, partnershipId, id),
      moving: await countRowsToMove(trx, partnershipId, id),
    })
    return {
      fields: compareFields(pair.kept, pair.merged),
      kept: { ...pair.kept, name: childName(pair.kept), ...(await side(pair.kept.id)) },
      merged: { ...pair.merged, name: childName(pair.merged), ...(await side(pair.merged.id)) },
    }
  }

  type Comparison = Awaited<ReturnType<typeof comparison>>

  function choiceItems(field: FieldComparison, comparison: Comparison, chosen: unknown) {
    return [
      {
        value: 'kept',
        text: `${field.kept ?? ''} (this record, ${comparison.kept.laChildId})`,
        checked: chosen === 'kept',
      },
      {
        value: 'merged',
        text: `${field.merged ?? ''} (duplicate, ${comparison.merged.laChildId})`,
        checked: chosen === 'merged',
      },
    ]
  }

  /** The comparison page; `refusal` replaces the form when the records cannot be merged. */
  function showComparison(
    request: FastifyRequest,
    reply: FastifyReply,
    compared: Comparison,
    state: { form?: Record<string, unknown>; errors?: GovukErrors; refused?: boolean },
    statusCode = 200,
  ) {
    const form = state.form ?? {}
    return render(
      request,
      reply,
      'children/views/merge-compare.njk',
      {
        title: 'Compare the two records',
        backLink: `/children/${compared.kept.id}/merge`,
        ...compared,
        choices: compared.fields
          .filter(field => field.conflicting)
          .map(field => ({
            ...field,
            items: choiceItems(field, compared, form[`keep-${field.field}`]),
          })),
        movedNames: MOVED_TABLE_NAMES,
        refused: state.refused ?? false,
        form,
        errors: state.errors,
      },
      statusCode,
    )
  }

  /** The two records compared, or a reply already sent (404, or the refusal). */
  async function loadPair(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ compared: Comparison } | { sent: unknown }> {
    const actor = actorOf(request)
    const params = MergeParams.safeParse(request.params)
    if (!params.success) return { sent: reply.callNotFound() }
    const { id, duplicateId } = params.data
    const loaded = await inPartnership(db, actor, async trx => {
      const pair = await checkMergePair(trx, actor.partnershipId, id, duplicateId)
      if (!isMergePair(pair)) {
        if (pair.kind === 'not-found') return pair
        // A refusal still shows both records, so the manager sees why.
        const kept = await findChild(trx, actor.partnershipId, id)
        const merged = await findChild(trx, actor.partnershipId, duplicateId)
        if (!kept || !merged) return { kind: 'not-found' as const }
        const compared = await comparison(trx, actor.partnershipId, { kept, merged })
        await auditView(trx, request, [...new Set([id, duplicateId])], { page: 'merge-compare' })
        return { kind: 'refused' as const, message: pair.message, compared }
      }
      await auditView(trx, request, [id, duplicateId], { page: 'merge-compare' })
      return { kind: 'pair' as const, compared: await comparison(trx, actor.partnershipId, pair) }
    })
    if (loaded.kind === 'not-found') return { sent: reply.callNotFound() }
    if (loaded.kind === 'refused') {
      return {
        sent: await showComparison(
          request,
          reply,
          loaded.compared,
          { errors: fieldError('merge', loaded.message), refused: true },
          request.method === 'GET' ? 200 : 400,
        ),
      }
    }
    return { compared: loaded.compared }
  }

  /** The form checked against the comparison: a choice for every conflicting field. */
  function checkForm(body: Record<string, unknown>, compared: Comparison) {
    const form = MergeForm.safeParse(body)
    const fields: GovukErrors['fields'] = form.success ? {} : { ...govukErrors(form.error).fields }
    for (const field of compared.fields) {
      if (field.conflicting && !(form.success && form.data[`keep-${field.field}`])) {
        fields[`keep-${field.field}`] ??= { text: choiceMessage(field.field) }
      }
    }
    const summary = Object.entries(fields).map(([field, { text }]) => ({
      text,
      href: `#${field}`,
    }))
    if (!form.success || summary.length > 0) {
      return { ok: false as const, errors: { summary, fields } }
    }
    return { ok: true as const, data: form.data }
  }

  /**
   * The two records and the form posted about them, checked; or a reply already sent (as
   * loadPair does, or the comparison again with the form's errors).
   */
  async function loadPostedPair(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<
    | {
        compared: Comparison
        body: Record<string, unknown>
        checked: Extract<ReturnType<typeof checkForm>, { ok: true }>
      }
    | { sent: unknown }
  > {
    const loaded = await loadPair(request, reply)
    if ('sent' in loaded) return loaded
    const { compared } = loaded
    const body = formBody(request.body)
    const checked = checkForm(body, compared)
    if (!checked.ok) {
      return {
        sent: await showComparison(
          request,
          reply,
          compared,
          { form: body, errors: checked.errors },
          400,
        ),
      }
    }
    return { compared, body, checked }
  }

  app.get('/:id/merge/:duplicateId', MERGE, async (request, reply) => {
    const loaded = await loadPair(request, reply)
    if ('sent' in loaded) return loaded.sent
    return showComparison(request, reply, loaded.compared, {})
  })

  app.post('/:id/merge/:duplicateId', MERGE, async (request, reply) => {
    const posted = await loadPostedPair(request, reply)
    if ('sent' in posted) return posted.sent
    const { compared, checked } = posted
    const choices = choicesOf(checked.data)
    return render(request, reply, 'children/views/merge-confirm.njk', {
      title: 'Check and merge the records',
      backLink: `/children/${compared.kept.id}/merge/${compared.merged.id}`,
      ...compared,
      outcome: compared.fields.map(field => ({
        name: field.name,
        value:
          field.conflicting && choices[field.field] === 'merged'
            ? field.merged
            : field.filled
              ? field.filledText
              : field.kept,
      })),
      hidden: Object.entries(choices).map(([field, value]) => ({ name: `keep-${field}`, value })),
      reason: checked.data.reason,
      movedNames: MOVED_TABLE_NAMES,
    })
  })

  app.post('/:id/merge/:duplicateId/confirm', MERGE, async (request, reply) => {
    const posted = await loadPostedPair(request, reply)
    if ('sent' in posted) return posted.sent
    const { compared, body, checked } = posted
    const outcome = await mergeChildren(db, {
      actor: actorOf(request),
      input: {
        keptId: compared.kept.id,
        mergedId: compared.merged.id,
        choices: choicesOf(checked.data),
        reason: checked.data.reason,
      },
      requestId: request.id,
      now: new Date(),
    })
    if (outcome.kind === 'not-found') return reply.callNotFound()
    if (outcome.kind === 'refused') {
      return showComparison(
        request,
        reply,
        compared,
        { form: body, errors: fieldError('merge', outcome.message), refused: true },
        400,
      )
    }
    return reply.redirect(`/children/${compared.kept.id}?merged=${compared.merged.id}`, 303)
  })
}
