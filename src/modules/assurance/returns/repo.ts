import type { Trx } from '../../../db/database.js'

export function findReturn(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('asrReturn')
    .innerJoin('asrCycle', 'asrCycle.id', 'asrReturn.cycleId')
    .innerJoin('asrOrganisation', 'asrOrganisation.id', 'asrReturn.organisationId')
    .innerJoin('asrTemplate', 'asrTemplate.id', 'asrReturn.templateId')
    .selectAll('asrReturn')
    .select([
      'asrCycle.title as cycleTitle',
      'asrCycle.dueOn',
      'asrCycle.opensOn',
      'asrOrganisation.name as organisationName',
      'asrOrganisation.kind as organisationKind',
      'asrOrganisation.agencyId',
      'asrOrganisation.leadEmail',
      'asrTemplate.key as templateKey',
      'asrTemplate.title as templateTitle',
      'asrTemplate.version as templateVersion',
      'asrTemplate.threshold',
      'asrTemplate.definition',
    ])
    .where('asrReturn.partnershipId', '=', partnershipId)
    .where('asrReturn.id', '=', id)
    .executeTakeFirst()
}

export type LoadedReturn = NonNullable<Awaited<ReturnType<typeof findReturn>>>

export function listEvents(trx: Trx, returnId: string) {
  return trx
    .selectFrom('asrReturnEvent')
    .leftJoin('appUser', 'appUser.id', 'asrReturnEvent.userId')
    .select([
      'asrReturnEvent.action',
      'asrReturnEvent.comment',
      'asrReturnEvent.at',
      'appUser.displayName as by',
    ])
    .where('asrReturnEvent.returnId', '=', returnId)
    .orderBy('asrReturnEvent.at')
    .execute()
}

export function listEvidence(trx: Trx, returnId: string) {
  return trx
    .selectFrom('asrEvidence')
    .select(['id', 'questionKey', 'filename', 'sizeBytes', 'uploadedAt'])
    .where('returnId', '=', returnId)
    .orderBy('uploadedAt')
    .execute()
}

export function findEvidence(trx: Trx, returnId: string, id: string) {
  return trx
    .selectFrom('asrEvidence')
    .selectAll()
    .where('returnId', '=', returnId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listActionLinks(trx: Trx, partnershipId: string, returnIds: string[]) {
  if (!returnIds.length) return Promise.resolve([])
  return trx
    .selectFrom('asrAction')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('returnId', 'in', returnIds)
    .execute()
}

export function addEvent(
  trx: Trx,
  row: {
    partnershipId: string
    returnId: string
    userId: string | null
    action: string
    comment?: string | null
  },
) {
  return trx
    .insertInto('asrReturnEvent')
    .values({ ...row, comment: row.comment ?? null })
    .execute()
}
