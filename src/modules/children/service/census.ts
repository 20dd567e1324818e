/**
 * Census children saved and read back: each child by LA child ID, each episode by referral date,
 * and each record of an episode by its start date.
 */
import type { Db, Trx } from '../../../db/database.js'
import type { CensusChild, CinEpisode } from '../../census/queries.js'
import { parseYesNo, sexFrom } from '../../census/queries.js'
import {
  findChildIds,
  findEpisodeIds,
  listAssessments,
  listChildrenWithOpenEpisodes,
  listCinPlans,
  listEpisodes,
  listPreProceedings,
  listProtectionPlans,
  listSection47s,
  updateChildNames,
  upsertRows,
  type Row,
  type UpsertCounts,
} from '../repo.js'

export type { UpsertCounts }

export const CHILD_RECORD_TABLES = [
  'child',
  'cinEpisode',
  'assessment',
  'cinPlan',
  'section47',
  'childProtectionPlan',
  'preProceedings',
] as const
export type ChildRecordTable = (typeof CHILD_RECORD_TABLES)[number]
export type SaveCounts = Record<ChildRecordTable, UpsertCounts>

function emptyCounts(): SaveCounts {
  const counts = {} as SaveCounts
  for (const table of CHILD_RECORD_TABLES) counts[table] = { inserted: 0, updated: 0, unchanged: 0 }
  return counts
}

export function addCounts(total: SaveCounts, more: SaveCounts): SaveCounts {
  for (const table of CHILD_RECORD_TABLES) {
    total[table].inserted += more[table].inserted
    total[table].updated += more[table].updated
    total[table].unchanged += more[table].unchanged
  }
  return total
}

export { emptyCounts as emptySaveCounts }

const CHILD_COLUMNS = [
  'upn',
  'former_upn',
  'upn_unknown',
  'birth_date',
  'expected_birth_date',
  'sex',
  'gender_current',
  'death_date',
  'ethnicity',
  'disabilities',
]
const EPISODE_COLUMNS = [
  'referral_source',
  'primary_need_code',
  'closure_date',
  'reason_for_closure',
  'date_of_initial_cpc',
  'referral_nfa',
]
const EPISODE_KEYS = ['episode_id', 'start_date']
const ASSESSMENT_COLUMNS = ['internal_review_date', 'authorisation_date', 'factors']
const CIN_PLAN_COLUMNS = ['end_date']
const SECTION_47_COLUMNS = ['icpc_target_date', 'date_of_initial_cpc', 'icpc_not_required']
const PLAN_COLUMNS = [
  'end_date',
  'initial_category',
  'latest_category',
  'number_of_previous_plans',
  'review_dates',
]
const PRE_PROCEEDINGS_COLUMNS = [
  'letter_before_proceedings_date',
  'fgdm_meeting_offer',
  'fgdm_meeting_facilitated',
  'initial_meeting_date',
  'review_meetings_count',
  'step_decision_date',
  'outcome',
  'court_application_date',
  'letter_initial_cp_date',
]

function integerOrNull(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null
}

/**
 * Saves census children: each child by LA child ID, each episode by referral date, and each
 * assessment, plan, enquiry and pre-proceedings record by its start date. What the census
 * carries replaces what we held for that record; records it does not carry are kept (a later
 * census leaves out episodes that closed before its year). Names are never touched: the census
 * has none. The caller checks the children first (`importProblems`): every child has an LA
 * child ID, and every episode and record a start date that is unique within its parent.
 */
