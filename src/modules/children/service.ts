/**
 * Children's records: the census data items, held per partnership. Other modules (the census
 * import and export, the front door) read and write them through these functions.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, Trx } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import type { CensusChild, CinEpisode } from '../census/queries.js'
import { parseYesNo, sexFrom } from '../census/queries.js'
import {
  findChild,
  findChildIds,
  findEpisodeIds,
  listAssessments,
  listChildrenWithOpenEpisodes,
  listCinPlans,
  listEpisodes,
  listMergesInto,
  listPreProceedings,
  listProtectionPlans,
  listSection47s,
  updateChildNames,
  upsertRows,
  type Row,
  type UpsertCounts,
} from './repo.js'

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

// ---------------------------------------------------------------------------------------------
// A child's record: identifiers and a timeline of every episode and event

export interface TimelineEvent {
  date: string
  title: string
  detail: string[]
  episodeReferralDate: string
}

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })

export async function childRecord(trx: Trx, partnershipId: string, id: string) {
  const child = await findChild(trx, partnershipId, id)
  if (!child) return undefined
  const episodes = await listEpisodes(trx, [child.id])
  const ids = episodes.map(e => e.id)
  const [assessments, cinPlans, section47s, plans, preProceedings] =
    ids.length === 0
      ? [[], [], [], [], []]
      : await Promise.all([
          listAssessments(trx, ids),
          listCinPlans(trx, ids),
          listSection47s(trx, ids),
          listProtectionPlans(trx, ids),
          listPreProceedings(trx, ids),
        ])
  const referralOf = new Map(episodes.map(e => [e.id, e.referralDate]))
  const events: TimelineEvent[] = []
  const add = (episodeId: string, date: string | null, title: string, detail: string[]) => {
    if (date === null) return
    events.push({
      date,
      title,
      detail: detail.filter(Boolean),
      episodeReferralDate: referralOf.get(episodeId) ?? '',
    })
  }
  for (const e of episodes) {
    add(e.id, e.referralDate, 'Referral', [
      e.referralSource ? `Source: ${e.referralSource}` : '',
      e.primaryNeedCode ? `Primary need: ${e.primaryNeedCode}` : '',
      e.referralNfa ? 'No further action' : '',
    ])
    add(e.id, e.closureDate, 'Episode closed', [
      e.reasonForClosure ? `Reason: ${e.reasonForClosure}` : '',
    ])
  }
  for (const a of assessments) {
    add(a.episodeId, a.startDate, 'Assessment started', [])
    add(a.episodeId, a.authorisationDate, 'Assessment authorised', [
      a.factors ? `Factors: ${a.factors.join(', ')}` : '',
    ])
  }
  for (const p of cinPlans) {
    add(p.episodeId, p.startDate, 'Child in need plan started', [])
    add(p.episodeId, p.endDate, 'Child in need plan ended', [])
  }
  for (const s of section47s) {
    add(s.episodeId, s.startDate, 'Section 47 enquiry started', [
      s.icpcTargetDate ? `Initial conference due by ${s.icpcTargetDate}` : '',
      s.icpcNotRequired ? 'Initial conference not required' : '',
    ])
    add(s.episodeId, s.dateOfInitialCpc, 'Initial child protection conference', [])
  }
  for (const p of plans) {
    add(p.episodeId, p.startDate, 'Child protection plan started', [
      p.initialCategory ? `Category: ${p.initialCategory}` : '',
      p.numberOfPreviousPlans !== null ? `Previous plans: ${p.numberOfPreviousPlans}` : '',
    ])
    for (const review of p.reviewDates) add(p.episodeId, review, 'Child protection review', [])
    add(p.episodeId, p.endDate, 'Child protection plan ended', [
      p.latestCategory ? `Latest category: ${p.latestCategory}` : '',
    ])
  }
  for (const p of preProceedings) {
    add(p.episodeId, p.startDate, 'Pre-proceedings started', [
      p.outcome ? `Outcome: ${p.outcome}` : '',
    ])
    add(p.episodeId, p.letterBeforeProceedingsDate, 'Letter before proceedings sent', [])
    add(p.episodeId, p.initialMeetingDate, 'Initial pre-proceedings meeting', [])
    add(p.episodeId, p.stepDecisionDate, 'Step decision', [])
    add(p.episodeId, p.courtApplicationDate, 'Court application', [])
  }
  for (const merge of await listMergesInto(trx, partnershipId, child.id)) {
    events.push({
      date: londonDate.format(new Date(merge.mergedAt)),
      title: 'Records merged',
      detail: [
        `Record ${merge.mergedLaChildId} merged into this record`,
        `Reason: ${merge.reason}`,
      ],
      episodeReferralDate: '',
    })
  }
  // Date order; on the same day, in the order things happen in an episode.
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { child, episodes, events }
}

/** Names a child (the census has no names); audited with what changed. */
export async function renameChild(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  id: string,
  input: { givenName: string | null; familyName: string | null },
): Promise<boolean> {
  const child = await findChild(trx, scope.partnershipId, id)
  if (!child || child.mergedIntoId !== null) return false
  await trx
    .updateTable('child')
    .set({ givenName: input.givenName, familyName: input.familyName, updatedAt: new Date() })
    .where('partnershipId', '=', scope.partnershipId)
    .where('id', '=', id)
    .execute()
  await recordAudit(trx, {
    partnershipId: scope.partnershipId,
    userId: scope.userId,
    action: 'child.updated',
    resourceType: 'child',
    resourceId: id,
    childId: id,
    fields: {
      givenName: { from: child.givenName, to: input.givenName },
      familyName: { from: child.familyName, to: input.familyName },
    },
    requestId: scope.requestId,
  })
  return true
}

