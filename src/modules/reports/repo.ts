import { sql } from 'kysely'
import type { Trx } from '../../db/database.js'
import { listPeopleWithRoles } from '../../platform/directory.js'
import type {
  ContributionAction,
  ContributionStatus,
  ReportKind,
  ReportStatus,
  SectionKind,
} from './table.js'

/** Every query of the annual report, on its own tables only, in a partnership-bound transaction. */

export function listReports(trx: Trx) {
  return trx.selectFrom('report').selectAll().orderBy('startYear', 'desc').orderBy('kind').execute()
}

export function findReport(trx: Trx, id: string) {
  return trx.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findReportByYear(trx: Trx, startYear: number, kind: ReportKind) {
  return trx
    .selectFrom('report')
    .selectAll()
    .where('startYear', '=', startYear)
    .where('kind', '=', kind)
    .executeTakeFirst()
}

export function insertReport(
  trx: Trx,
  values: { partnershipId: string; startYear: number; kind: ReportKind; title: string },
) {
  return trx.insertInto('report').values(values).returning('id').executeTakeFirstOrThrow()
}

export function setStatus(
  trx: Trx,
  id: string,
  status: ReportStatus,
  extra: { submittedBy?: string; submittedAt?: Date; approvedBy?: string; approvedAt?: Date } = {},
) {
  return trx
    .updateTable('report')
    .set({ status, ...extra })
    .where('id', '=', id)
    .execute()
}

export function listSections(trx: Trx, reportId: string) {
  return trx
    .selectFrom('reportSection')
    .selectAll()
    .where('reportId', '=', reportId)
    .orderBy('position')
    .execute()
}

export function findSection(trx: Trx, id: string) {
  return trx.selectFrom('reportSection').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertSections(
  trx: Trx,
  rows: {
    partnershipId: string
    reportId: string
    position: number
    kind: SectionKind
    title: string
    block: string | null
    body?: string
  }[],
) {
  return trx.insertInto('reportSection').values(rows).returning('id').execute()
}

export function updateSection(trx: Trx, id: string, values: { title?: string; body?: string }) {
  return trx
    .updateTable('reportSection')
    .set({ ...values, updatedAt: new Date() })
    .where('id', '=', id)
    .execute()
}

export function setPosition(trx: Trx, id: string, position: number) {
  return trx.updateTable('reportSection').set({ position }).where('id', '=', id).execute()
}

export function deleteSection(trx: Trx, id: string) {
  return trx.deleteFrom('reportSection').where('id', '=', id).execute()
}

export async function nextPosition(trx: Trx, reportId: string): Promise<number> {
  const row = await trx
    .selectFrom('reportSection')
    .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
    .where('reportId', '=', reportId)
    .executeTakeFirstOrThrow()
  return row.next
}

export function listVersions(trx: Trx, reportId: string) {
  return trx
    .selectFrom('reportVersion')
    .select(['id', 'number', 'frozenAt', 'publishedAt'])
    .where('reportId', '=', reportId)
    .orderBy('number', 'desc')
    .execute()
}

export function latestVersion(trx: Trx, reportId: string, publishedOnly: boolean) {
  let query = trx
    .selectFrom('reportVersion')
    .selectAll()
    .where('reportId', '=', reportId)
    .orderBy('number', 'desc')
  if (publishedOnly) query = query.where('publishedAt', 'is not', null)
  return query.executeTakeFirst()
}

export function insertVersion(
  trx: Trx,
  values: {
    partnershipId: string
    reportId: string
    number: number
    content: string
    frozenBy: string
  },
) {
  return trx.insertInto('reportVersion').values(values).returning('id').executeTakeFirstOrThrow()
}

export function markPublished(trx: Trx, versionId: string) {
  return trx
    .updateTable('reportVersion')
    .set({ publishedAt: new Date() })
    .where('id', '=', versionId)
    .execute()
}

/** Published versions of every year, newest first: the public archive. */
export function listPublished(trx: Trx) {
  return trx
    .selectFrom('reportVersion')
    .innerJoin('report', 'report.id', 'reportVersion.reportId')
    .select(['report.startYear', 'report.kind', 'report.title', 'reportVersion.publishedAt'])
    .where('reportVersion.publishedAt', 'is not', null)
    .orderBy('report.startYear', 'desc')
    .orderBy('reportVersion.number', 'desc')
    .execute()
}

export function listContributions(trx: Trx, filter: { reportId?: string; assigneeId?: string }) {
  let query = trx
    .selectFrom('reportContribution')
    .innerJoin('reportSection', 'reportSection.id', 'reportContribution.sectionId')
    .innerJoin('report', 'report.id', 'reportContribution.reportId')
    .selectAll('reportContribution')
    .select(['reportSection.title as sectionTitle', 'report.title as reportTitle'])
    .orderBy('reportContribution.dueOn')
  if (filter.reportId) query = query.where('reportContribution.reportId', '=', filter.reportId)
  if (filter.assigneeId)
    query = query.where('reportContribution.assigneeId', '=', filter.assigneeId)
  return query.execute()
}

export function findContribution(trx: Trx, id: string) {
  return trx
    .selectFrom('reportContribution')
    .innerJoin('reportSection', 'reportSection.id', 'reportContribution.sectionId')
    .selectAll('reportContribution')
    .select(['reportSection.title as sectionTitle'])
    .where('reportContribution.id', '=', id)
    .executeTakeFirst()
}

export function insertContribution(
  trx: Trx,
  values: {
    partnershipId: string
    reportId: string
    sectionId: string
    assigneeId: string
    questions: string
    dueOn: string
    requestedBy: string
  },
) {
  return trx
    .insertInto('reportContribution')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function updateContribution(
  trx: Trx,
  id: string,
  values: { status: ContributionStatus; body?: string },
) {
  return trx.updateTable('reportContribution').set(values).where('id', '=', id).execute()
}

export function setContributionDue(trx: Trx, id: string, dueOn: string) {
  return trx.updateTable('reportContribution').set({ dueOn }).where('id', '=', id).execute()
}

export function insertContributionEvent(
  trx: Trx,
  values: {
    partnershipId: string
    contributionId: string
    action: ContributionAction
    comments?: string | null
    body?: string | null
    byUser: string | null
  },
) {
  return trx.insertInto('reportContributionEvent').values(values).execute()
}

export function listContributionEvents(trx: Trx, contributionId: string) {
  return trx
    .selectFrom('reportContributionEvent')
    .leftJoin('appUser', 'appUser.id', 'reportContributionEvent.byUser')
    .selectAll('reportContributionEvent')
    .select('appUser.displayName as byName')
    .where('contributionId', '=', contributionId)
    .orderBy('at')
    .execute()
}

export function findUserEmail(trx: Trx, userId: string) {
  return trx
    .selectFrom('appUser')
    .select(['email', 'displayName'])
    .where('id', '=', userId)
    .executeTakeFirst()
}

/** People who may be asked for a section: agency leads, board members and the business unit. */
export function listContributors(trx: Trx, partnershipId: string) {
  return listPeopleWithRoles(trx, partnershipId, [
    'agency-lead',
    'board-member',
    'business-officer',
  ])
}
