/**
 * One child, one record: a front door manager merges a duplicate record into the record to keep.
 * Everything that points at the duplicate moves to the kept record in one transaction, the
 * manager chooses which value of each conflicting identifying field to keep, and the duplicate is
 * marked merged and hidden, never deleted: its LA child ID stays its own, so that the case
 * management system's key still finds it (and, through it, the record kept).
 */
import { actorScope as scope } from '../../platform/actor-scope.js'
import { isRefusal, refusable, refuse } from '../../platform/refusal.js'
import { inPartnership, type Db, type Trx } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDate } from '../../platform/http/web.js'
import { houseAndStreet, likelyMatches, type LikelyMatch } from '../frontdoor/queries.js'
import { searchChildren } from './repo.js'
import { childMatchCandidates, type MatchCandidate } from './service.js'
import type { ChildTable } from './table.js'
import { MOVED_TABLES, recordsThatCannotBothMove, type MovedCounts } from './merge-moves.js'
import type { Selectable } from 'kysely'

export { MOVED_TABLE_NAMES, countRowsToMove, type MovedCounts } from './merge-moves.js'

type Child = Selectable<ChildTable>
/** The values a merge may set on the kept record. */
type MergedValues = Partial<Pick<Child, MergeField | 'postcode' | 'deathDate'>>

/** The identifying fields a manager chooses between when the two records disagree. */
export const MERGE_FIELDS = [
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'upn',
  'address',
] as const
export type MergeField = (typeof MERGE_FIELDS)[number]
export type MergeChoice = 'kept' | 'merged'

export const MERGE_FIELD_NAMES: Record<MergeField, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  birthDate: 'Date of birth',
  sex: 'Sex',
  upn: 'Unique pupil number (UPN)',
  address: 'Address',
}

/** How a sentence names the field: "Select which UPN to keep". */
export const MERGE_FIELD_PHRASES: Record<MergeField, string> = {
  givenName: 'given name',
  familyName: 'family name',
  birthDate: 'date of birth',
  sex: 'sex',
  upn: 'UPN',
  address: 'address',
}

export function choiceMessage(field: MergeField): string {
  return `Select which ${MERGE_FIELD_PHRASES[field]} to keep`
}

const SEX_NAMES: Record<string, string> = { M: 'Male', F: 'Female', U: 'Not known' }

/** A field's value as people read it; address and postcode are one field. */
export function fieldText(child: Child, field: MergeField): string | null {
  switch (field) {
    case 'address': {
      const parts = [child.address, child.postcode].filter(Boolean)
      return parts.length ? parts.join(', ') : null
    }
    case 'birthDate':
      return child.birthDate ? formatDate(child.birthDate) : null
    case 'sex':
      return child.sex ? (SEX_NAMES[child.sex] ?? child.sex) : null
    default:
      return child[field]
  }
}

/** What a field sets on the kept record when the duplicate's value is chosen. */
function fieldValues(child: Child, field: MergeField): MergedValues {
  return field === 'address'
    ? { address: child.address, postcode: child.postcode }
    : { [field]: child[field] }
}

export interface FieldComparison {
  field: MergeField
  name: string
  /** The field's name within a sentence. */
  phrase: string
  kept: string | null
  merged: string | null
  /** Both records hold a value and the values differ: the manager chooses. */
  conflicting: boolean
  /** The duplicate adds what the kept record lacks: the kept record takes it. */
  filled: boolean
  /** The value the kept record will have when filled. */
  filledText: string | null
}

/**
 * Each identifying field of the two records: conflicting when both hold values that differ (the
 * manager chooses), filled when the duplicate adds what the kept record lacks. An address line
 * and postcode are compared part by part, so a postcode alone is completed, not contested.
 */
export function compareFields(kept: Child, merged: Child): FieldComparison[] {
  return MERGE_FIELDS.map(field => {
    const parts = Object.keys(fieldValues(kept, field)) as (keyof MergedValues)[]
    const clash = parts.some(
      part => kept[part] !== null && merged[part] !== null && kept[part] !== merged[part],
    )
    const adds = parts.some(part => kept[part] === null && merged[part] !== null)
    return {
      field,
      name: MERGE_FIELD_NAMES[field],
      phrase: MERGE_FIELD_PHRASES[field],
      kept: fieldText(kept, field),
      merged: fieldText(merged, field),
      conflicting: clash,
      filled: !clash && adds,
      filledText:
        !clash && adds ? fieldText({ ...kept, ...filledValues(kept, merged, field) }, field) : null,
    }
  })
}

/** The kept record's parts of a field, completed by the duplicate's where it has none. */
function filledValues(kept: Child, merged: Child, field: MergeField): MergedValues {
  const values: MergedValues = {}
  for (const [part, value] of Object.entries(fieldValues(kept, field))) {
    const key = part as keyof MergedValues
    values[key] = value ?? merged[key]
  }
  return values
}

// ---- Finding the duplicate ------------------------------------------------------------------

