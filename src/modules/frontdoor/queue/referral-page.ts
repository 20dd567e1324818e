import type { AgencySector } from '../../../platform/admin.js'
import { formatDate, formatDateTime } from '../../../platform/http/web.js'
import { PRIMARY_NEED_NAMES, REFERRAL_SOURCE_NAMES } from '../../census/queries.js'
import type { ChildMatching } from '../decisions.js'
import type { findReferral, listChecksOfReferral, listReferralChildren } from '../repo.js'
import { CHECK_DUE_NAMES, CHECK_STATUS_NAMES, CONSENT_OPTIONS, DECISION_NAMES } from '../schema.js'
import {
  STATUS_NAMES,
  childNameAndAge,
  childSummary,
  row,
  type SummaryRow,
} from '../routes/shared.js'

type FoundReferral = NonNullable<Awaited<ReturnType<typeof findReferral>>>
type FoundChild = Awaited<ReturnType<typeof listReferralChildren>>[number]

const SUMMARY_LENGTH = 300

/** The first words of a long answer, for the summary; the whole answer is a click away. */
function firstWords(text: string | null): string | null {
  if (!text || text.length <= SUMMARY_LENGTH) return text
  const cut = text.slice(0, SUMMARY_LENGTH)
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : SUMMARY_LENGTH)} …`
}

type ConcernOf = Pick<
  FoundReferral,
  | 'concern'
  | 'childSays'
  | 'household'
  | 'reporterAnonymous'
  | 'reporterName'
  | 'referrerJobTitle'
  | 'referrerAgencyName'
  | 'reporterRelationship'
>

function referrerSummary(referral: ConcernOf): string {
  if (referral.reporterAnonymous) return 'Anonymous member of the public'
  const who = [referral.reporterName, referral.referrerJobTitle, referral.referrerAgencyName]
  const relationship = referral.reporterRelationship ? ` (${referral.reporterRelationship})` : ''
  return `${who.filter(Boolean).join(', ')}${relationship}`
}

/** The concern at the top of the referral page: the children, the worry, the child's words. */
export function concernSummary(referral: ConcernOf, children: FoundChild[], today: string) {
  return [
    row('Children', children.map(child => childNameAndAge(child, today)).join('; ')),
    row('What the referrer is worried about', firstWords(referral.concern)),
    row('What the child has said', firstWords(referral.childSays)),
    row('Who lives with the child', firstWords(referral.household)),
    row('Referrer', referrerSummary(referral)),
  ]
}

/** What was referred, as the referral page shows it. */
export function referralSections(referral: FoundReferral, children: FoundChild[]) {
  const consentText = CONSENT_OPTIONS[referral.consent]
  return [
    {
      heading: 'Received',
      rows: [
        row('Reference', referral.reference),
        row('Received', formatDateTime(referral.receivedAt)),
        row('Decision due', formatDateTime(referral.decisionDueAt)),
        row('Status', STATUS_NAMES[referral.status]),
        row('RAG rating', referral.ragRating ?? 'Not rated yet'),
      ],
    },
    {
      heading: 'Children',
      rows: children.map(child => row(`Child ${String(child.position)}`, childSummary(child))),
    },
    {
      heading: 'Family',
      rows: [
        row('Who lives with the child', referral.household),
        row('Parents or carers', referral.parentsCarers),
      ],
    },
    {
      heading: 'The concern',
      rows: [
        row('What the referrer is worried about', referral.concern),
        row('When it happened or started', formatDate(referral.concernStartedOn)),
        row('What the child has said', referral.childSays),
        row('How the child seems to feel', referral.childFeels),
        row('Parents’ or carers’ agreement', consentText),
        ...(referral.consent !== 'given' ? [row('Reason', referral.consentReason)] : []),
      ],
    },
    {
      heading: 'Referrer',
      rows: referral.reporterAnonymous
        ? [row('Referrer', 'Anonymous member of the public')]
        : [
            row('Name', referral.reporterName),
            ...(referral.source === 'professional'
              ? [
                  row('Agency', referral.referrerAgencyName),
                  row('Job title or role', referral.referrerJobTitle),
                ]
              : []),
            row('Relationship to the child', referral.reporterRelationship),
            row('Email', referral.reporterEmail),
            row('Telephone', referral.reporterPhone),
            ...(referral.source === 'professional'
              ? [row('What has been done so far', referral.actionsTaken)]
              : []),
          ],
    },
  ]
}

type DecidedReferral = Pick<
  FoundReferral,
  'status' | 'decision' | 'decidedAt' | 'decidedByName' | 'authorisedAt' | 'authorisedByName'
> & { feedbackSentAt: Date | null; decisionReasons: string | null; source: string }

/** The decision as the page shows it; a referrer sees only a final outcome. */
export function outcomeRows(referral: DecidedReferral, isReferrer: boolean): SummaryRow[] {
  if (!referral.decision) return []
  if (isReferrer) {
    if (referral.status !== 'decided') return []
    return [
      row('Outcome', DECISION_NAMES[referral.decision]),
      row('Decided', formatDateTime(referral.authorisedAt ?? referral.decidedAt)),
    ]
  }
  return [
    row('Decision', DECISION_NAMES[referral.decision]),
    row('Reasons', referral.decisionReasons),
    row(
      'Decided by',
      `${referral.decidedByName ?? 'Unknown'}, ${formatDateTime(referral.decidedAt)}`,
    ),
    row(
      'Authorised by',
      referral.authorisedAt
        ? `${referral.authorisedByName ?? 'Unknown'}, ${formatDateTime(referral.authorisedAt)}`
        : referral.status === 'awaiting-authorisation'
          ? 'Awaiting a manager’s authorisation'
          : 'Not needed',
    ),
    row(
      'Feedback to referrer',
      referral.source !== 'professional'
        ? 'Not sent: the referrer is not a professional'
        : referral.feedbackSentAt
          ? `Sent ${formatDateTime(referral.feedbackSentAt)}`
          : 'Owed',
    ),
  ]
}

function recordName(record: { givenName: string | null; familyName: string | null }) {
  return `${record.givenName ?? ''} ${record.familyName ?? ''}`.trim() || 'No name held'
}

export const NOT_LINKED = 'Link every child to a record before the decision is final'

/** The census referral source that obviously follows from who referred, or '' to choose. */
const SOURCE_FROM_SECTOR: Partial<Record<AgencySector, string>> = {
  police: '6',
  health: '3F',
  probation: '7',
  'youth-justice': '7',
  voluntary: '8',
}

export function defaultReferralSource(referral: {
  source: string
  reporterAnonymous: boolean
  referrerAgencySector: string | null
}): string {
  if (referral.source === 'public') return referral.reporterAnonymous ? '9' : ''
  return SOURCE_FROM_SECTOR[referral.referrerAgencySector as AgencySector] ?? ''
}

export function referralSourceItems(selected: string) {
  return [
    { value: '', text: 'Select the source of the referral', selected: selected === '' },
    ...Object.entries(REFERRAL_SOURCE_NAMES)
      .sort(([a], [b]) => byCensusCode(a, b))
      .map(([value, text]) => ({
        value,
        text: `${value}: ${text}`,
        selected: selected === value,
      })),
  ]
}

/**
 * Census codes in the order the guidance lists them (1A, 1B, ... 2A, ... 10), not the order
 * JavaScript keeps an object's keys in (integer-like keys such as '10' come first).
 */
export function byCensusCode(a: string, b: string): number {
  const parts = (code: string) => /^(\d+)(.*)$/.exec(code) ?? [code, '0', code]
  const [, an = '0', ar = ''] = parts(a)
  const [, bn = '0', br = ''] = parts(b)
  return Number(an) - Number(bn) || ar.localeCompare(br)
}

export function primaryNeedItems(selected: string) {
  return [
    { value: '', text: 'Select the child’s primary need', selected: selected === '' },
    ...Object.entries(PRIMARY_NEED_NAMES).map(([value, text]) => ({
      value,
      text: `${value}: ${text}`,
      selected: selected === value,
    })),
  ]
}

const CENSUS_OUTCOME_TEXT = {
  'episode-opened': 'Child in need episode recorded',
  'already-open': 'Already open: nothing new recorded',
} as const

export function matchingModel(m: ChildMatching) {
  return {
    id: m.child.id,
    position: m.child.position,
    summary: childSummary(m.child),
    identifier: m.identifier,
    previousReferralOn: m.child.previousReferralOn,
    censusOutcome: m.child.censusOutcome ? CENSUS_OUTCOME_TEXT[m.child.censusOutcome] : null,
    record: m.record && {
      id: m.record.id,
      name: recordName(m.record),
      laChildId: m.record.laChildId,
      birthDate: m.record.birthDate,
    },
    matches: m.matches.map(match => ({
      id: match.record.id,
      name: recordName(match.record),
      laChildId: match.record.laChildId,
      upn: match.record.upn,
      birthDate: match.record.birthDate,
      reasons: match.reasons,
    })),
  }
}

/** The checks asked of partner agencies, and the form to ask more. */
export function checksModel(
  checks: {
    list: Awaited<ReturnType<typeof listChecksOfReferral>>
    agencies: { id: string; name: string }[]
  },
  form: Record<string, unknown>,
) {
  const chosen = new Set([form.agencyIds].flat().filter(id => typeof id === 'string'))
  return {
    list: checks.list,
    outstanding: checks.list.filter(check => check.status !== 'answered').length,
    overdue: checks.list.filter(check => check.status === 'overdue').length,
    statusNames: CHECK_STATUS_NAMES,
    agencyItems: checks.agencies.map(agency => ({
      value: agency.id,
      text: agency.name,
      checked: chosen.has(agency.id),
    })),
    dueItems: Object.entries(CHECK_DUE_NAMES).map(([value, text]) => ({
      value,
      text,
      checked: form.due === value,
    })),
  }
}
