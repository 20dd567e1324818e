import type { Trx } from '../../db/database.js'

/**
 * What engagement offers other modules (ADR 0005): its records that retention rules cover (the
 * privacy module applies the partnership's rules). A cut-off is an ISO date: records from before
 * it go.
 */
export interface RetentionTarget {
  label: string
  defaultYears: number
  count(trx: Trx, before: string): Promise<number>
  remove(trx: Trx, before: string): Promise<number>
}

/** Survey responses that name a person (anonymous ones hold nobody's details). */
function namedResponses(trx: Trx, before: string) {
  return trx
    .selectFrom('engSurveyResponse')
    .select('id')
    .where('respondentName', 'is not', null)
    .where('submittedOn', '<', before)
}

/** Subscribers who left the bulletin, never confirmed, or whose address stopped working. */
function formerSubscribers(trx: Trx, before: string) {
  return trx
    .selectFrom('engSubscriber')
    .select('id')
    .where('status', 'in', ['unsubscribed', 'pending', 'failed', 'suspended'])
    .where('createdAt', '<', new Date(`${before}T00:00:00Z`))
}

async function countOf(query: { execute(): Promise<unknown[]> }) {
  return (await query.execute()).length
}

export const ENGAGEMENT_RETENTION: Record<string, RetentionTarget> = {
  'named-survey-responses': {
    label: 'Survey responses that give a name',
    defaultYears: 2,
    count: (trx, before) => countOf(namedResponses(trx, before)),
    async remove(trx, before) {
      const ids = (await namedResponses(trx, before).execute()).map(row => row.id)
      if (!ids.length) return 0
      await trx.deleteFrom('engSurveyAnswer').where('responseId', 'in', ids).execute()
      await trx.deleteFrom('engSurveyResponse').where('id', 'in', ids).execute()
      return ids.length
    },
  },
  'former-bulletin-subscribers': {
    label: 'Bulletin subscribers who left or never confirmed',
    defaultYears: 1,
    count: (trx, before) => countOf(formerSubscribers(trx, before)),
    async remove(trx, before) {
      const ids = (await formerSubscribers(trx, before).execute()).map(row => row.id)
      if (!ids.length) return 0
      await trx.deleteFrom('engBulletinDelivery').where('subscriberId', 'in', ids).execute()
      await trx.deleteFrom('engSubscriber').where('id', 'in', ids).execute()
      return ids.length
    },
  },
}
