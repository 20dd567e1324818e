import type { Trx } from '../../../db/database.js'
import type { BuildStatus, ReportBuildTable } from '../table.js'

/** Contributions of a report with who owes each, for the build progress page. */
export function listOwed(trx: Trx, reportId: string) {
  return trx
    .selectFrom('reportContribution')
    .innerJoin('reportSection', 'reportSection.id', 'reportContribution.sectionId')
    .leftJoin('appUser', 'appUser.id', 'reportContribution.assigneeId')
    .select([
      'reportContribution.id',
      'reportContribution.status',
      'reportContribution.dueOn',
      'reportSection.title as sectionTitle',
      'appUser.displayName as assigneeName',
    ])
    .where('reportContribution.reportId', '=', reportId)
    .orderBy('reportContribution.dueOn')
    .execute()
}

export function insertBuild(
  trx: Trx,
  values: Pick<ReportBuildTable, 'partnershipId' | 'reportId' | 'format' | 'version'> & {
    requestedBy: string
  },
) {
  return trx.insertInto('reportBuild').values(values).returning('id').executeTakeFirstOrThrow()
}

export function listBuilds(trx: Trx, reportId: string) {
  return trx
    .selectFrom('reportBuild')
    .leftJoin('appUser', 'appUser.id', 'reportBuild.requestedBy')
    .select([
      'reportBuild.id',
      'reportBuild.format',
      'reportBuild.version',
      'reportBuild.status',
      'reportBuild.requestedAt',
      'reportBuild.finishedAt',
      'reportBuild.byteSize',
      'reportBuild.error',
      'appUser.displayName as requestedByName',
    ])
    .where('reportBuild.reportId', '=', reportId)
    .orderBy('reportBuild.requestedAt', 'desc')
    .limit(20)
    .execute()
}

export function findBuild(trx: Trx, id: string) {
  return trx.selectFrom('reportBuild').selectAll().where('id', '=', id).executeTakeFirst()
}

export function setBuild(
  trx: Trx,
  id: string,
  values: {
    status: BuildStatus
    finishedAt?: Date
    content?: Buffer
    byteSize?: number
    error?: string
  },
) {
  return trx.updateTable('reportBuild').set(values).where('id', '=', id).execute()
}
