/** Every query of the case reviews module. Each takes a transaction bound to the partnership. */
import type { Insertable, Updateable } from 'kysely'
import type { Trx } from '../../db/database.js'
export { findAgency } from '../../platform/directory.js'
import type { CrCaseTable, CrDocumentTable, CrReviewTable, DocumentKind } from './table.js'

/** The partnership's cases, each with the name of the agency that referred it. */
function cases(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('crCase')
    .leftJoin('agency', 'agency.id', 'crCase.referringAgencyId')
    .selectAll('crCase')
    .select('agency.name as referringAgencyName')
    .where('crCase.partnershipId', '=', partnershipId)
}

export function findCase(trx: Trx, partnershipId: string, id: string) {
  return cases(trx, partnershipId).where('crCase.id', '=', id).executeTakeFirst()
}

export function listCases(trx: Trx, partnershipId: string) {
  return cases(trx, partnershipId)
    .orderBy('crCase.referredOn', 'desc')
    .orderBy('crCase.reference', 'desc')
    .execute()
}

export async function nextReference(trx: Trx, partnershipId: string, year: string) {
  const rows = await trx
    .selectFrom('crCase')
    .select('reference')
    .where('partnershipId', '=', partnershipId)
    .where('reference', 'like', `CR-${year}-%`)
    .execute()
  const last = Math.max(0, ...rows.map(r => Number(r.reference.slice(8))))
  return `CR-${year}-${String(last + 1).padStart(3, '0')}`
}

export function findCaseBySource(
  trx: Trx,
  partnershipId: string,
  source: 'cdop',
  sourceId: string,
) {
  return trx
    .selectFrom('crCase')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where('source', '=', source)
    .where('sourceId', '=', sourceId)
    .executeTakeFirst()
}

export async function insertCase(trx: Trx, values: Insertable<CrCaseTable>) {
  return (await trx.insertInto('crCase').values(values).returning('id').executeTakeFirstOrThrow())
    .id
}

export function updateCase(trx: Trx, id: string, values: Updateable<CrCaseTable>) {
  return trx.updateTable('crCase').set(values).where('id', '=', id).execute()
}

// ---- Information requests ------------------------------------------------------------------

function requests(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('crInformationRequest as r')
    .innerJoin('agency', 'agency.id', 'r.agencyId')
    .innerJoin('crCase', 'crCase.id', 'r.caseId')
    .selectAll('r')
    .select(['agency.name as agencyName', 'crCase.reference as caseReference'])
    .where('r.partnershipId', '=', partnershipId)
}

export function listRequestsOfCase(trx: Trx, partnershipId: string, caseId: string) {
  return requests(trx, partnershipId)
    .where('r.caseId', '=', caseId)
    .orderBy('r.requestedOn')
    .execute()
}

/** Every request, or those asked of the given agencies only (an agency lead's). */
export function listRequests(trx: Trx, partnershipId: string, agencyIds: string[] | null) {
  let query = requests(trx, partnershipId)
  if (agencyIds) {
    if (!agencyIds.length) return Promise.resolve([])
    query = query.where('r.agencyId', 'in', agencyIds)
  }
  return query.orderBy('r.dueOn').execute()
}

export function findRequest(trx: Trx, partnershipId: string, id: string) {
  return requests(trx, partnershipId).where('r.id', '=', id).executeTakeFirst()
}

