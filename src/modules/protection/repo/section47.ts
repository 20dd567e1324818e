/** Section 47 enquiries. */
import type { Trx } from '../../../db/database.js'

const SECTION47_COLUMNS = [
  'section47.id',
  'section47.episodeId',
  'section47.startDate',
  'section47.icpcTargetDate',
  'section47.dateOfInitialCpc',
  'section47.icpcNotRequired',
  'section47.strategyDiscussionId',
  'section47.leadWorkerId',
  'section47.completedOn',
  'section47.outcome',
  'cinEpisode.childId',
  'cinEpisode.referralDate',
] as const

/**
 * The episode's enquiry still waiting for its initial conference: no conference date and not
 * marked as needing none (census rule 8839 allows one such enquiry per episode).
 */
export function findOpenSection47(trx: Trx, partnershipId: string, episodeId: string) {
  return trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('section47.episodeId', '=', episodeId)
    .where('section47.dateOfInitialCpc', 'is', null)
    .where(eb =>
      eb.or([
        eb('section47.icpcNotRequired', 'is', null),
        eb('section47.icpcNotRequired', '=', false),
      ]),
    )
    .orderBy('section47.startDate', 'desc')
    .forUpdate(['section47'])
    .executeTakeFirst()
}

export function findSection47(trx: Trx, partnershipId: string, id: string, lock = false) {
  const query = trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('section47.id', '=', id)
  return (lock ? query.forUpdate(['section47']) : query).executeTakeFirst()
}

export function listSection47sOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('section47')
    .innerJoin('cinEpisode', 'cinEpisode.id', 'section47.episodeId')
    .select(SECTION47_COLUMNS)
    .where('section47.partnershipId', '=', partnershipId)
    .where('cinEpisode.childId', '=', childId)
    .orderBy('section47.startDate')
    .execute()
}

export function insertSection47(
  trx: Trx,
  values: {
    partnershipId: string
    episodeId: string
    startDate: string
    icpcTargetDate: string
    strategyDiscussionId: string
    leadWorkerId: string | null
  },
) {
  return trx
    .insertInto('section47')
    .values({ ...values, dateOfInitialCpc: null, icpcNotRequired: false })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updateSection47(
  trx: Trx,
  partnershipId: string,
  id: string,
  values: {
    icpcTargetDate?: string
    dateOfInitialCpc?: string
    icpcNotRequired?: boolean
    completedOn?: string
    outcome?: 'conference' | 'no-conference-cin-plan' | 'no-conference-no-further-action'
  },
) {
  return trx
    .updateTable('section47')
    .set(values)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .execute()
}
