import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import { addAssuranceAction, assuranceActionStates, paperType } from '../../governance/service.js'
import { checkedUpload } from '../../../platform/uploaded-file.js'
import type { Answers, Moderation } from '../table.js'
import { type Mail, mailReturnLink } from '../cycles/service.js'
import { type Ctx, audit } from '../shared.js'
import {
  ANSWER_WORDS,
  type Question,
  type Standard,
  allStandards,
  answerKey,
  scoreReturn,
  unansweredRequired,
} from '../templates/definition.js'
import { type Respondent, type Scope, withReturn } from './access.js'
import * as repo from './repo.js'

export const STATUS_WORDS = {
  invited: 'Not started',
  'in-progress': 'In progress',
  submitted: 'Submitted',
  returned: 'Sent back for changes',
  moderated: 'Moderated',
} as const

const EDITABLE = ['invited', 'in-progress', 'returned']
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

type Outcome<T = { kind: 'saved' }> = Promise<T | { kind: 'not-found' } | Refusal>

function event(trx: Trx, scope: Scope, returnId: string, action: string, comment?: string | null) {
  return repo.addEvent(trx, {
    partnershipId: scope.partnershipId,
    returnId,
    userId: scope.userId,
    action,
    comment,
  })
}

function auditReturn(
  trx: Trx,
  scope: Scope,
  action: string,
  returnId: string,
  fields?: Record<string, unknown>,
) {
  return audit(
    trx,
    {
      actor: { partnershipId: scope.partnershipId, userId: scope.userId },
      requestId: scope.requestId,
    },
    {
      action: `assurance.return.${action}`,
      resourceType: 'asr-return',
      resourceId: returnId,
      ...(fields ? { fields } : {}),
      detail: { via: scope.userId ? 'session' : 'return-link' },
    },
  )
}

/** The return as its pages show it: template, answers, scores, evidence, history and actions. */
export function readReturn(db: Db, who: Respondent, returnId: string | null) {
  return withReturn(db, who, returnId, async (trx, row, scope) => {
    const [events, evidence, links] = await Promise.all([
      repo.listEvents(trx, row.id),
      repo.listEvidence(trx, row.id),
      repo.listActionLinks(trx, scope.partnershipId, [row.id]),
    ])
    const actions = await assuranceActionStates(
      trx,
      scope.partnershipId,
      links.map(l => l.govPlanActionId),
    )
    await auditReturn(trx, scope, 'read', row.id)
    return {
      row,
      events,
      evidence,
      actions,
      scores: scoreReturn(row.definition, row.answers, row.moderation),
    }
  })
}

export type ReturnView = NonNullable<Awaited<ReturnType<typeof readReturn>>>

/** A submitted return's answers and evidence stay as they are: a change is refused at `field`. */
function refuseUnlessEditable(row: repo.LoadedReturn, field: string) {
  if (!EDITABLE.includes(row.status))
    refuse(field, 'This return has been submitted and cannot be changed')
}

/** A standard of the return's template, by its key, with the area it is in. */
export function findStandard(row: repo.LoadedReturn, standardKey: string) {
  return allStandards(row.definition).find(s => s.standard.key === standardKey)
}

function checkAnswer(question: Question, value: string): string | null {
  if (value === '') return null
  const words = ANSWER_WORDS[question.type]
  if (words && !(value in words)) return `Select an answer for “${question.text}”`
  if (question.type === 'percentage' && !/^(100|[1-9]?[0-9])$/.test(value)) {
    return 'Enter a whole number percentage from 0 to 100'
  }
  if (question.type === 'text' && value.length > 5000)
    return 'The answer must be 5,000 characters or fewer'
  return null
}

/** Saves one standard's answers; the lead may come back to it until the return is submitted. */
export function saveStandard(
  db: Db,
  who: Respondent,
  returnId: string | null,
  standardKey: string,
  body: Record<string, unknown>,
): Outcome {
  return refusable(async () => {
    const outcome = await withReturn(db, who, returnId, async (trx, row, scope) => {
      const found = findStandard(row, standardKey)
      if (!found) return { kind: 'not-found' as const }
      refuseUnlessEditable(row, 'form')
      const answers: Answers = { ...row.answers }
      for (const question of found.standard.questions.filter(q => q.type !== 'evidence')) {
        const raw = body[`q-${question.key}`]
        if (raw !== undefined && typeof raw !== 'string')
          refuse(`q-${question.key}`, 'Enter one answer')
        const value = (raw ?? '').trim()
        const problem = checkAnswer(question, value)
        if (problem) refuse(`q-${question.key}`, problem)
        const key = answerKey(found.standard, question)
        answers[key] = question.type === 'percentage' && value !== '' ? Number(value) : value
      }
      await trx
        .updateTable('asrReturn')
        .set({
          answers: JSON.stringify(answers),
          status: row.status === 'invited' ? 'in-progress' : row.status,
        })
        .where('id', '=', row.id)
        .execute()
      await auditReturn(trx, scope, 'answered', row.id, { standardKey })
      return { kind: 'saved' as const }
    })
    return outcome ?? { kind: 'not-found' as const }
  })
}

