import type { Db, Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { londonToday } from '../../../platform/calendar.js'
import { renderChart, type RenderedChart } from '../../../platform/charts.js'
import { randomToken } from '../../../platform/crypto.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addLinkedEvidence, planActionChoices } from '../../governance/service.js'
import * as repo from '../repo/surveys.js'
import type { QuestionInput, SurveyInput } from '../schema/surveys.js'
import { type Ctx, asPublic, audit, percent, scoped } from '../shared.js'
import { type SurveyQuestion, choicesOf, readAnswers } from './answers.js'

/**
 * Surveys: built by the business unit, answered on a public link, anonymous or named. An
 * anonymous response is stored with its date only (no name, address, time or request id), and
 * its audit event names the survey, never the response.
 */

export function listSurveys(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listSurveys(trx))
}

export function createSurvey(db: Db, ctx: Ctx, input: SurveyInput) {
  return scoped(db, ctx.actor, async trx => {
    const values = {
      partnershipId: ctx.actor.partnershipId,
      title: input.title,
      intro: input.intro,
      anonymous: input.anonymous === 'yes',
      invitedCount: input.invitedCount ?? null,
      linkToken: randomToken(18),
    }
    const { id } = await trx
      .insertInto('engSurvey')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'engagement.survey.created',
      resourceType: 'eng-survey',
      resourceId: id,
      fields: {
        title: values.title,
        anonymous: values.anonymous,
        invitedCount: values.invitedCount,
      },
    })
    return id
  })
}

const questionsOf = async (trx: Trx, surveyId: string): Promise<SurveyQuestion[]> =>
  (await repo.listQuestions(trx, surveyId)).map(q => ({ ...q, options: q.options }))

export function addQuestion(db: Db, ctx: Ctx, surveyId: string, input: QuestionInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const survey = await repo.findSurvey(trx, surveyId)
      if (!survey) return { kind: 'not-found' } as const
      if (survey.status !== 'draft')
        refuse('text', 'Questions can be added only while the survey is a draft')
      const questions = await repo.listQuestions(trx, surveyId)
      if (questions.length >= 50) refuse('text', 'A survey can have up to 50 questions')
      const { id } = await trx
        .insertInto('engSurveyQuestion')
        .values({
          partnershipId: ctx.actor.partnershipId,
          surveyId,
          position: questions.length + 1,
          kind: input.kind,
          text: input.text,
          options: JSON.stringify(input.options),
          required: input.required,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'engagement.survey-question.created',
        resourceType: 'eng-survey',
        resourceId: surveyId,
        fields: { questionId: id, ...input },
      })
      return { kind: 'saved' } as const
    }),
  )
}

export function setSurveyStatus(db: Db, ctx: Ctx, surveyId: string, status: 'open' | 'closed') {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const survey = await repo.findSurvey(trx, surveyId)
      if (!survey) return { kind: 'not-found' } as const
      if (status === 'open' && (await repo.listQuestions(trx, surveyId)).length === 0)
        refuse('status', 'Add at least one question before opening the survey')
      if (survey.status === status) refuse('status', `The survey is already ${status}`)
      await trx.updateTable('engSurvey').set({ status }).where('id', '=', surveyId).execute()
      await audit(trx, ctx, {
        action: `engagement.survey.${status === 'open' ? 'opened' : 'closed'}`,
        resourceType: 'eng-survey',
        resourceId: surveyId,
        fields: { status: { from: survey.status, to: status } },
      })
      return { kind: 'saved' } as const
    }),
  )
}

/** What the public link shows; null when there is no open survey at that link. */
export function publicSurvey(db: Db, partnershipId: string, token: string) {
  return asPublic(db, partnershipId, async trx => {
    const survey = await repo.findSurveyByToken(trx, token)
    if (survey?.status !== 'open') return null
    return { survey, questions: await questionsOf(trx, survey.id) }
  })
}

/**
 * A response from the public link. The answers are read again inside the transaction: an answer
 * out of range is refused and nothing is written.
 */