export async function insertRequest(
  trx: Trx,
  values: {
    partnershipId: string
    caseId: string
    agencyId: string
    question: string
    requestedOn: string
    dueOn: string
  },
) {
  return (
    await trx
      .insertInto('crInformationRequest')
      .values(values)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
}

export function answerRequest(
  trx: Trx,
  id: string,
  values: { answer: string; answeredOn: string; answeredBy: string },
) {
  return trx.updateTable('crInformationRequest').set(values).where('id', '=', id).execute()
}

// ---- Reviews -----------------------------------------------------------------------------------

export async function insertReview(trx: Trx, values: Insertable<CrReviewTable>) {
  return (await trx.insertInto('crReview').values(values).returning('id').executeTakeFirstOrThrow())
    .id
}

export function linkReviewCase(trx: Trx, partnershipId: string, reviewId: string, caseId: string) {
  return trx.insertInto('crReviewCase').values({ partnershipId, reviewId, caseId }).execute()
}

export function findReview(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('crReview')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listReviews(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('crReview')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('decidedOn', 'desc')
    .execute()
}

export function updateReview(trx: Trx, id: string, values: Updateable<CrReviewTable>) {
  return trx.updateTable('crReview').set(values).where('id', '=', id).execute()
}

export function listCasesOfReview(trx: Trx, reviewId: string) {
  return trx
    .selectFrom('crReviewCase')
    .innerJoin('crCase', 'crCase.id', 'crReviewCase.caseId')
    .select(['crCase.id', 'crCase.reference', 'crCase.childName'])
    .where('crReviewCase.reviewId', '=', reviewId)
    .orderBy('crCase.reference')
    .execute()
}

export function findReviewOfCase(trx: Trx, caseId: string) {
  return trx
    .selectFrom('crReviewCase')
    .innerJoin('crReview', 'crReview.id', 'crReviewCase.reviewId')
    .select(['crReview.id', 'crReview.title'])
    .where('crReviewCase.caseId', '=', caseId)
    .executeTakeFirst()
}

export function listMilestones(trx: Trx, reviewId: string) {
  return trx
    .selectFrom('crMilestone')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .orderBy('dueOn')
    .execute()
}

export function insertMilestone(
  trx: Trx,
  values: { partnershipId: string; reviewId: string; title: string; dueOn: string },
) {
  return trx.insertInto('crMilestone').values(values).execute()
}

export function findMilestone(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('crMilestone')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function completeMilestone(trx: Trx, id: string, completedOn: string) {
  return trx.updateTable('crMilestone').set({ completedOn }).where('id', '=', id).execute()
}

export function listDocuments(trx: Trx, reviewId: string) {
  return trx
    .selectFrom('crDocument')
    .leftJoin('agency', 'agency.id', 'crDocument.agencyId')
    .select([
      'crDocument.id',
      'crDocument.kind',
      'crDocument.title',
      'crDocument.version',
      'crDocument.dueOn',
      'crDocument.filename',
      'crDocument.sizeBytes',
      'crDocument.uploadedAt',
      'agency.name as agencyName',
    ])
    .where('crDocument.reviewId', '=', reviewId)
    .orderBy('crDocument.kind')
    .orderBy('crDocument.title')
    .orderBy('crDocument.version', 'desc')
    .execute()
}

export function findDocument(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('crDocument')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function latestVersion(trx: Trx, reviewId: string, kind: DocumentKind, title: string) {
  const row = await trx
    .selectFrom('crDocument')
    .select(eb => eb.fn.max('version').as('version'))
    .where('reviewId', '=', reviewId)
    .where('kind', '=', kind)
    .where('title', '=', title)
    .executeTakeFirst()
  return row?.version ?? 0
}

export async function insertDocument(trx: Trx, values: Insertable<CrDocumentTable>) {
  return (
    await trx.insertInto('crDocument').values(values).returning('id').executeTakeFirstOrThrow()
  ).id
}

export function listRecommendations(trx: Trx, reviewId: string) {
  return trx
    .selectFrom('crRecommendation')
    .selectAll()
    .where('reviewId', '=', reviewId)
    .orderBy('number')
    .execute()
}

export function listAllRecommendations(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('crRecommendation')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .execute()
}

export function insertRecommendation(
  trx: Trx,
  values: {
    partnershipId: string
    reviewId: string
    number: number
    text: string
    planActionId: string
  },
) {
  return trx.insertInto('crRecommendation').values(values).execute()
}