export async function saveCensusChildren(
  trx: Trx,
  partnershipId: string,
  children: readonly CensusChild[],
): Promise<SaveCounts> {
  const counts = emptyCounts()
  const childRows: Row[] = children.map(child => {
    const i = child.identifiers
    return {
      partnership_id: partnershipId,
      la_child_id: i.laChildId,
      upn: i.upn,
      former_upn: i.formerUpn,
      upn_unknown: i.upnUnknown,
      birth_date: i.personBirthDate,
      expected_birth_date: i.expectedPersonBirthDate,
      sex: i.sex,
      gender_current: i.genderCurrent,
      death_date: i.personDeathDate,
      ethnicity: child.ethnicity,
      disabilities: child.disabilities,
    }
  })
  counts.child = await upsertRows(trx, 'child', ['la_child_id'], CHILD_COLUMNS, childRows)
  const childIds = await findChildIds(
    trx,
    partnershipId,
    children.map(child => child.identifiers.laChildId ?? ''),
  )

  const episodes: { childId: string; episode: CinEpisode }[] = []
  for (const child of children) {
    const childId = childIds.get(child.identifiers.laChildId ?? '')
    if (childId === undefined) throw new Error('A saved child was not found again')
    for (const episode of child.episodes) episodes.push({ childId, episode })
  }
  counts.cinEpisode = await upsertRows(
    trx,
    'cin_episode',
    ['child_id', 'referral_date'],
    EPISODE_COLUMNS,
    episodes.map(({ childId, episode: e }) => ({
      partnership_id: partnershipId,
      child_id: childId,
      referral_date: e.referralDate,
      referral_source: e.referralSource,
      primary_need_code: e.primaryNeedCode,
      closure_date: e.closureDate,
      reason_for_closure: e.reasonForClosure,
      date_of_initial_cpc: e.dateOfInitialCpc,
      referral_nfa: parseYesNo(e.referralNfa),
    })),
  )
  const episodeIds = await findEpisodeIds(trx, [...childIds.values()])
  const assessments: Row[] = []
  const cinPlans: Row[] = []
  const section47s: Row[] = []
  const plans: Row[] = []
  const preProceedings: Row[] = []
  for (const { childId, episode: e } of episodes) {
    const episodeId = episodeIds.get(`${childId} ${e.referralDate ?? ''}`)
    if (episodeId === undefined) throw new Error('A saved episode was not found again')
    const base = { partnership_id: partnershipId, episode_id: episodeId }
    for (const a of e.assessments) {
      assessments.push({
        ...base,
        start_date: a.startDate,
        internal_review_date: a.internalReviewDate,
        authorisation_date: a.authorisationDate,
        factors: a.factors ?? null,
      })
    }
    for (const p of e.cinPlans)
      cinPlans.push({ ...base, start_date: p.startDate, end_date: p.endDate })
    for (const s of e.section47s) {
      section47s.push({
        ...base,
        start_date: s.startDate,
        icpc_target_date: s.icpcTargetDate,
        date_of_initial_cpc: s.dateOfInitialCpc,
        icpc_not_required: parseYesNo(s.icpcNotRequired),
      })
    }
    for (const p of e.childProtectionPlans) {
      plans.push({
        ...base,
        start_date: p.startDate,
        end_date: p.endDate,
        initial_category: p.initialCategoryOfAbuse,
        latest_category: p.latestCategoryOfAbuse,
        number_of_previous_plans: integerOrNull(p.numberOfPreviousCpp),
        review_dates: p.reviewDates.filter(date => date !== undefined),
      })
    }
    for (const p of e.preProceedings) {
      preProceedings.push({
        ...base,
        start_date: p.ppStartDate,
        letter_before_proceedings_date: p.lbpSentDate,
        fgdm_meeting_offer: p.fgdmMeetingOffer,
        fgdm_meeting_facilitated: p.fgdmMeetingFac,
        initial_meeting_date: p.initialPpMeetingDate,
        review_meetings_count: integerOrNull(p.reviewMeetingsCount),
        step_decision_date: p.stepDecisionDate,
        outcome: p.ppOutcome,
        court_application_date: p.courtAppDate,
        letter_initial_cp_date: p.letterInitCpDate,
      })
    }
  }
  counts.assessment = await upsertRows(
    trx,
    'assessment',
    EPISODE_KEYS,
    ASSESSMENT_COLUMNS,
    assessments,
  )
  counts.cinPlan = await upsertRows(trx, 'cin_plan', EPISODE_KEYS, CIN_PLAN_COLUMNS, cinPlans)
  counts.section47 = await upsertRows(
    trx,
    'section47',
    EPISODE_KEYS,
    SECTION_47_COLUMNS,
    section47s,
  )
  counts.childProtectionPlan = await upsertRows(
    trx,
    'child_protection_plan',
    EPISODE_KEYS,
    PLAN_COLUMNS,
    plans,
  )
  counts.preProceedings = await upsertRows(
    trx,
    'pre_proceedings',
    EPISODE_KEYS,
    PRE_PROCEEDINGS_COLUMNS,
    preProceedings,
  )
  return counts
}

/** Gives children names (the census has none): the SSD's person given and family names. */
export async function nameChildren(
  trx: Trx,
  partnershipId: string,
  names: { laChildId: string; givenName: string; familyName: string }[],
): Promise<void> {
  await updateChildNames(trx, partnershipId, names)
}

const GENDER_CURRENT_FROM_SEX: Record<string, string> = { M: '1', F: '2', U: '0' }

/**
 * Census children with an episode open between `from` and `to` (the collection year), a page
 * at a time in LA child ID order; only the episodes open in that year are included.
 */
