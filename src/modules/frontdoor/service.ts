import { inPartnership, type Db } from '../../db/database.js'
import { partnershipCalendarIn } from '../../platform/admin.js'
import { recordAudit } from '../../platform/audit.js'
import { findPublicPartnership } from '../../platform/front-page.js'
import { randomToken, sha256 } from '../../platform/crypto.js'
import type { Actor } from '../../platform/http/types.js'
import type { Mailer } from '../../platform/mail.js'
import { londonInstant, londonParts } from '../../platform/calendar.js'
import { englandAndWales, type WorkingDayCalendar } from '../../platform/working-days.js'
import {
  deleteExpiredDrafts,
  findLiveDraft,
  findReferralReference,
  insertDraft,
  insertReferral,
  insertReferralChildren,
  listActiveAgencies,
  listOwnDrafts,
  listReferrals,
  lockDraft,
  markDraftSubmitted,
  nextReferenceNumber,
  rotateDraftToken,
  updateDraftAnswers,
} from './repo.js'
import {
  SECTION_PAGES,
  childFormValues,
  parseChild,
  type PageContext,
  type SectionPage,
} from './schema.js'
import type { DraftAnswers, ReferralDraftTable, ReferralSource } from './table.js'
import type { Selectable } from 'kysely'

/** The cookie that finds a draft: the partnership's id and a random token, no personal data. */
export const DRAFT_COOKIE = 'keepsafe_concern'
/** A member of the public's answers are kept for a day, then deleted. */
export const PUBLIC_DRAFT_HOURS = 24
/** A professional's saved draft is kept for 30 days after it was last saved. */
export const PROFESSIONAL_DRAFT_DAYS = 30
/** Working Together: a decision about the response within one working day of the referral. */
export const DECISION_WORKING_DAYS = 1

const HOUR_MS = 3_600_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type Draft = Selectable<ReferralDraftTable>

/**
 * When the front door's decision is due: the same London time of day, one working day later
 * (a referral received at 15:00 on a Friday is due at 15:00 on Monday, or on Tuesday after a
 * bank holiday Monday).
 */
export function decisionDueAt(receivedAt: Date, calendar: WorkingDayCalendar = englandAndWales) {
  const { date, seconds } = londonParts(receivedAt)
  return londonInstant(calendar.addWorkingDays(date, DECISION_WORKING_DAYS), seconds)
}

// ---- Reference numbers ----------------------------------------------------------------------

/** The initials of the partnership's name: Northbridge Safeguarding Children Partnership, NSCP. */
export function referencePrefix(partnershipName: string): string {
  const initials = partnershipName
    .split(/[^A-Za-z]+/)
    .filter(word => word.length > 0 && !['and', 'of', 'the', 'for'].includes(word.toLowerCase()))
    .map(word => word.charAt(0).toUpperCase())
    .join('')
    .slice(0, 6)
  return initials || 'REF'
}

