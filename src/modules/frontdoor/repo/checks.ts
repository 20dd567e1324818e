import { sql } from 'kysely'
import type { Trx } from '../../../db/database.js'
import type { ReferralCheckTable } from '../table.js'
import type { Insertable } from 'kysely'

// ---- Checks with partner agencies -------------------------------------------------------------

const CHECK_STATUS = sql<'requested' | 'answered' | 'overdue'>`case
  when referral_check.answered_at is not null then 'answered'
  when referral_check.due_at < now() then 'overdue'
  else 'requested' end`

export function insertReferralChecks(trx: Trx, values: Insertable<ReferralCheckTable>[]) {
  return trx.insertInto('referralCheck').values(values).returning(['id', 'agencyId']).execute()
}

/** The checks asked about one referral, for the front door. */
export function listChecksOfReferral(trx: Trx, partnershipId: string, referralId: string) {
  return trx
    .selectFrom('referralCheck')
    .innerJoin('agency', 'agency.id', 'referralCheck.agencyId')
    .select([
      'referralCheck.id',
      'agency.name as agencyName',
      'referralCheck.question',
      'referralCheck.requestedAt',
      'referralCheck.dueAt',
      'referralCheck.answer',
      'referralCheck.answeredAt',
      CHECK_STATUS.as('status'),
      sql<string | null>`(select display_name from app_user u
        where u.id = referral_check.answered_by)`.as('answeredByName'),
    ])
    .where('referralCheck.partnershipId', '=', partnershipId)
    .where('referralCheck.referralId', '=', referralId)
    .orderBy('referralCheck.requestedAt')
    .orderBy('agency.name')
    .execute()
}

/**
 * The checks asked of the given agencies, with only what an agency needs to answer: the referral
 * reference, each child's name and date of birth, and the question.
 */
export function listChecksForAgencies(trx: Trx, partnershipId: string, agencyIds: string[]) {
  if (agencyIds.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('referralCheck')
    .innerJoin('agency', 'agency.id', 'referralCheck.agencyId')
    .innerJoin('referral', 'referral.id', 'referralCheck.referralId')
    .select([
      'referralCheck.id',
      'referralCheck.referralId',
      'referral.reference',
      'agency.name as agencyName',
      'referralCheck.question',
      'referralCheck.requestedAt',
      'referralCheck.dueAt',
      'referralCheck.answer',
      'referralCheck.answeredAt',
      CHECK_STATUS.as('status'),
      sql<{ name: string; birthDate: string | null; approximateAge: number | null }[]>`(
        select coalesce(json_agg(json_build_object(
          'name', trim(c.given_name || ' ' || coalesce(c.family_name, '')),
          'birthDate', c.birth_date, 'approximateAge', c.approximate_age) order by c.position),
          '[]'::json)
        from referral_child c where c.referral_id = referral_check.referral_id)`.as('children'),
    ])
    .where('referralCheck.partnershipId', '=', partnershipId)
    .where('referralCheck.agencyId', 'in', agencyIds)
    .orderBy(sql`referral_check.answered_at is not null`)
    .orderBy('referralCheck.dueAt')
    .limit(500)
    .execute()
}

/** An unanswered or answered check of one of the agencies, locked; others' checks are not found. */
export function lockCheckForAgencies(
  trx: Trx,
  partnershipId: string,
  checkId: string,
  agencyIds: string[],
) {
  if (agencyIds.length === 0) return Promise.resolve(undefined)
  return trx
    .selectFrom('referralCheck')
    .select(['id', 'referralId', 'agencyId', 'answeredAt'])
    .where('partnershipId', '=', partnershipId)
    .where('id', '=', checkId)
    .where('agencyId', 'in', agencyIds)
    .forUpdate()
    .executeTakeFirst()
}

export function answerReferralCheck(
  trx: Trx,
  checkId: string,
  values: { answer: string; answeredBy: string; answeredAt: Date },
) {
  return trx.updateTable('referralCheck').set(values).where('id', '=', checkId).execute()
}