export async function censusChildrenPage(
  trx: Trx | Db,
  partnershipId: string,
  options: { from: string; to: string; after: string | null; limit: number; useSex: boolean },
): Promise<{ children: CensusChild[]; last: string | null }> {
  const open = { from: options.from, to: options.to }
  const rows = await listChildrenWithOpenEpisodes(
    trx,
    partnershipId,
    open,
    options.after,
    options.limit,
  )
  if (rows.length === 0) return { children: [], last: null }
  const episodes = await listEpisodes(
    trx,
    rows.map(row => row.id),
    open,
  )
  const episodeIds = episodes.map(e => e.id)
  const [assessments, cinPlans, section47s, plans, preProceedings] = await Promise.all([
    listAssessments(trx, episodeIds),
    listCinPlans(trx, episodeIds),
    listSection47s(trx, episodeIds),
    listProtectionPlans(trx, episodeIds),
    listPreProceedings(trx, episodeIds),
  ])
  const byEpisode = <T extends { episodeId: string }>(items: T[]) => {
    const map = new Map<string, T[]>()
    for (const item of items) map.set(item.episodeId, [...(map.get(item.episodeId) ?? []), item])
    return map
  }
  const aBy = byEpisode(assessments)
  const cBy = byEpisode(cinPlans)
  const sBy = byEpisode(section47s)
  const pBy = byEpisode(plans)
  const ppBy = byEpisode(preProceedings)
  const u = <T>(value: T | null): T | undefined => value ?? undefined
  const yesNo = (value: boolean | null) => (value === null ? undefined : String(value))
  const episodesBy = new Map<string, CinEpisode[]>()
  for (const e of episodes) {
    const episode: CinEpisode = {
      referralDate: e.referralDate,
      referralSource: u(e.referralSource),
      primaryNeedCode: u(e.primaryNeedCode),
      closureDate: u(e.closureDate),
      reasonForClosure: u(e.reasonForClosure),
      dateOfInitialCpc: u(e.dateOfInitialCpc),
      referralNfa: yesNo(e.referralNfa),
      assessments: (aBy.get(e.id) ?? []).map(a => ({
        startDate: a.startDate,
        internalReviewDate: u(a.internalReviewDate),
        authorisationDate: u(a.authorisationDate),
        factors: u(a.factors),
      })),
      cinPlans: (cBy.get(e.id) ?? []).map(p => ({ startDate: p.startDate, endDate: u(p.endDate) })),
      section47s: (sBy.get(e.id) ?? []).map(s => ({
        startDate: s.startDate,
        icpcTargetDate: u(s.icpcTargetDate),
        dateOfInitialCpc: u(s.dateOfInitialCpc),
        icpcNotRequired: yesNo(s.icpcNotRequired),
      })),
      childProtectionPlans: (pBy.get(e.id) ?? []).map(p => ({
        startDate: p.startDate,
        endDate: u(p.endDate),
        initialCategoryOfAbuse: u(p.initialCategory),
        latestCategoryOfAbuse: u(p.latestCategory),
        numberOfPreviousCpp:
          p.numberOfPreviousPlans === null ? undefined : String(p.numberOfPreviousPlans),
        reviewDates: p.reviewDates,
      })),
      preProceedings: (ppBy.get(e.id) ?? []).map(p => ({
        ppStartDate: p.startDate,
        lbpSentDate: u(p.letterBeforeProceedingsDate),
        fgdmMeetingOffer: u(p.fgdmMeetingOffer),
        fgdmMeetingFac: u(p.fgdmMeetingFacilitated),
        initialPpMeetingDate: u(p.initialMeetingDate),
        reviewMeetingsCount:
          p.reviewMeetingsCount === null ? undefined : String(p.reviewMeetingsCount),
        stepDecisionDate: u(p.stepDecisionDate),
        ppOutcome: u(p.outcome),
        courtAppDate: u(p.courtApplicationDate),
        letterInitCpDate: u(p.letterInitialCpDate),
      })),
    }
    episodesBy.set(e.childId, [...(episodesBy.get(e.childId) ?? []), episode])
  }
  const children = rows.map(row => {
    const sex = u(row.sex)
    const genderCurrent = row.genderCurrent ?? (sex ? GENDER_CURRENT_FROM_SEX[sex] : undefined)
    return {
      line: 0,
      identifiers: {
        laChildId: row.laChildId,
        upn: u(row.upn),
        formerUpn: u(row.formerUpn),
        upnUnknown: u(row.upnUnknown),
        personBirthDate: u(row.birthDate),
        expectedPersonBirthDate: u(row.expectedBirthDate),
        sexElement: options.useSex ? sex : undefined,
        genderCurrent: options.useSex ? undefined : genderCurrent,
        sex: sexFrom(sex),
        personDeathDate: u(row.deathDate),
      },
      ethnicity: u(row.ethnicity),
      disabilities: row.disabilities,
      episodes: episodesBy.get(row.id) ?? [],
    } satisfies CensusChild
  })
  return { children, last: rows.at(-1)?.laChildId ?? null }
}