export function childName(child: {
  givenName: string | null
  familyName: string | null
  laChildId: string
}): string {
  const name = [child.givenName, child.familyName].filter(Boolean).join(' ')
  return name || `Child ${child.laChildId}`
}

/** Records that are likely the same child, scored as the front door scores a referred child. */
export async function likelyDuplicates(
  trx: Trx,
  child: Child,
  today: string,
): Promise<LikelyMatch<MatchCandidate>[]> {
  const candidates = await childMatchCandidates(trx, child.partnershipId, {
    givenName: child.givenName ?? '',
    familyName: child.familyName,
    birthDate: child.birthDate,
    birthDateRange: null,
    identifier: child.upn,
    postcode: child.postcode,
    houseAndStreet: houseAndStreet(child.address),
  })
  const others = candidates.filter(candidate => candidate.id !== child.id)
  return likelyMatches(
    { ...child, givenName: child.givenName ?? '', approximateAge: null },
    others,
    { today, identifier: child.upn },
  )
}

/** Records found by a search, other than the child itself. */
export async function searchOtherChildren(trx: Trx, child: Child, query: string) {
  if (!query) return []
  const found = await searchChildren(trx, child.partnershipId, { query, limit: 20, offset: 0 })
  return found.filter(other => other.id !== child.id)
}

// ---- Merging --------------------------------------------------------------------------------

export interface MergeInput {
  keptId: string
  mergedId: string
  /** For each conflicting field, whose value to keep; fields not named keep the kept value. */
  choices: Partial<Record<MergeField, MergeChoice>>
  reason: string
}

export type MergeRefusal =
  | 'same-record'
  | 'kept-merged'
  | 'duplicate-merged'
  | 'death-dates-differ'
  | 'same-referral-date'
  | 'both-open'
  | 'same-previous-plan'
  | 'same-panel-agenda'
  | 'choice-missing'

export type MergeOutcome =
  | { kind: 'not-found' }
  | { kind: 'refused'; refusal: MergeRefusal; message: string }
  | { kind: 'merged'; moved: MovedCounts; changed: string[] }

export interface MergePair {
  kept: Child
  merged: Child
}

/**
 * The two records, or not-found when either is not the partnership's; a refusal when they cannot
 * be merged as they stand. Read with `lock` inside the merge, so that neither changes under it.
 */
export async function checkMergePair(
  trx: Trx,
  partnershipId: string,
  keptId: string,
  mergedId: string,
  options: { lock?: boolean } = {},
): Promise<MergePair | Exclude<MergeOutcome, { kind: 'merged' }>> {
  let select = trx
    .selectFrom('child')
    .selectAll()
    .where('partnershipId', '=', partnershipId)
    .where('id', 'in', [keptId, mergedId])
    // Always in the same order, so that two merges of the same pair cannot deadlock.
    .orderBy('id')
  if (options.lock) select = select.forUpdate()
  const rows = await select.execute()
  const kept = rows.find(row => row.id === keptId)
  const merged = rows.find(row => row.id === mergedId)
  if (!kept || !merged) return { kind: 'not-found' }
  const refused = (refusal: MergeRefusal, message: string) =>
    ({ kind: 'refused', refusal, message }) as const
  if (kept.id === merged.id) {
    return refused(
      'same-record',
      'Select a different record: a record cannot be merged into itself',
    )
  }
  if (kept.mergedIntoId !== null) {
    return refused(
      'kept-merged',
      'This record has already been merged into another record: merge into that record instead',
    )
  }
  if (merged.mergedIntoId !== null) {
    return refused('duplicate-merged', `Record ${merged.laChildId} has already been merged`)
  }
  if (kept.deathDate && merged.deathDate && kept.deathDate !== merged.deathDate) {
    return refused(
      'death-dates-differ',
      `The records give different dates of death (${formatDate(kept.deathDate)} and ${formatDate(merged.deathDate)}): correct the wrong one before merging`,
    )
  }
  const sameDates = await trx
    .selectFrom('cinEpisode as k')
    .innerJoin('cinEpisode as m', 'm.referralDate', 'k.referralDate')
    .select('k.referralDate')
    .where('k.childId', '=', kept.id)
    .where('m.childId', '=', merged.id)
    .orderBy('k.referralDate')
    .execute()
  if (sameDates.length > 0) {
    const dates = sameDates.map(row => formatDate(row.referralDate)).join(', ')
    return refused(
      'same-referral-date',
      `Both records have a child in need episode with the referral date ${dates}: correct the episodes in the case management system and import them again before merging`,
    )
  }
  const clash = await recordsThatCannotBothMove(trx, kept.id, merged.id)
  if (clash) return refused(clash.refusal, clash.message)
  return { kept, merged }
}

export function isMergePair(
  value: MergePair | Exclude<MergeOutcome, { kind: 'merged' }>,
): value is MergePair {
  return 'kept' in value
}

/**
 * Merges the duplicate into the kept record, whole or not at all: episodes, referral links,
 * strategy discussions and conferences move; the chosen values are set on the kept record (and
 * the duplicate's values fill fields the kept record lacks); the duplicate is marked merged; the
 * merge is logged and audited on both records.
 */