// ---------------------------------------------------------------------------------------------
// One child, one record: what the front door needs to match a referred child to a record

const MATCH_COLUMNS = [
  'id',
  'laChildId',
  'upn',
  'formerUpn',
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'address',
  'postcode',
] as const

export interface MatchSearch {
  givenName: string
  familyName: string | null
  birthDate: string | null
  /** For a child whose age is known only roughly: the range their date of birth falls in. */
  birthDateRange: { from: string; to: string } | null
  /** A UPN or LA child ID the practitioner knows. */
  identifier: string | null
  /** Normalised ("NB1 2AB"), as `normalisePostcode` gives it. */
  postcode?: string | null
  /** The house number and street of the address the referrer gave. */
  houseAndStreet?: { number: string; street: string } | null
}

/**
 * Records that could be the same child: the same date of birth (or with day and month swapped),
 * a name that starts the same way, the identifier given, the same postcode, or an address that
 * starts with the same house number and street word. Census-imported records without names are
 * found by date of birth. Merged records are left out: their children are on the kept record.
 * The caller scores them.
 */
export function childMatchCandidates(
  trx: Trx,
  partnershipId: string,
  search: MatchSearch,
  limit = 200,
) {
  const prefix = (value: string) => value.trim().slice(0, 2).toLowerCase()
  const swapped =
    search.birthDate && Number(search.birthDate.slice(8)) <= 12
      ? `${search.birthDate.slice(0, 4)}-${search.birthDate.slice(8)}-${search.birthDate.slice(5, 7)}`
      : null
  const house = search.houseAndStreet
  const houseLike = house
    ? `${escapeLike(`${house.number} ${house.street.split(/\s+/)[0] ?? ''}`.toLowerCase())}%`
    : null
  return trx
    .selectFrom('child')
    .select(MATCH_COLUMNS)
    .where('partnershipId', '=', partnershipId)
    .where('mergedIntoId', 'is', null)
    .where(eb => {
      const names = eb.or([
        ...(search.familyName
          ? [eb(sql<string>`lower(left(family_name, 2))`, '=', prefix(search.familyName))]
          : []),
        eb(sql<string>`lower(left(given_name, 2))`, '=', prefix(search.givenName)),
      ])
      const identifier = search.identifier?.trim()
      return eb.or([
        ...(search.birthDate ? [eb('birthDate', '=', search.birthDate)] : []),
        ...(swapped && swapped !== search.birthDate ? [eb('birthDate', '=', swapped)] : []),
        ...(search.birthDateRange
          ? [
              eb.and([
                eb('birthDate', '>=', search.birthDateRange.from),
                eb('birthDate', '<=', search.birthDateRange.to),
                names,
              ]),
            ]
          : []),
        ...(search.birthDate ? [] : search.birthDateRange ? [] : [names]),
        ...(search.familyName
          ? [eb(sql<string>`lower(family_name)`, '=', search.familyName.trim().toLowerCase())]
          : []),
        ...(identifier
          ? [
              eb(sql<string>`upper(upn)`, '=', identifier.toUpperCase()),
              eb(sql<string>`upper(former_upn)`, '=', identifier.toUpperCase()),
              eb('laChildId', '=', identifier),
            ]
          : []),
        ...(search.postcode ? [eb('postcode', '=', search.postcode)] : []),
        ...(houseLike
          ? [
              eb(sql<string>`lower(address)`, 'like', houseLike),
              eb(sql<string>`lower(address)`, 'like', `%, ${houseLike}`),
            ]
          : []),
      ])
    })
    .orderBy('laChildId')
    .limit(limit)
    .execute()
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, c => `\\${c}`)
}

