import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'

export function listSurveys(trx: Trx) {
  return trx
    .selectFrom('engSurvey')
    .leftJoin('engSurveyResponse', 'engSurveyResponse.surveyId', 'engSurvey.id')
    .select([
      'engSurvey.id',
      'engSurvey.title',
      'engSurvey.anonymous',
      'engSurvey.invitedCount',
      'engSurvey.status',
      'engSurvey.createdAt',
    ])
    .select(sql<number>`count(eng_survey_response.id)::int`.as('responses'))
    .groupBy('engSurvey.id')
    .orderBy('engSurvey.createdAt', 'desc')
    .execute()
}

export function findSurvey(trx: Trx, id: string) {
  return trx.selectFrom('engSurvey').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findSurveyByToken(trx: Trx, token: string) {
  return trx.selectFrom('engSurvey').selectAll().where('linkToken', '=', token).executeTakeFirst()
}

export function listQuestions(trx: Trx, surveyId: string) {
  return trx
    .selectFrom('engSurveyQuestion')
    .selectAll()
    .where('surveyId', '=', surveyId)
    .orderBy('position')
    .execute()
}

export async function countResponses(trx: Trx, surveyId: string): Promise<number> {
  const row = await trx
    .selectFrom('engSurveyResponse')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('surveyId', '=', surveyId)
    .executeTakeFirstOrThrow()
  return row.n
}

/** Answers with their response, ordered by the response's random id (never by arrival). */
export function listAnswers(trx: Trx, surveyId: string) {
  return trx
    .selectFrom('engSurveyAnswer')
    .innerJoin('engSurveyResponse', 'engSurveyResponse.id', 'engSurveyAnswer.responseId')
    .select([
      'engSurveyAnswer.responseId',
      'engSurveyAnswer.questionId',
      'engSurveyAnswer.value',
      'engSurveyResponse.respondentName',
      'engSurveyResponse.respondentEmail',
      'engSurveyResponse.submittedOn',
    ])
    .where('engSurveyResponse.surveyId', '=', surveyId)
    .orderBy('engSurveyAnswer.responseId')
    .execute()
}

export function listResponses(trx: Trx, surveyId: string) {
  return trx
    .selectFrom('engSurveyResponse')
    .selectAll()
    .where('surveyId', '=', surveyId)
    .orderBy('id')
    .execute()
}

export function listEvidence(trx: Trx, surveyId: string) {
  return trx.selectFrom('engSurveyEvidence').selectAll().where('surveyId', '=', surveyId).execute()
}
