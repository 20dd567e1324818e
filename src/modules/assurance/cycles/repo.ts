import type { Trx } from '../../../db/database.js'

export function listOrganisations(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('asrOrganisation')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('kind')
    .orderBy('name')
    .execute()
}

export function findOrganisation(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('asrOrganisation')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listCycles(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('asrCycle')
    .innerJoin('asrTemplate', 'asrTemplate.id', 'asrCycle.templateId')
    .selectAll('asrCycle')
    .select(['asrTemplate.title as templateTitle', 'asrTemplate.version as templateVersion'])
    .where('asrCycle.partnershipId', '=', partnershipId)
    .orderBy('asrCycle.opensOn', 'desc')
    .execute()
}

export function findCycle(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('asrCycle')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export function listCycleReturns(trx: Trx, partnershipId: string, cycleIds: string[]) {
  if (!cycleIds.length) return Promise.resolve([])
  return trx
    .selectFrom('asrReturn')
    .innerJoin('asrOrganisation', 'asrOrganisation.id', 'asrReturn.organisationId')
    .select([
      'asrReturn.id',
      'asrReturn.cycleId',
      'asrReturn.templateId',
      'asrReturn.status',
      'asrReturn.answers',
      'asrReturn.moderation',
      'asrReturn.invitedOn',
      'asrReturn.submittedOn',
      'asrReturn.moderatedOn',
      'asrReturn.reminderSentOn',
      'asrReturn.overdueSentOn',
      'asrOrganisation.id as organisationId',
      'asrOrganisation.name as organisationName',
      'asrOrganisation.kind as organisationKind',
      'asrOrganisation.agencyId',
      'asrOrganisation.urn',
      'asrOrganisation.leadEmail',
    ])
    .where('asrReturn.partnershipId', '=', partnershipId)
    .where('asrReturn.cycleId', 'in', cycleIds)
    .orderBy('asrOrganisation.name')
    .execute()
}

export type CycleReturn = Awaited<ReturnType<typeof listCycleReturns>>[number]