export type MatchCandidate = Awaited<ReturnType<typeof childMatchCandidates>>[number]

/**
 * One record in the shape the matcher uses, or undefined when the partnership has none such or it
 * was merged. With `lock`, the row is held until the transaction ends, so that a merge running at
 * the same time cannot leave a link on the record it hides.
 */
export function findChildForMatch(
  trx: Trx,
  partnershipId: string,
  id: string,
  options: { lock?: boolean } = {},
) {
  const select = trx
    .selectFrom('child')
    .select(MATCH_COLUMNS)
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', id)
    .where('mergedIntoId', 'is', null)
  return (options.lock ? select.forShare() : select).executeTakeFirst()
}

/** The referral dates of the child's episodes (from the census or recorded here), newest first. */
export async function childReferralDates(
  trx: Trx,
  partnershipId: string,
  childId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('cinEpisode')
    .select('referralDate')
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', childId)
    .orderBy('referralDate', 'desc')
    .execute()
  return rows.map(row => row.referralDate)
}

/**
 * A new child's record, for a child the front door found no record of. The LA child ID is a
 * placeholder (KS and ten random hex letters: census rule 1580 allows letters and digits only)
 * until the case management system gives one; audited.
 */
export async function createChildRecord(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  input: {
    givenName: string
    familyName: string | null
    birthDate: string | null
    address?: ChildAddress
  },
): Promise<string> {
  const laChildId = `KS${randomBytes(5).toString('hex').toUpperCase()}`
  const { id } = await trx
    .insertInto('child')
    .values({
      partnershipId: scope.partnershipId,
      laChildId,
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      address: input.address?.address ?? null,
      postcode: input.address?.postcode ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(trx, {
    partnershipId: scope.partnershipId,
    userId: scope.userId,
    action: 'child.created',
    resourceType: 'child',
    resourceId: id,
    childId: id,
    fields: {
      laChildId,
      givenName: 'set',
      familyName: input.familyName ? 'set' : null,
      birthDate: input.birthDate ? 'set' : null,
      address: input.address?.address ? 'set' : null,
      postcode: input.address?.postcode ? 'set' : null,
    },
    requestId: scope.requestId,
  })
  return id
}

/** An address line as the referrer typed it, and the postcode normalised ("NB1 2AB"). */
export interface ChildAddress {
  address: string | null
  postcode: string | null
}

/**
 * Gives a record the address a referral gave, where it differs from the one held; a part the
 * referral left blank keeps what is held. The trail says what changed, not the address itself.
 */
export async function updateChildAddress(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  childId: string,
  given: ChildAddress,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const held = await trx
    .selectFrom('child')
    .select(['address', 'postcode'])
    .where('partnershipId', '=', scope.partnershipId)
    .where('id', '=', childId)
    .executeTakeFirst()
  if (!held) return false
  const next = {
    address: given.address ?? held.address,
    postcode: given.postcode ?? held.postcode,
  }
  const fields: Record<string, string> = {}
  if (next.address !== held.address) fields.address = held.address ? 'changed' : 'set'
  if (next.postcode !== held.postcode) fields.postcode = held.postcode ? 'changed' : 'set'
  if (Object.keys(fields).length === 0) return false
  await trx
    .updateTable('child')
    .set({ ...next, updatedAt: new Date() })
    .where('partnershipId', '=', scope.partnershipId)
    .where('id', '=', childId)
    .execute()
  await recordAudit(trx, {
    partnershipId: scope.partnershipId,
    userId: scope.userId,
    action: 'child.updated',
    resourceType: 'child',
    resourceId: childId,
    childId,
    fields,
    detail,
    requestId: scope.requestId,
  })
  return true
}

// ---------------------------------------------------------------------------------------------
// The front door's decisions, written to the child's census record

/**
 * How a referral with no further action is closed: on its referral date, as "services ceased for
 * any other reason". The census rules ask for no closure, but a closed episode stays out of later
 * years' returns; RC8 and RC9 mean "closed after assessment" and are queried (8825Q) without one.
 */
export const NFA_CLOSURE_REASON = 'RC7'

export interface FrontDoorEpisodeInput {
  childId: string
  /** The referral's received date in Europe/London. */
  referralDate: string
  /** A census referral source code (1A..10). */
  referralSource: string
  noFurtherAction: boolean
  /** Required by the census (8610) for a referral with further action. */
  primaryNeedCode: string | null
  /** The assessment's actual start date, for a decision to assess or hold a strategy discussion. */
  assessmentStartDate: string | null
  /** The front door referral that made the decision, for the audit trail. */
  referralId: string
}

export type FrontDoorEpisodeOutcome = 'episode-opened' | 'already-open'

/**
 * Opens a CIN episode for a front door decision, with its assessment when one starts, unless
 * the child already has an open episode (with further action), an episode on the same referral
 * date, or one that runs past that date: then nothing new is recorded. Audited as `child.updated`.
 */
export async function recordFrontDoorEpisode(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  input: FrontDoorEpisodeInput,
): Promise<FrontDoorEpisodeOutcome> {
  const { partnershipId } = scope
  const date = input.referralDate
  // Held until the decision commits, so that a merge waits for the episode and then moves it; a
  // merge that committed first sends the episode to the record kept.
  const child = await trx
    .selectFrom('child')
    .select(['id', 'mergedIntoId'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', input.childId)
    .forShare()
    .executeTakeFirstOrThrow()
  if (child.mergedIntoId !== null) {
    return recordFrontDoorEpisode(trx, scope, { ...input, childId: child.mergedIntoId })
  }
  const conflicting = await trx
    .selectFrom('cinEpisode')
    .select('id')
    .where('partnershipId', '=', partnershipId)
    .where('childId', '=', input.childId)
    .where(eb =>
      eb.or([
        eb('referralDate', '=', date),
        eb.and([
          eb('closureDate', 'is', null),
          eb.or([eb('referralNfa', 'is', null), eb('referralNfa', '=', false)]),
        ]),
        eb.and([eb('referralDate', '<=', date), eb('closureDate', '>', date)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst()
  if (conflicting) return 'already-open'
  const closureDate = input.noFurtherAction ? date : null
  const reasonForClosure = input.noFurtherAction ? NFA_CLOSURE_REASON : null
  const primaryNeedCode = input.noFurtherAction ? null : input.primaryNeedCode
  const { id: episodeId } = await trx
    .insertInto('cinEpisode')
    .values({
      partnershipId,
      childId: input.childId,
      referralDate: date,
      referralSource: input.referralSource,
      primaryNeedCode,
      closureDate,
      reasonForClosure,
      referralNfa: input.noFurtherAction,
      dateOfInitialCpc: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const assessmentStartDate = input.noFurtherAction ? null : input.assessmentStartDate
  if (assessmentStartDate !== null) {
    await trx
      .insertInto('assessment')
      .values({
        partnershipId,
        episodeId,
        startDate: assessmentStartDate,
        internalReviewDate: null,
        authorisationDate: null,
        factors: null,
      })
      .execute()
  }
  await recordAudit(trx, {
    partnershipId,
    userId: scope.userId,
    action: 'child.updated',
    resourceType: 'child',
    resourceId: input.childId,
    childId: input.childId,
    fields: {
      cinEpisode: {
        referralDate: date,
        referralSource: input.referralSource,
        referralNfa: input.noFurtherAction,
        primaryNeedCode,
        closureDate,
        reasonForClosure,
      },
      ...(assessmentStartDate === null ? {} : { assessment: { startDate: assessmentStartDate } }),
    },
    detail: { referralId: input.referralId },
    requestId: scope.requestId,
  })
  return 'episode-opened'
}
