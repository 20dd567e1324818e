import { sql, type RawBuilder } from 'kysely'
import type { Trx } from '../../../db/database.js'

const LONDON_DAY = (table: string) =>
  sql`(${sql.ref(`${table}.received_at`)} at time zone 'Europe/London')::date`

/** Both contacts name the same child: the same record, or the same names and date of birth. */
function sameChild(first: string, second: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from referral_child a, referral_child b
    where a.referral_id = ${sql.ref(`${first}.id`)} and b.referral_id = ${sql.ref(`${second}.id`)}
      and ((a.child_id is not null and a.child_id = b.child_id)
        or (lower(a.given_name) = lower(b.given_name)
          and lower(coalesce(a.family_name, '')) = lower(coalesce(b.family_name, ''))
          and a.birth_date = b.birth_date)))`
}

/**
 * `first` is an earlier contact, not itself joined, that is still undecided or came in the same
 * London day as `second`: the rule that makes `second` a likely duplicate (once the child's
 * is also the same).
 */
function isEarlierOpenOrSameDay(first: string, second: string): RawBuilder<boolean> {
  const ref = (table: string, column: string) => sql.ref(`${table}.${column}`)
  return sql<boolean>`(${ref(first, 'id')} <> ${ref(second, 'id')}
    and ${ref(first, 'duplicate_of_id')} is null
    and ${ref(first, 'received_at')} < ${ref(second, 'received_at')}
    and (${ref(first, 'status')} <> 'decided' or ${LONDON_DAY(first)} = ${LONDON_DAY(second)}))`
}

/**
 * The contacts that name one of the children of the contact in `table`: by the same record, or by
 * the same names and date of birth. Read from that contact's few children through indexes
 * (referral_child_child, referral_child_same_child), never by scanning every child named.
 */
function contactsAboutItsChildren(table: string): RawBuilder<string> {
  const contact = sql.ref(`${table}.id`)
  return sql<string>`select a.referral_id from referral_child b
      join referral_child a on a.partnership_id = b.partnership_id and a.child_id = b.child_id
      where b.referral_id = ${contact} and b.child_id is not null
    union all
    select a.referral_id from referral_child b
      join referral_child a on a.partnership_id = b.partnership_id
        and a.birth_date = b.birth_date and lower(a.given_name) = lower(b.given_name)
        and lower(coalesce(a.family_name, '')) = lower(coalesce(b.family_name, ''))
      where b.referral_id = ${contact}`
}

/**
 * Whether the contact in `table` (not yet joined) is a likely duplicate of an earlier one: for the
 * queue's tag and filter.
 */
export function isLikelyDuplicate(table: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.duplicate_of_id`)} is null and exists (
    select 1 from referral earlier
    where earlier.partnership_id = ${sql.ref(`${table}.partnership_id`)}
      and earlier.id in (${contactsAboutItsChildren(table)})
      and ${isEarlierOpenOrSameDay('earlier', table)}))`
}

/**
 * Earlier contacts about the same child (the same record, or the same first name, last name and
 * date of birth) that are still undecided or came in the same London day: likely duplicates of
 * which this contact is the second. Not re-referrals.
 */
export function listLikelyDuplicateOf(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referral as first')
    .innerJoin('referral as this', join => join.on('this.id', '=', referralId))
    .select(['first.id', 'first.reference', 'first.receivedAt'])
    .where('first.partnershipId', '=', partnershipId)
    .where(sql<boolean>`first.id in (${contactsAboutItsChildren('this')})`)
    .where(isEarlierOpenOrSameDay('first', 'this'))
    .orderBy('first.receivedAt')
    .execute()
}

/** What decides whether a contact may be joined to another: its timing, state and child. */
export function findJoinTarget(
  trx: Trx,
  partnershipId: string,
  referralId: string,
  firstId: string,
) {
  return trx
    .selectFrom('referral as first')
    .innerJoin('referral as this', join => join.on('this.id', '=', referralId))
    .select([
      'first.id',
      'first.reference',
      'first.duplicateOfId',
      sql<boolean>`first.received_at < this.received_at`.as('isEarlier'),
      isEarlierOpenOrSameDay('first', 'this').as('isOpenOrSameDay'),
      sameChild('first', 'this').as('isSameChild'),
    ])
    .where('first.partnershipId', '=', partnershipId)
    .where('first.id', '=', firstId)
    .forUpdate()
    .executeTakeFirst()
}

/** The contacts joined to this one as likely duplicates, with what their referrers said. */
export function listJoinedContacts(trx: Trx, partnershipId: string, firstId: string) {
  return trx
    .selectFrom('referral')
    .leftJoin('appUser as joiner', 'joiner.id', 'referral.joinedBy')
    .leftJoin('agency', 'agency.id', 'referral.referrerAgencyId')
    .select([
      'referral.id',
      'referral.reference',
      'referral.source',
      'referral.receivedAt',
      'referral.joinedAt',
      'joiner.displayName as joinedByName',
      'referral.concern',
      'referral.childSays',
      'referral.household',
      'referral.reporterAnonymous',
      'referral.reporterName',
      'referral.reporterRelationship',
      'referral.referrerJobTitle',
      'agency.name as referrerAgencyName',
    ])
    .where('referral.partnershipId', '=', partnershipId)
    .where('referral.duplicateOfId', '=', firstId)
    .orderBy('referral.receivedAt')
    .execute()
}

/** The first contact a joined contact was joined to. */
export function findFirstContact(trx: Trx, partnershipId: string, firstId: string) {
  return trx
    .selectFrom('referral')
    .select(['id', 'reference'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', firstId)
    .executeTakeFirst()
}
