/** Strategy discussions and their participants. */
import { type Insertable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { referralReference as referralReferenceOf } from '../../frontdoor/queries.js'
import type { StrategyParticipantTable } from '../table.js'

export function insertStrategyDiscussion(
  trx: Trx,
  values: {
    partnershipId: string
    childId: string
    episodeId: string
    referralId: string | null
    heldOn: string
    preBirth: boolean
    reason: string
    outcome: 'section-47' | 'assessment' | 'no-further-action'
    outcomeNotes: string | null
    leadWorkerId: string | null
    teamId: string | null
    recordedBy: string
  },
) {
  return trx
    .insertInto('strategyDiscussion')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function insertParticipants(trx: Trx, rows: Insertable<StrategyParticipantTable>[]) {
  return trx.insertInto('strategyParticipant').values(rows).execute()
}

export async function findStrategyDiscussion(trx: Trx, partnershipId: string, id: string) {
  const row = await trx
    .selectFrom('strategyDiscussion')
    .leftJoin('appUser as lead', 'lead.id', 'strategyDiscussion.leadWorkerId')
    .selectAll('strategyDiscussion')
    .select('lead.displayName as leadWorkerName')
    .where('strategyDiscussion.partnershipId', '=', partnershipId)
    .where('strategyDiscussion.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const referralReference = row.referralId
    ? await referralReferenceOf(trx, partnershipId, row.referralId)
    : null
  return { ...row, referralReference }
}

export function listParticipants(trx: Trx, partnershipId: string, discussionIds: string[]) {
  if (discussionIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('strategyParticipant')
    .innerJoin('agency', 'agency.id', 'strategyParticipant.agencyId')
    .select([
      'strategyParticipant.strategyDiscussionId',
      'strategyParticipant.personName',
      'strategyParticipant.roleTitle',
      'agency.name as agencyName',
    ])
    .where('strategyParticipant.partnershipId', '=', partnershipId)
    .where('strategyParticipant.strategyDiscussionId', 'in', discussionIds)
    .orderBy('agency.name')
    .execute()
}

export function listStrategyDiscussionsOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('strategyDiscussion')
    .select(['id', 'heldOn', 'outcome', 'preBirth', 'episodeId'])
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('heldOn')
    .orderBy('recordedAt')
    .execute()
}

/** The latest strategy discussion date of the child on or after a date (an enquiry's start). */
export async function latestStrategyDate(
  trx: Trx,
  partnershipId: string,
  childId: string,
  since: string,
): Promise<string | null> {
  const row = await trx
    .selectFrom('strategyDiscussion')
    .select(eb => eb.fn.max('heldOn').as('latest'))
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .where('heldOn', '>=', since)
    .executeTakeFirst()
  return row?.latest ?? null
}