/** Evidence for a standard, checked by its first bytes as board papers are. */
export function uploadEvidence(
  db: Db,
  who: Respondent,
  returnId: string | null,
  standardKey: string,
  file: { name: string; bytes: Buffer },
): Outcome {
  return refusable(async () => {
    const outcome = await withReturn(db, who, returnId, async (trx, row, scope) => {
      const found = findStandard(row, standardKey)
      if (!found) return { kind: 'not-found' as const }
      refuseUnlessEditable(row, 'file')
      const upload = checkedUpload(file, {
        emptyMessage: 'Select a file',
        maxBytes: EVIDENCE_MAX_BYTES,
        typeOf: paperType,
        fallbackName: 'evidence',
      })
      const { id } = await trx
        .insertInto('asrEvidence')
        .values({
          partnershipId: scope.partnershipId,
          returnId: row.id,
          questionKey: standardKey,
          filename: upload.filename,
          contentType: upload.contentType,
          sizeBytes: upload.sizeBytes,
          content: file.bytes,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await auditReturn(trx, scope, 'evidence-uploaded', row.id, {
        standardKey,
        evidenceId: id,
        sizeBytes: file.bytes.length,
      })
      return { kind: 'saved' as const }
    })
    return outcome ?? { kind: 'not-found' as const }
  })
}

export function readEvidence(db: Db, who: Respondent, returnId: string | null, evidenceId: string) {
  return withReturn(db, who, returnId, async (trx, row, scope) => {
    const evidence = await repo.findEvidence(trx, row.id, evidenceId)
    if (evidence) await auditReturn(trx, scope, 'evidence-read', row.id, { evidenceId })
    return evidence ?? null
  })
}

/** Submits the return when every required question is answered. */
export function submitReturn(db: Db, who: Respondent, returnId: string | null): Outcome {
  return refusable(async () => {
    const outcome = await withReturn(db, who, returnId, async (trx, row, scope) => {
      if (!EDITABLE.includes(row.status)) refuse('form', 'This return has already been submitted')
      const missing = unansweredRequired(row.definition, row.answers)
      if (missing.length) {
        const first = missing[0]
        refuse(
          'form',
          `Answer every required question before you submit: ${missing.length} not answered, the first in “${first?.standard.title ?? ''}”`,
        )
      }
      await trx
        .updateTable('asrReturn')
        .set({ status: 'submitted', submittedOn: londonToday() })
        .where('id', '=', row.id)
        .execute()
      await event(trx, scope, row.id, 'submitted')
      await auditReturn(trx, scope, 'submitted', row.id)
      return { kind: 'saved' as const }
    })
    return outcome ?? { kind: 'not-found' as const }
  })
}

export const DECISIONS = { agree: 'Agree', challenge: 'Challenge', regrade: 'Regrade' } as const

export interface ModerationInput {
  decision: keyof typeof DECISIONS
  score: number | null
  comment: string | null
}

/** The business unit's view of one standard: agree, challenge with a comment, or regrade. */
export function moderateStandard(
  db: Db,
  ctx: Ctx,
  returnId: string,
  standardKey: string,
  input: ModerationInput,
): Outcome {
  return refusable(async () => {
    const outcome = await withReturn(
      db,
      { kind: 'user', ctx },
      returnId,
      async (trx, row, scope) => {
        const found = findStandard(row, standardKey)
        if (!found) return { kind: 'not-found' as const }
        if (row.status !== 'submitted')
          refuse('decision', 'Only a submitted return can be moderated')
        if (input.decision === 'regrade' && input.score === null)
          refuse('score', 'Enter the moderated score')
        if (input.decision === 'challenge' && !input.comment)
          refuse('comment', 'Enter the challenge to the return')
        const moderation: Moderation = {
          ...row.moderation,
          [standardKey]: {
            decision: input.decision,
            score: input.decision === 'regrade' ? input.score : null,
            comment: input.comment,
          },
        }
        await trx
          .updateTable('asrReturn')
          .set({ moderation: JSON.stringify(moderation) })
          .where('id', '=', row.id)
          .execute()
        await event(trx, scope, row.id, `${input.decision}: ${found.standard.title}`, input.comment)
        await auditReturn(trx, scope, 'moderated-standard', row.id, { standardKey, ...input })
        return { kind: 'saved' as const }
      },
    )
    return outcome ?? { kind: 'not-found' as const }
  })
}

/** Sends a submitted return back to its lead for changes, with a new link. */
export async function sendBack(
  db: Db,
  ctx: Ctx,
  mail: Mail,
  returnId: string,
  comment: string,
): Outcome {
  let send: () => Promise<void> = () => Promise.resolve()
  const outcome = await refusable(async () => {
    const result = await withReturn(
      db,
      { kind: 'user', ctx },
      returnId,
      async (trx, row, scope) => {
        if (row.status !== 'submitted')
          refuse('comment', 'Only a submitted return can be sent back')
        await trx
          .updateTable('asrReturn')
          .set({ status: 'returned' })
          .where('id', '=', row.id)
          .execute()
        send = (
          await mailReturnLink(
            trx,
            mail,
            {
              partnershipId: scope.partnershipId,
              returnId: row.id,
              dueOn: row.dueOn,
              title: row.cycleTitle,
              leadEmail: row.leadEmail,
            },
            'returned',
          )
        ).send
        await event(trx, scope, row.id, 'sent back for changes', comment)
        await auditReturn(trx, scope, 'sent-back', row.id, { comment })
        return { kind: 'saved' as const }
      },
    )
    return result ?? { kind: 'not-found' as const }
  })
  if (outcome.kind === 'saved') await send()
  return outcome
}

function below(standard: Standard, scores: ReturnType<typeof scoreReturn>, threshold: number) {
  const score = scores.areas.flatMap(a => a.standards).find(s => s.key === standard.key)?.score
  return score !== null && score !== undefined && score < threshold ? score : null
}

/**
 * Completes moderation: every standard scoring below the template's threshold becomes a draft
 * action in the governance business plan, owned by the returning organisation.
 */
export function completeModeration(
  db: Db,
  ctx: Ctx,
  returnId: string,
): Outcome<{ kind: 'saved'; actions: number }> {
  return refusable(async () => {
    const outcome = await withReturn(
      db,
      { kind: 'user', ctx },
      returnId,
      async (trx, row, scope) => {
        if (row.status !== 'submitted') refuse('form', 'Only a submitted return can be moderated')
        const today = londonToday()
        const scores = scoreReturn(row.definition, row.answers, row.moderation)
        let actions = 0
        for (const { standard } of allStandards(row.definition)) {
          const score = below(standard, scores, row.threshold)
          if (score === null) continue
          const { actionId } = await addAssuranceAction(trx, ctx, {
            planTitle: `${row.cycleTitle} action plan`,
            startsOn: row.opensOn,
            endsOn: addCalendarMonths(row.dueOn, 12),
            specificAction: `${row.organisationName}: bring “${standard.title}” up to ${row.threshold}% (moderated score ${Math.round(score)}%)`,
            leads: [row.organisationName],
            leadAgencyId: row.agencyId,
            dueOn: addCalendarMonths(today, 3),
            source: row.cycleTitle,
          })
          await trx
            .insertInto('asrAction')
            .values({
              partnershipId: scope.partnershipId,
              returnId: row.id,
              standardKey: standard.key,
              govPlanActionId: actionId,
            })
            .execute()
          actions += 1
        }
        await trx
          .updateTable('asrReturn')
          .set({ status: 'moderated', moderatedOn: today })
          .where('id', '=', row.id)
          .execute()
        await event(
          trx,
          scope,
          row.id,
          'moderated',
          `${actions} action${actions === 1 ? '' : 's'} created`,
        )
        await auditReturn(trx, scope, 'moderated', row.id, { actions })
        return { kind: 'saved' as const, actions }
      },
    )
    return outcome ?? { kind: 'not-found' as const }
  })
}

/** The governance actions raised from these returns. */
export function actionLinks(trx: Trx, partnershipId: string, returnIds: string[]) {
  return repo.listActionLinks(trx, partnershipId, returnIds)
}