export function submitResponse(
  db: Db,
  input: {
    partnershipId: string
    token: string
    body: Record<string, unknown>
    respondent: { name: string; email: string | null } | null
    requestId: string
  },
) {
  return refusable(() =>
    asPublic(db, input.partnershipId, async trx => {
      const survey = await repo.findSurveyByToken(trx, input.token)
      if (survey?.status !== 'open') return { kind: 'closed' } as const
      const read = readAnswers(await questionsOf(trx, survey.id), input.body)
      const [field, problem] = Object.entries(read.errors)[0] ?? []
      if (field && problem) refuse(field, problem.text)
      if (!survey.anonymous && !input.respondent) refuse('respondentName', 'Enter your name')
      const named = survey.anonymous ? null : input.respondent
      const { id } = await trx
        .insertInto('engSurveyResponse')
        .values({
          partnershipId: input.partnershipId,
          surveyId: survey.id,
          submittedOn: londonToday(),
          respondentName: named?.name ?? null,
          respondentEmail: named?.email ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const rows = read.answers.flatMap(answer =>
        answer.values.map(value => ({
          partnershipId: input.partnershipId,
          responseId: id,
          questionId: answer.questionId,
          value,
        })),
      )
      if (rows.length) await trx.insertInto('engSurveyAnswer').values(rows).execute()
      await recordAudit(trx, {
        partnershipId: input.partnershipId,
        userId: null,
        action: 'engagement.survey.answered',
        ...(survey.anonymous
          ? { resourceType: 'eng-survey', resourceId: survey.id, requestId: null }
          : { resourceType: 'eng-survey-response', resourceId: id, requestId: input.requestId }),
      })
      return { kind: 'answered' } as const
    }),
  )
}

export interface QuestionResult {
  question: SurveyQuestion
  answered: number
  chart: RenderedChart | null
  texts: string[]
}

function resultOf(
  question: SurveyQuestion,
  answers: { responseId: string; questionId: string; value: string }[],
): QuestionResult {
  const mine = answers.filter(a => a.questionId === question.id)
  const answered = new Set(mine.map(a => a.responseId)).size
  if (question.kind === 'text')
    return { question, answered, chart: null, texts: mine.map(a => a.value) }
  const points = choicesOf(question).map(choice => ({
    x: choice,
    y: mine.filter(a => a.value === choice).length,
  }))
  const chart = renderChart({
    id: `q${question.position}`,
    title: `${question.position}. ${question.text}`,
    kind: 'bar',
    xLabel: 'Answer',
    yLabel: 'Responses',
    series: [{ name: 'Responses', points }],
  })
  return { question, answered, chart, texts: [] }
}

/** The survey with its questions, response rate and each question's results. */
export function surveyResults(db: Db, ctx: Ctx, surveyId: string) {
  return scoped(db, ctx.actor, async trx => {
    const survey = await repo.findSurvey(trx, surveyId)
    if (!survey) return null
    const questions = await questionsOf(trx, surveyId)
    const answers = await repo.listAnswers(trx, surveyId)
    const responses = await repo.countResponses(trx, surveyId)
    await audit(trx, ctx, {
      action: 'engagement.survey.viewed',
      resourceType: 'eng-survey',
      resourceId: surveyId,
    })
    return {
      survey,
      questions,
      responses,
      responseRate: percent(responses, survey.invitedCount),
      results: questions.map(q => resultOf(q, answers)),
      evidence: await repo.listEvidence(trx, surveyId),
    }
  })
}

/** One row a response (in random order), one column a question; names only when named. */
export function surveyTable(db: Db, ctx: Ctx, surveyId: string) {
  return scoped(db, ctx.actor, async trx => {
    const survey = await repo.findSurvey(trx, surveyId)
    if (!survey) return null
    const questions = await questionsOf(trx, surveyId)
    const answers = await repo.listAnswers(trx, surveyId)
    const responses = await repo.listResponses(trx, surveyId)
    await audit(trx, ctx, {
      action: 'engagement.survey.exported',
      resourceType: 'eng-survey',
      resourceId: surveyId,
    })
    const header = [
      ...(survey.anonymous ? [] : ['name', 'email']),
      'date',
      ...questions.map(q => `${q.position}. ${q.text}`),
    ]
    const rows = responses.map(response => [
      ...(survey.anonymous ? [] : [response.respondentName, response.respondentEmail]),
      response.submittedOn,
      ...questions.map(q =>
        answers
          .filter(a => a.responseId === response.id && a.questionId === q.id)
          .map(a => a.value)
          .join('; '),
      ),
    ])
    return { survey, header, rows }
  })
}

export function actionChoices(db: Db, ctx: Ctx) {
  return planActionChoices(db, ctx.actor)
}

/** The survey's results as evidence of a business plan action, through governance's service. */
export async function linkSurveyEvidence(db: Db, ctx: Ctx, surveyId: string, actionId: string) {
  const summary = await scoped(db, ctx.actor, async trx => {
    const survey = await repo.findSurvey(trx, surveyId)
    if (!survey) return null
    const linked = (await repo.listEvidence(trx, surveyId)).some(e => e.actionId === actionId)
    return { survey, responses: await repo.countResponses(trx, surveyId), linked }
  })
  if (!summary) return { kind: 'not-found' } as const
  if (summary.linked)
    return {
      kind: 'refused',
      field: 'actionId',
      message: 'The survey is already evidence for this action',
    } as const
  const { survey, responses } = summary
  const rate = percent(responses, survey.invitedCount)
  const added = await addLinkedEvidence(
    db,
    ctx,
    actionId,
    `Survey "${survey.title}": ${responses} responses${
      survey.invitedCount ? ` of ${survey.invitedCount} invited (${rate}%)` : ''
    }. Results: /engagement/surveys/${survey.id}`,
  )
  if (added.kind === 'refused') return added
  await scoped(db, ctx.actor, async trx => {
    await trx
      .insertInto('engSurveyEvidence')
      .values({
        partnershipId: ctx.actor.partnershipId,
        surveyId,
        actionId,
        linkedOn: londonToday(),
      })
      .execute()
    await audit(trx, ctx, {
      action: 'engagement.survey.linked',
      resourceType: 'eng-survey',
      resourceId: surveyId,
      fields: { actionId },
    })
  })
  return { kind: 'linked' } as const
}
