/** A child's record: identifiers and a timeline of every episode and event; naming a child. */
import type { Updateable } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { formatDate } from '../../../platform/http/web.js'
import {
  ASSESSMENT_FACTOR_NAMES,
  CATEGORY_OF_ABUSE_NAMES,
  PRIMARY_NEED_NAMES,
  REASON_FOR_CLOSURE_NAMES,
  REFERRAL_SOURCE_NAMES,
  codeInWords,
} from '../../census/queries.js'
import { referralsOfChild, type ChildReferral } from '../../frontdoor/queries.js'
import {
  findChild,
  listAssessments,
  listCinPlans,
  listEpisodes,
  listMergesInto,
  listPreProceedings,
  listProtectionPlans,
  listSection47s,
} from '../repo.js'
import type { ChildTable } from '../table.js'

export interface TimelineEvent {
  date: string
  title: string
  detail: string[]
  episodeReferralDate: string
  /** The front door referral that opened the episode; none for episodes a census import made. */
  referral: ChildReferral | null
}

const category = (code: string) => codeInWords(CATEGORY_OF_ABUSE_NAMES, code)

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
  // An episode was opened by the child's front door referral received on its referral date.
  const referrals = await referralsOfChild(trx, partnershipId, child.id)
  const openedBy = new Map(
    episodes.map(e => [e.id, referrals.find(r => r.receivedOn === e.referralDate) ?? null]),
  )
  const events: TimelineEvent[] = []
  const add = (episodeId: string, date: string | null, title: string, detail: string[]) => {
    if (date === null) return
    events.push({
      date,
      title,
      detail: detail.filter(Boolean),
      episodeReferralDate: referralOf.get(episodeId) ?? '',
      referral: openedBy.get(episodeId) ?? null,
    })
  }
  for (const e of episodes) {
    add(e.id, e.referralDate, 'Referral', [
      e.referralSource ? `Source: ${codeInWords(REFERRAL_SOURCE_NAMES, e.referralSource)}` : '',
      e.primaryNeedCode
        ? `Primary need: ${codeInWords(PRIMARY_NEED_NAMES, e.primaryNeedCode)}`
        : '',
      e.referralNfa ? 'No further action' : '',
    ])
    add(e.id, e.closureDate, 'Episode closed', [
      e.reasonForClosure
        ? `Reason: ${codeInWords(REASON_FOR_CLOSURE_NAMES, e.reasonForClosure)}`
        : '',
    ])
  }
  for (const a of assessments) {
    add(a.episodeId, a.startDate, 'Assessment started', [])
    add(a.episodeId, a.authorisationDate, 'Assessment authorised', [
      a.factors
        ? `Factors: ${a.factors.map(code => codeInWords(ASSESSMENT_FACTOR_NAMES, code)).join(', ')}`
        : '',
    ])
  }
  for (const p of cinPlans) {
    add(p.episodeId, p.startDate, 'Child in need plan started', [])
    add(p.episodeId, p.endDate, 'Child in need plan ended', [])
  }
  for (const s of section47s) {
    add(s.episodeId, s.startDate, 'Section 47 enquiry started', [
      s.icpcTargetDate ? `Initial conference due by ${formatDate(s.icpcTargetDate)}` : '',
      s.icpcNotRequired ? 'Initial conference not required' : '',
    ])
    add(s.episodeId, s.dateOfInitialCpc, 'Initial child protection conference', [])
  }
  for (const p of plans) {
    add(p.episodeId, p.startDate, 'Child protection plan started', [
      p.initialCategory ? `Category: ${category(p.initialCategory)}` : '',
      p.numberOfPreviousPlans !== null ? `Previous plans: ${p.numberOfPreviousPlans}` : '',
    ])
    for (const review of p.reviewDates) add(p.episodeId, review, 'Child protection review', [])
    add(p.episodeId, p.endDate, 'Child protection plan ended', [
      p.latestCategory ? `Latest category: ${category(p.latestCategory)}` : '',
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
      referral: null,
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
  await updateChild(trx, scope, id, input, {
    fields: {
      givenName: { from: child.givenName, to: input.givenName },
      familyName: { from: child.familyName, to: input.familyName },
    },
  })
  return true
}

/** Changes the child's row and audits it as `child.updated` with what the trail says changed. */
export async function updateChild(
  trx: Trx,
  scope: { partnershipId: string; userId: string; requestId: string },
  id: string,
  changes: Updateable<ChildTable>,
  trail: { fields: Record<string, unknown>; detail?: Record<string, unknown> },
): Promise<void> {
  await trx
    .updateTable('child')
    .set({ ...changes, updatedAt: new Date() })
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
    ...trail,
    requestId: scope.requestId,
  })
}