export function formatReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${String(year)}-${String(number).padStart(6, '0')}`
}

// ---- The question flow ----------------------------------------------------------------------

export function pagesFor(source: ReferralSource): SectionPage[] {
  return SECTION_PAGES.filter(page =>
    source === 'public' ? !page.professionalOnly : !page.publicOnly,
  )
}

/** The first step not yet answered well enough to submit, as a path under the form; or null. */
export function firstIncompleteStep(
  answers: DraftAnswers,
  source: ReferralSource,
  ctx: PageContext,
): string | null {
  const children = answers.children ?? []
  if (!children.length) return 'child/1'
  for (const [index, child] of children.entries()) {
    if (!parseChild(childFormValues(child), ctx).success) return `child/${String(index + 1)}`
  }
  for (const page of pagesFor(source)) {
    if (!page.parse(page.values(answers), ctx).success) return page.slug
  }
  return null
}

/** The step after `slug` ('children' or a section page). */
export function nextStep(slug: string, source: ReferralSource): string {
  const pages = pagesFor(source).map(page => page.slug)
  if (slug === 'children') return pages[0] ?? 'check-answers'
  const index = pages.indexOf(slug)
  return pages[index + 1] ?? 'check-answers'
}

// ---- Drafts ---------------------------------------------------------------------------------

function draftExpiry(source: ReferralSource, from = Date.now()): Date {
  return new Date(
    from + (source === 'public' ? PUBLIC_DRAFT_HOURS : PROFESSIONAL_DRAFT_DAYS * 24) * HOUR_MS,
  )
}

function cookieValue(partnershipId: string, token: string): string {
  return `${partnershipId}.${token}`
}

export async function startDraft(
  db: Db,
  input: {
    partnershipId: string
    source: ReferralSource
    userId: string | null
    answers: DraftAnswers
    requestId: string
  },
): Promise<string> {
  const token = randomToken()
  await inPartnership(
    db,
    { partnershipId: input.partnershipId, userId: input.userId },
    async trx => {
      await deleteExpiredDrafts(trx, input.partnershipId)
      const draft = await insertDraft(trx, {
        partnershipId: input.partnershipId,
        tokenHash: sha256(token),
        source: input.source,
        userId: input.userId,
        answers: input.answers,
        expiresAt: draftExpiry(input.source),
      })
      if (input.source === 'professional') {
        await recordAudit(trx, {
          partnershipId: input.partnershipId,
          userId: input.userId,
          action: 'referral-draft.created',
          resourceType: 'referral-draft',
          resourceId: draft.id,
          requestId: input.requestId,
        })
      }
    },
  )
  return cookieValue(input.partnershipId, token)
}

export interface OpenDraft {
  draft: Draft
  partnership: {
    id: string
    slug: string
    name: string
    outOfHoursPhone: string | null
    frontDoorPhone: string | null
    frontDoorHours: string | null
  }
  ctx: PageContext
}

/**
 * The draft the cookie points at, if it is live and belongs to whoever is asking: a
 * professional's draft opens only for that professional, signed in to its partnership.
 */
export async function openDraft(
  db: Db,
  cookie: string | undefined,
  signedIn: { userId: string; partnershipId: string | null } | null,
  today: string,
): Promise<OpenDraft | null> {
  const [partnershipId = '', token = ''] = (cookie ?? '').split('.')
  if (!UUID.test(partnershipId) || token.length < 20) return null
  return inPartnership(db, { partnershipId, userId: signedIn?.userId ?? null }, async trx => {
    const draft = await findLiveDraft(trx, partnershipId, sha256(token))
    if (!draft) return null
    if (
      draft.userId &&
      (draft.userId !== signedIn?.userId || signedIn.partnershipId !== partnershipId)
    ) {
      return null
    }
    const partnership = await findPublicPartnership(trx, { id: partnershipId })
    if (!partnership) return null
    const agencies =
      draft.source === 'professional' ? await listActiveAgencies(trx, partnershipId) : []
    return { draft, partnership, ctx: { today, agencies } }
  })
}

export async function saveAnswers(db: Db, open: OpenDraft, answers: DraftAnswers): Promise<void> {
  const { draft } = open
  await inPartnership(db, { partnershipId: draft.partnershipId, userId: draft.userId }, trx =>
    updateDraftAnswers(
      trx,
      draft.partnershipId,
      draft.id,
      answers,
      // A professional's saved draft lives on while they work on it; a public one does not.
      draft.source === 'professional' ? draftExpiry('professional') : undefined,
    ),
  )
}

/** Gives a professional's own draft a new token, so that their browser can carry on with it. */
export async function resumeDraft(db: Db, actor: Actor, draftId: string): Promise<string | null> {
  const token = randomToken()
  const resumed = await inPartnership(db, actor, trx =>
    rotateDraftToken(trx, actor.partnershipId, draftId, actor.userId, sha256(token)),
  )
  return resumed ? cookieValue(actor.partnershipId, token) : null
}

/** A professional's own drafts, and the referrals they have sent (the latest `sent`, newest first). */
export function listOwnDraftsAndReferrals(db: Db, actor: Actor, sent: number) {
  return inPartnership(db, actor, async trx => ({
    drafts: await listOwnDrafts(trx, actor.partnershipId, actor.userId),
    referrals: await listReferrals(trx, actor.partnershipId, {
      sort: 'received',
      order: 'desc',
      referrerUserId: actor.userId,
      limit: sent,
    }),
  }))
}

// ---- Submission -----------------------------------------------------------------------------

export type SubmitOutcome =
  | { kind: 'submitted'; referralId: string; reference: string; afterCommit: () => Promise<void> }
  | { kind: 'already-submitted'; referralId: string }
  | { kind: 'incomplete'; step: string }
  | { kind: 'gone' }

/**
 * Stores the draft as a referral, whole or not at all, in one transaction. The draft row is
 * locked first, so a second submit of the same draft (a double click, or back and submit again)
 * waits for the first and then finds it already submitted: one draft, one referral. The unique
 * draft_id on referral is the database's last word on the same rule.
 */
export async function submitReferral(
  db: Db,
  mailer: Mailer,
  input: { open: OpenDraft; requestId: string; now: Date },
): Promise<SubmitOutcome> {
  const { open, requestId, now } = input
  const { partnershipId } = open.draft
  return inPartnership(db, { partnershipId, userId: open.draft.userId }, async trx => {
    const draft = await lockDraft(trx, partnershipId, open.draft.id)
    if (!draft) return { kind: 'gone' }
    if (draft.submittedReferralId) {
      return { kind: 'already-submitted', referralId: draft.submittedReferralId }
    }
    const answers = draft.answers
    const step = firstIncompleteStep(answers, draft.source, open.ctx)
    if (step) return { kind: 'incomplete', step }

    const calendar = await partnershipCalendarIn(trx)
    const year = Number(londonParts(now).date.slice(0, 4))
    const number = await nextReferenceNumber(trx, partnershipId, year)
    const reference = formatReference(referencePrefix(open.partnership.name), year, number)
    const referral = await insertReferral(trx, {
      partnershipId,
      reference,
      draftId: draft.id,
      source: draft.source,
      receivedAt: now,
      decisionDueAt: decisionDueAt(now, calendar),
      ...referralAnswers(answers, draft),
      contactChannel: draft.source === 'public' ? 'public-form' : 'professional-form',
    })
    await insertReferralChildren(
      trx,
      (answers.children ?? []).map((child, index) => ({
        partnershipId,
        referralId: referral.id,
        position: index + 1,
        givenName: child.givenName,
        familyName: child.familyName || null,
        birthDate: child.birthDate,
        approximateAge: child.approximateAge,
        address: child.address || null,
        postcode: child.postcode || null,
        childId: null,
      })),
    )
    await markDraftSubmitted(trx, partnershipId, draft.id, referral.id)
    const to = answers.professional?.email ?? answers.reporter?.email
    const afterCommit = to
      ? await mailer.queue(trx, {
          partnershipId,
          to,
          subject: `We have received your report: ${reference}`,
          text: [
            `Thank you. ${open.partnership.name} has received your report about a child.`,
            `Your reference number is ${reference}.`,
            'The front door will decide what happens next within one working day.',
            'If a child is in immediate danger, call 999.',
          ].join('\n\n'),
        })
      : () => Promise.resolve()
    // Last, so that the audit chain's head is locked for as short a time as possible.
    // Ids and counts only: the audit trail never holds what the referral says about a child.
    await recordAudit(trx, {
      partnershipId,
      userId: draft.userId,
      action: 'referral.submitted',
      resourceType: 'referral',
      resourceId: referral.id,
      detail: {
        reference,
        source: draft.source,
        children: answers.children?.length ?? 0,
      },
      requestId,
    })
    return { kind: 'submitted', referralId: referral.id, reference, afterCommit }
  })
}

function referralAnswers(answers: DraftAnswers, draft: Draft) {
  const { family, concern, voice, consent, reporter, professional, actions } = answers
  if (!family || !concern || !voice || !consent) throw new Error('Incomplete answers')
  const common = {
    household: family.household,
    parentsCarers: family.parentsCarers,
    concern: concern.concern,
    concernStartedOn: concern.startedOn,
    childSays: voice.childSays,
    childFeels: voice.childFeels,
    consent: consent.consent,
    consentReason: consent.consent === 'given' ? null : consent.reason,
  }
  if (draft.source === 'professional') {
    if (!professional || !actions) throw new Error('Incomplete answers')
    return {
      ...common,
      reporterAnonymous: false,
      reporterName: professional.name,
      reporterRelationship: professional.relationship,
      reporterEmail: professional.email,
      reporterPhone: professional.phone,
      referrerUserId: draft.userId,
      referrerAgencyId: professional.agencyId,
      referrerJobTitle: professional.jobTitle,
      actionsTaken: actions.actionsTaken,
    }
  }
  if (!reporter) throw new Error('Incomplete answers')
  return {
    ...common,
    reporterAnonymous: reporter.anonymous,
    reporterName: reporter.anonymous ? null : reporter.name,
    reporterRelationship: reporter.anonymous ? null : reporter.relationship,
    reporterEmail: reporter.anonymous || !reporter.email ? null : reporter.email,
    reporterPhone: reporter.anonymous || !reporter.phone ? null : reporter.phone,
  }
}

/** The reference of a submitted draft's referral, for the confirmation page. */
export function submittedReference(db: Db, draft: Draft) {
  const referralId = draft.submittedReferralId
  if (!referralId) return Promise.resolve(undefined)
  return inPartnership(db, { partnershipId: draft.partnershipId, userId: draft.userId }, trx =>
    findReferralReference(trx, draft.partnershipId, referralId),
  )
}
// ---- For privacy (issue 16 point 17): the front door's records under retention rules ----
export { FRONTDOOR_RETENTION } from './retention.js'
// Allocating a referral, which the work tray's allocation page asks for.
export { lockReferralAllocation, saveReferralAllocation } from './allocate.js'
