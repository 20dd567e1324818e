import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { withChildren } from '../../children/queries.js'
import type { PanelType, RegisterKind } from '../table.js'

/** Every query of panels, their agendas and actions; each runs in a partnership's transaction. */

export function listPanels(trx: Trx) {
  return trx.selectFrom('registerPanel').selectAll().execute()
}

export function findPanelByBody(trx: Trx, bodyId: string) {
  return trx.selectFrom('registerPanel').selectAll().where('bodyId', '=', bodyId).executeTakeFirst()
}

export function findPanel(trx: Trx, id: string) {
  return trx.selectFrom('registerPanel').selectAll().where('id', '=', id).executeTakeFirst()
}

export function insertPanel(
  trx: Trx,
  values: { partnershipId: string; bodyId: string; panelType: PanelType; createdBy: string },
) {
  return trx.insertInto('registerPanel').values(values).returning('id').executeTakeFirstOrThrow()
}

const CHILD = ['givenName', 'familyName', 'laChildId'] as const

/** A meeting's agenda, by the children's family then given names. */
export async function listAgenda(trx: Trx, meetingId: string) {
  const rows = await trx
    .selectFrom('panelAgendaChild')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .execute()
  return withChildren(trx, rows, CHILD, { byName: true })
}

export function findAgendaChild(trx: Trx, id: string) {
  return trx.selectFrom('panelAgendaChild').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findAgendaChildOnMeeting(trx: Trx, meetingId: string, childId: string) {
  return trx
    .selectFrom('panelAgendaChild')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .where('childId', '=', childId)
    .executeTakeFirst()
}

export function insertAgendaChild(
  trx: Trx,
  values: {
    partnershipId: string
    panelId: string
    meetingId: string
    childId: string
    register: RegisterKind
    entryId: string
    addedBy: string
  },
) {
  return trx.insertInto('panelAgendaChild').values(values).returning('id').executeTakeFirstOrThrow()
}

export function recordReview(
  trx: Trx,
  id: string,
  values: {
    reviewNotes: string
    riskLevelAfter: string | null
    reviewedBy: string
    reviewedAt: Date
  },
) {
  return trx.updateTable('panelAgendaChild').set(values).where('id', '=', id).execute()
}

export function insertAction(
  trx: Trx,
  values: {
    partnershipId: string
    agendaChildId: string
    childId: string
    register: RegisterKind
    entryId: string
    text: string
    ownerName: string
    dueOn: string
    createdBy: string
  },
) {
  return trx.insertInto('registerAction').values(values).returning('id').executeTakeFirstOrThrow()
}

/** The panel reviews of a register entry, with the actions each recorded, newest first. */
export function listReviewsOfEntry(trx: Trx, entryId: string) {
  return trx
    .selectFrom('panelAgendaChild')
    .selectAll()
    .where('entryId', '=', entryId)
    .where('reviewedAt', 'is not', null)
    .orderBy('reviewedAt', 'desc')
    .execute()
}

export function listActionsOfEntry(trx: Trx, entryId: string) {
  return trx
    .selectFrom('registerAction')
    .leftJoin('appUser', 'appUser.id', 'registerAction.doneBy')
    .selectAll('registerAction')
    .select('appUser.displayName as doneByName')
    .where('registerAction.entryId', '=', entryId)
    .orderBy('registerAction.dueOn')
    .execute()
}

export function findAction(trx: Trx, id: string) {
  return trx.selectFrom('registerAction').selectAll().where('id', '=', id).executeTakeFirst()
}

export function markActionDone(trx: Trx, id: string, doneBy: string, doneAt: Date) {
  return trx
    .updateTable('registerAction')
    .set({ status: 'done', doneBy, doneAt })
    .where('id', '=', id)
    .execute()
}

/** When each entry was last reviewed at a panel. */
export async function lastReviewedAt(trx: Trx, entryIds: readonly string[]) {
  if (entryIds.length === 0) return new Map<string, Date>()
  const rows = await trx
    .selectFrom('panelAgendaChild')
    .select(['entryId', sql<Date>`max(reviewed_at)`.as('last')])
    .where('entryId', 'in', [...entryIds])
    .where('reviewedAt', 'is not', null)
    .groupBy('entryId')
    .execute()
  return new Map(rows.map(row => [row.entryId, new Date(row.last)]))
}

/** Children currently on a register, as entries a panel of that register can review. */
export async function openExploitationEntries(trx: Trx, types: readonly string[] | null) {
  let query = trx
    .selectFrom('exploitationEntry')
    .select([
      'exploitationEntry.id as entryId',
      'exploitationEntry.childId',
      'exploitationEntry.riskLevel as detail',
    ])
    .where('exploitationEntry.removedOn', 'is', null)
  if (types)
    query = query.where(sql<boolean>`exploitation_entry.types && ${sql.val(types)}::text[]`)
  return withChildren(trx, await query.execute(), CHILD)
}

export async function fgmEntriesAwaitingDecision(trx: Trx) {
  const rows = await trx
    .selectFrom('fgmReferral')
    .select([
      'fgmReferral.id as entryId',
      'fgmReferral.childId',
      'fgmReferral.screeningOutcome as detail',
    ])
    .where('fgmReferral.panelDecidedOn', 'is', null)
    .execute()
  return withChildren(trx, rows, CHILD)
}

/** Each child's latest missing episode reported since `since`. */
export async function recentMissingEntries(trx: Trx, since: Date) {
  const rows = await trx
    .selectFrom('missingEpisode')
    .distinctOn('missingEpisode.childId')
    .select([
      'missingEpisode.id as entryId',
      'missingEpisode.childId',
      'missingEpisode.missingFrom as detail',
    ])
    .where('missingEpisode.reportedAt', '>=', since)
    .orderBy('missingEpisode.childId')
    .orderBy('missingEpisode.reportedAt', 'desc')
    .execute()
  return withChildren(trx, rows, CHILD)
}

export function updateExploitationRisk(trx: Trx, entryId: string, riskLevel: string) {
  return trx.updateTable('exploitationEntry').set({ riskLevel }).where('id', '=', entryId).execute()
}
