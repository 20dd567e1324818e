/** What a merge of two children's records moves, counts, and must refuse to move. */
import type { Trx } from '../../db/database.js'
import { formatDate } from '../../platform/http/web.js'

/** The tables whose rows point at a child and move with a merge, in the order they move. */
export const MOVED_TABLES = [
  'cinEpisode',
  'referralChild',
  'strategyDiscussion',
  'conference',
  'journeyStep',
  'previousProtectionPlan',
  'earlyHelpEpisode',
  'exploitationEntry',
  'missingEpisode',
  'fgmReferral',
  'privateFostering',
  'ladoReferral',
  'cdopNotification',
  'crCase',
  'panelAgendaChild',
  'registerAction',
  'asrCaseSample',
] as const
export type MovedTable = (typeof MOVED_TABLES)[number]
export type MovedCounts = Record<MovedTable | 'mergedRecord', number>

export const MOVED_TABLE_NAMES: Record<keyof MovedCounts, string> = {
  cinEpisode: 'Child in need episodes',
  referralChild: 'Referrals',
  strategyDiscussion: 'Strategy discussions',
  conference: 'Conferences',
  journeyStep: 'Step-up and step-down events',
  previousProtectionPlan: 'Child protection plans known from elsewhere',
  earlyHelpEpisode: 'Early help episodes',
  exploitationEntry: 'Exploitation register entries',
  missingEpisode: 'Missing episodes',
  fgmReferral: 'FGM referrals',
  privateFostering: 'Private fostering arrangements',
  ladoReferral: 'Allegations (LADO referrals)',
  cdopNotification: 'Child death notifications',
  crCase: 'Case review cases',
  panelAgendaChild: 'Register panel agenda items',
  registerAction: 'Register panel actions',
  asrCaseSample: 'Case file audit samples',
  mergedRecord: 'Records merged into the duplicate before',
}

/**
 * A child has at most one open early help episode and one open exploitation entry, one place on
 * a panel meeting's agenda, and one record of a plan known from elsewhere per start date: the
 * merge would break these rules, so a worker settles them first.
 */
export async function recordsThatCannotBothMove(trx: Trx, keptId: string, mergedId: string) {
  const both = [keptId, mergedId]
  const openEarlyHelp = await trx
    .selectFrom('earlyHelpEpisode')
    .select('childId')
    .where('childId', 'in', both)
    .where('endDate', 'is', null)
    .execute()
  if (new Set(openEarlyHelp.map(row => row.childId)).size === 2) {
    return {
      refusal: 'both-open',
      message: 'Both records have an open early help episode: close one of them before merging',
    } as const
  }
  const openExploitation = await trx
    .selectFrom('exploitationEntry')
    .select('childId')
    .where('childId', 'in', both)
    .where('removedOn', 'is', null)
    .execute()
  if (new Set(openExploitation.map(row => row.childId)).size === 2) {
    return {
      refusal: 'both-open',
      message: 'Both records are on the exploitation register: remove one entry before merging',
    } as const
  }
  const sameAgendas = await trx
    .selectFrom('panelAgendaChild as k')
    .innerJoin('panelAgendaChild as m', 'm.meetingId', 'k.meetingId')
    .innerJoin('govMeeting', 'govMeeting.id', 'k.meetingId')
    .select('govMeeting.heldOn')
    .where('k.childId', '=', keptId)
    .where('m.childId', '=', mergedId)
    .orderBy('govMeeting.heldOn')
    .execute()
  if (sameAgendas.length > 0) {
    const dates = sameAgendas.map(row => formatDate(row.heldOn)).join(', ')
    return {
      refusal: 'same-panel-agenda',
      message: `Both records are on the agenda of the register panel meeting on ${dates}: remove one of them from the agenda before merging`,
    } as const
  }
  const samePlans = await trx
    .selectFrom('previousProtectionPlan as k')
    .innerJoin('previousProtectionPlan as m', 'm.startDate', 'k.startDate')
    .select('k.startDate')
    .where('k.childId', '=', keptId)
    .where('m.childId', '=', mergedId)
    .orderBy('k.startDate')
    .execute()
  if (samePlans.length > 0) {
    const dates = samePlans.map(row => formatDate(row.startDate)).join(', ')
    return {
      refusal: 'same-previous-plan',
      message: `Both records have a child protection plan known from elsewhere that started on ${dates}: remove one of them before merging`,
    } as const
  }
  return undefined
}

/** How many rows point at a record, per table that a merge moves. */
export async function countRowsToMove(
  trx: Trx,
  partnershipId: string,
  childId: string,
): Promise<MovedCounts> {
  const counts = { mergedRecord: 0 } as MovedCounts
  for (const table of MOVED_TABLES) {
    const row = await trx
      .selectFrom(table)
      .select(eb => eb.fn.countAll<string>().as('count'))
      .where('partnershipId', '=', partnershipId)
      .where('childId', '=', childId)
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.count)
  }
  const merged = await trx
    .selectFrom('child')
    .select(eb => eb.fn.countAll<string>().as('count'))
    .where('partnershipId', '=', partnershipId)
    .where('mergedIntoId', '=', childId)
    .executeTakeFirstOrThrow()
  counts.mergedRecord = Number(merged.count)
  return counts
}