export function mergeChildren(
  db: Db,
  options: { actor: Actor; input: MergeInput; requestId: string; now: Date },
): Promise<MergeOutcome> {
  const { actor, input, requestId, now } = options
  const { partnershipId } = actor
  const merging = refusable(() =>
    inPartnership(db, scope(actor), async (trx): Promise<MergeOutcome> => {
      const pair = await checkMergePair(trx, partnershipId, input.keptId, input.mergedId, {
        lock: true,
      })
      if (!isMergePair(pair)) {
        if (pair.kind === 'refused') return refuse(pair.refusal, pair.message)
        return pair
      }
      const { kept, merged } = pair
      const fields = compareFields(kept, merged)
      const missing = fields.find(f => f.conflicting && input.choices[f.field] === undefined)
      if (missing) return refuse('choice-missing', choiceMessage(missing.field))

      const moved = { mergedRecord: 0 } as MovedCounts
      for (const table of MOVED_TABLES) {
        const result = await trx
          .updateTable(table)
          .set({ childId: kept.id })
          .where('partnershipId', '=', partnershipId)
          .where('childId', '=', merged.id)
          .executeTakeFirst()
        moved[table] = Number(result.numUpdatedRows)
      }
      // Records merged into the duplicate before now point at the record kept: one hop, always.
      const earlier = await trx
        .updateTable('child')
        .set({ mergedIntoId: kept.id })
        .where('partnershipId', '=', partnershipId)
        .where('mergedIntoId', '=', merged.id)
        .executeTakeFirst()
      moved.mergedRecord = Number(earlier.numUpdatedRows)

      const chosen: Record<string, MergeChoice> = {}
      let values: MergedValues = {}
      for (const f of fields) {
        const choice = f.filled
          ? 'merged'
          : f.conflicting
            ? (input.choices[f.field] ?? 'kept')
            : null
        if (choice === null) continue
        chosen[f.field] = choice
        if (f.filled) values = { ...values, ...filledValues(kept, merged, f.field) }
        else if (choice === 'merged') values = { ...values, ...fieldValues(merged, f.field) }
      }
      // A date of death only the duplicate holds is not lost.
      if (!kept.deathDate && merged.deathDate) values.deathDate = merged.deathDate
      const changes: Record<string, unknown> = {}
      for (const [key, to] of Object.entries(values)) {
        const from = kept[key as keyof Child]
        if (from === to) continue
        // Where a child lives is said to have changed, not recorded in the trail.
        changes[key] =
          key === 'address' || key === 'postcode'
            ? from === null
              ? 'set'
              : 'changed'
            : { from, to }
      }
      if (Object.keys(changes).length > 0) {
        await trx
          .updateTable('child')
          .set({ ...values, updatedAt: now })
          .where('partnershipId', '=', partnershipId)
          .where('id', '=', kept.id)
          .execute()
      }
      await trx
        .updateTable('child')
        .set({ mergedIntoId: kept.id, mergedAt: now, mergedBy: actor.userId, updatedAt: now })
        .where('partnershipId', '=', partnershipId)
        .where('id', '=', merged.id)
        .execute()
      const { id: mergeId } = await trx
        .insertInto('childMerge')
        .values({
          partnershipId,
          keptChildId: kept.id,
          mergedChildId: merged.id,
          moved: JSON.stringify(moved),
          chosen: JSON.stringify(chosen),
          reason: input.reason,
          mergedBy: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await recordAudit(trx, {
        partnershipId,
        userId: actor.userId,
        action: 'child.merged',
        resourceType: 'child',
        resourceId: kept.id,
        childId: kept.id,
        fields: changes,
        detail: { keptChildId: kept.id, mergedChildId: merged.id, mergeId, moved, chosen },
        requestId,
      })
      await recordAudit(trx, {
        partnershipId,
        userId: actor.userId,
        action: 'child.updated',
        resourceType: 'child',
        resourceId: merged.id,
        childId: merged.id,
        fields: { mergedIntoId: { from: null, to: kept.id } },
        detail: { mergeId },
        requestId,
      })
      return { kind: 'merged', moved, changed: Object.keys(changes) }
    }),
  )
  return merging.then((outcome): MergeOutcome =>
    isRefusal(outcome)
      ? { kind: 'refused', refusal: outcome.field as MergeRefusal, message: outcome.message }
      : outcome,
  )
}

// ---- The comparison -------------------------------------------------------------------------

/** The front door referrals a record is linked to, newest first. */
export function listReferralsOfChild(trx: Trx, partnershipId: string, childId: string) {
  return trx
    .selectFrom('referralChild')
    .innerJoin('referral', 'referral.id', 'referralChild.referralId')
    .select(['referral.id', 'referral.reference', 'referral.receivedAt', 'referral.status'])
    .where('referralChild.partnershipId', '=', partnershipId)
    .where('referralChild.childId', '=', childId)
    .orderBy('referral.receivedAt', 'desc')
    .execute()
}
