import type { Trx } from '../../../db/database.js'
import type { Insertable } from 'kysely'
import type { ReportCardVersionTable } from './table.js'

/** Every query for report cards; each runs in a transaction bound to the partnership. */

export function listCards(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('reportCard')
    .selectAll('reportCard')
    .select(eb =>
      eb
        .selectFrom('reportCardVersion')
        .select(eb2 => eb2.fn.max('reportCardVersion.version').as('v'))
        .whereRef('reportCardVersion.cardId', '=', 'reportCard.id')
        .as('latestVersion'),
    )
    .where('partnershipId', '=', partnershipId)
    .orderBy('title')
    .execute()
}

export function findCard(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('reportCard')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function findCardByTitle(trx: Trx, partnershipId: string, title: string) {
  return trx
    .selectFrom('reportCard')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where('title', '=', title)
    .executeTakeFirst()
}

export async function insertCard(
  trx: Trx,
  values: { partnershipId: string; title: string; bodyId: string | null; theme: string | null },
) {
  const row = await trx
    .insertInto('reportCard')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function listVersions(trx: Trx, cardId: string) {
  return trx
    .selectFrom('reportCardVersion')
    .leftJoin('appUser', 'appUser.id', 'reportCardVersion.createdBy')
    .selectAll('reportCardVersion')
    .select('appUser.displayName as createdByName')
    .where('reportCardVersion.cardId', '=', cardId)
    .orderBy('reportCardVersion.version', 'desc')
    .execute()
}

export async function insertVersion(
  trx: Trx,
  values: Insertable<ReportCardVersionTable> & { createdBy: string },
) {
  const row = await trx
    .insertInto('reportCardVersion')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function insertIndicators(
  trx: Trx,
  partnershipId: string,
  versionId: string,
  indicators: { key: string; section: string }[],
) {
  if (indicators.length === 0) return
  await trx
    .insertInto('reportCardIndicator')
    .values(
      indicators.map((indicator, position) => ({
        partnershipId,
        versionId,
        position,
        indicatorKey: indicator.key,
        section: indicator.section,
      })),
    )
    .execute()
}

export function listIndicators(trx: Trx, versionId: string) {
  return trx
    .selectFrom('reportCardIndicator')
    .select(['indicatorKey', 'section', 'position'])
    .where('versionId', '=', versionId)
    .orderBy('position')
    .execute()
}

export function listVersionsForMeeting(trx: Trx, partnershipId: string, meetingId: string) {
  return trx
    .selectFrom('reportCardVersion')
    .innerJoin('reportCard', 'reportCard.id', 'reportCardVersion.cardId')
    .select([
      'reportCard.id as cardId',
      'reportCard.title',
      'reportCardVersion.version',
      'reportCardVersion.createdAt',
    ])
    .where('reportCardVersion.partnershipId', '=', partnershipId)
    .where('reportCardVersion.meetingId', '=', meetingId)
    .orderBy('reportCard.title')
    .execute()
}
