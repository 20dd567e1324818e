import type { Trx } from '../../../db/database.js'

export function listAudits(trx: Trx, partnershipId: string) {
  return trx
    .selectFrom('asrCaseAudit')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .orderBy('createdAt', 'desc')
    .execute()
}

export function findAudit(trx: Trx, partnershipId: string, id: string) {
  return trx
    .selectFrom('asrCaseAudit')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type AuditRow = NonNullable<Awaited<ReturnType<typeof findAudit>>>

export function listSamples(trx: Trx, auditId: string) {
  return trx
    .selectFrom('asrCaseSample')
    .selectAll()
    .where('auditId', '=', auditId)
    .orderBy('position')
    .execute()
}

export function listForms(trx: Trx, auditId: string) {
  return trx
    .selectFrom('asrCaseForm')
    .innerJoin('agency', 'agency.id', 'asrCaseForm.agencyId')
    .innerJoin('asrCaseSample', 'asrCaseSample.id', 'asrCaseForm.sampleId')
    .selectAll('asrCaseForm')
    .select(['agency.name as agencyName', 'asrCaseSample.position'])
    .where('asrCaseForm.auditId', '=', auditId)
    .orderBy('asrCaseSample.position')
    .orderBy('agency.name')
    .execute()
}

export type FormRow = Awaited<ReturnType<typeof listForms>>[number]

export function listAuditActionLinks(trx: Trx, auditId: string) {
  return trx.selectFrom('asrAction').selectAll().where('caseAuditId', '=', auditId).execute()
}
