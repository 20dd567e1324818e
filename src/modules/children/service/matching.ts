/** One child, one record: what the front door needs to match a referred child to a record. */
import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { updateChild } from './record.js'

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
  await updateChild(trx, scope, childId, next, { fields, detail })
  return true
}
