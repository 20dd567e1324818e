import { sql } from 'kysely'
import { inPartnership, type Db, type Trx } from '../db/database.js'
import { auditAsActor, type ActedEvent } from './acting.js'
import { changedFields, recordAudit } from './audit.js'
import type { Actor } from './http/types.js'
import {
  englandAndWales,
  englandAndWalesBankHolidays,
  type WorkingDayCalendar,
} from './working-days.js'

export * from './partnership-settings.js'

/**
 * A partnership administrator's work: people and their roles, agencies, bank holidays and
 * settings. Every change is one transaction with its audit event.
 */

export const AGENCY_SECTORS = {
  'local-authority': 'Local authority',
  police: 'Police',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  'youth-justice': 'Youth justice',
  voluntary: 'Voluntary and community sector',
  other: 'Other',
} as const
export type AgencySector = keyof typeof AGENCY_SECTORS

function scoped<T>(db: Db, actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  return inPartnership(db, { partnershipId: actor.partnershipId, userId: actor.userId }, work)
}

/** An administrator's change, audited in the change's own transaction. */
export const audit: (
  trx: Trx,
  actor: Actor,
  requestId: string,
  event: Omit<ActedEvent, 'childId'> & { resourceId: string },
) => Promise<void> = auditAsActor

/**
 * Records a read of personnel data or the outbox (who looked, at what), in its own transaction:
 * DESIGN asks for every read of personnel data and every export to be audited.
 */
export function recordPersonnelRead(
  db: Db,
  actor: Actor,
  requestId: string,
  event: {
    action: string
    resourceType: string
    resourceId?: string
    detail?: Record<string, unknown>
  },
) {
  return scoped(db, actor, trx =>
    recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      requestId,
      resourceId: event.resourceId ?? null,
      action: event.action,
      resourceType: event.resourceType,
      detail: event.detail ?? null,
    }),
  )
}

/** Roles that see everyone in the partnership; anyone else sees people in their own agencies. */
const SEES_EVERYONE = ['partnership-admin', 'business-officer', 'auditor']

/** The agencies whose people the actor may see, or null for everyone in the partnership. */
export function visibleAgencies(actor: Actor): string[] | null {
  return actor.roles.some(role => SEES_EVERYONE.includes(role)) ? null : actor.agencyIds
}

export interface PartnershipUser {
  id: string
  email: string
  displayName: string
  roles: { grantId: string; role: string; agencyId: string | null; agencyName: string | null }[]
  hasPassword: boolean
  totpEnabled: boolean
  isLocked: boolean
  isDisabled: boolean
}

/** People with at least one role in the actor's partnership (agency leads: in their agencies). */
export function listPartnershipUsers(
  db: Db,
  actor: Actor,
  agencyIds: string[] | null = null,
): Promise<PartnershipUser[]> {
  return scoped(db, actor, async trx => {
    let query = trx
      .selectFrom('roleGrant')
      .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
      .leftJoin('agency', 'agency.id', 'roleGrant.agencyId')
      .select([
        'appUser.id',
        'appUser.email',
        'appUser.displayName',
        // Whether a password is set, never the hash itself.
        sql<boolean>`app_user.password_hash is not null`.as('hasPassword'),
        'appUser.totpEnabledAt',
        'appUser.lockedUntil',
        'appUser.disabledAt',
        'roleGrant.id as grantId',
        'roleGrant.role',
        'roleGrant.agencyId',
        'agency.name as agencyName',
      ])
      .where('roleGrant.partnershipId', '=', actor.partnershipId)
      .orderBy('appUser.displayName')
      .orderBy('roleGrant.role')
    if (agencyIds)
      query = query.where(
        'roleGrant.agencyId',
        'in',
        agencyIds.length ? agencyIds : ['00000000-0000-0000-0000-000000000000'],
      )
    const rows = await query.execute()
    const users = new Map<string, PartnershipUser>()
    for (const row of rows) {
      const user = users.get(row.id) ?? {
        id: row.id,
        email: row.email,
        displayName: row.displayName,
        roles: [],
        hasPassword: row.hasPassword,
        totpEnabled: row.totpEnabledAt !== null,
        isLocked: row.lockedUntil !== null && new Date(row.lockedUntil).getTime() > Date.now(),
        isDisabled: row.disabledAt !== null,
      }
      user.roles.push({
        grantId: row.grantId,
        role: row.role,
        agencyId: row.agencyId,
        agencyName: row.agencyName,
      })
      users.set(row.id, user)
    }
    return [...users.values()]
  })
}

export async function findPartnershipUser(
  db: Db,
  actor: Actor,
  userId: string,
): Promise<PartnershipUser | null> {
  const users = await listPartnershipUsers(db, actor, visibleAgencies(actor))
  return users.find(user => user.id === userId) ?? null
}

export type GrantOutcome =
  { kind: 'granted' } | { kind: 'already-held' } | { kind: 'unknown-agency' }

export function grantRole(
  db: Db,
  options: {
    actor: Actor
    userId: string
    role: string
    agencyId: string | null
    requestId: string
  },
): Promise<GrantOutcome> {
  const { actor, userId, role, agencyId, requestId } = options
  return scoped(db, actor, async trx => {
    if (
      agencyId &&
      !(await trx.selectFrom('agency').select('id').where('id', '=', agencyId).executeTakeFirst())
    ) {
      return { kind: 'unknown-agency' } as const
    }
    const inserted = await trx
      .insertInto('roleGrant')
      .values({
        partnershipId: actor.partnershipId,
        userId,
        role,
        agencyId,
        grantedBy: actor.userId,
      })
      .onConflict(conflict => conflict.columns(['partnershipId', 'userId', 'role']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) return { kind: 'already-held' } as const
    await audit(trx, actor, requestId, {
      action: 'role-grant.created',
      resourceType: 'user',
      resourceId: userId,
      fields: { role, agencyId },
    })
    return { kind: 'granted' } as const
  })
}

export type RevokeOutcome = { kind: 'revoked' } | { kind: 'not-found' } | { kind: 'last-admin' }

export function revokeRole(
  db: Db,
  options: { actor: Actor; userId: string; grantId: string; requestId: string },
): Promise<RevokeOutcome> {
  const { actor, userId, grantId, requestId } = options
  return scoped(db, actor, async trx => {
    const grant = await trx
      .selectFrom('roleGrant')
      .selectAll()
      .where('id', '=', grantId)
      .where('userId', '=', userId)
      .executeTakeFirst()
    if (!grant) return { kind: 'not-found' } as const
    if (grant.role === 'partnership-admin') {
      const admins = await trx
        .selectFrom('roleGrant')
        .select(eb => eb.fn.countAll<string>().as('count'))
        .where('role', '=', 'partnership-admin')
        .where('partnershipId', '=', actor.partnershipId)
        .executeTakeFirstOrThrow()
      if (Number(admins.count) <= 1) return { kind: 'last-admin' } as const
    }
    await trx.deleteFrom('roleGrant').where('id', '=', grantId).execute()
    // Sessions pick up the change on their next request: roles are read per request.
    await audit(trx, actor, requestId, {
      action: 'role-grant.deleted',
      resourceType: 'user',
      resourceId: userId,
      fields: { role: grant.role, agencyId: grant.agencyId },
    })
    return { kind: 'revoked' } as const
  })
}

/**
 * Accounts are shared by every partnership a person works in, so one partnership's administrator
 * may disable an account, or reset its second factor, only when it works in no other.
 */
export async function worksElsewhere(db: Db, userId: string): Promise<boolean> {
  const { rows } = await sql<{ count: number }>`
    select keepsafe_partnership_count(${userId}) as count`.execute(db)
  return (rows[0]?.count ?? 0) > 1
}

export function setUserDisabled(
  db: Db,
  options: { actor: Actor; userId: string; disabled: boolean; requestId: string },
): Promise<void> {
  const { actor, userId, disabled, requestId } = options
  return scoped(db, actor, async trx => {
    await trx
      .updateTable('appUser')
      .set({ disabledAt: disabled ? new Date() : null, lockedUntil: null, failedSignIns: 0 })
      .where('id', '=', userId)
      .execute()
    if (disabled) await trx.deleteFrom('userSession').where('userId', '=', userId).execute()
    await audit(trx, actor, requestId, {
      action: disabled ? 'user.disabled' : 'user.enabled',
      resourceType: 'user',
      resourceId: userId,
    })
  })
}

export function listAgencies(db: Db, actor: Actor) {
  return scoped(db, actor, trx => trx.selectFrom('agency').selectAll().orderBy('name').execute())
}

export function findAgency(db: Db, actor: Actor, agencyId: string) {
  return scoped(db, actor, trx =>
    trx.selectFrom('agency').selectAll().where('id', '=', agencyId).executeTakeFirst(),
  )
}

export interface AgencyInput {
  name: string
  sector: AgencySector
  isActive: boolean
}

export type AgencyOutcome =
  { kind: 'saved'; id: string } | { kind: 'duplicate-name' } | { kind: 'not-found' }

export function createAgency(
  db: Db,
  options: { actor: Actor; input: AgencyInput; requestId: string },
): Promise<AgencyOutcome> {
  const { actor, input, requestId } = options
  return scoped(db, actor, async trx => {
    const clash = await trx
      .selectFrom('agency')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst()
    if (clash) return { kind: 'duplicate-name' } as const
    const { id } = await trx
      .insertInto('agency')
      .values({ partnershipId: actor.partnershipId, ...input })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, actor, requestId, {
      action: 'agency.created',
      resourceType: 'agency',
      resourceId: id,
      fields: { ...input },
    })
    return { kind: 'saved', id } as const
  })
}

export function updateAgency(
  db: Db,
  options: { actor: Actor; agencyId: string; input: AgencyInput; requestId: string },
): Promise<AgencyOutcome> {
  const { actor, agencyId, input, requestId } = options
  return scoped(db, actor, async trx => {
    const before = await trx
      .selectFrom('agency')
      .selectAll()
      .where('id', '=', agencyId)
      .forUpdate()
      .executeTakeFirst()
    if (!before) return { kind: 'not-found' } as const
    const clash = await trx
      .selectFrom('agency')
      .select('id')
      .where('name', '=', input.name)
      .where('id', '!=', agencyId)
      .executeTakeFirst()
    if (clash) return { kind: 'duplicate-name' } as const
    const fields = changedFields(before, input)
    if (Object.keys(fields).length === 0) return { kind: 'saved', id: agencyId } as const
    await trx.updateTable('agency').set(input).where('id', '=', agencyId).execute()
    await audit(trx, actor, requestId, {
      action: 'agency.updated',
      resourceType: 'agency',
      resourceId: agencyId,
      fields,
    })
    return { kind: 'saved', id: agencyId } as const
  })
}

export interface HolidayRow {
  id: string | null
  holidayOn: string
  name: string
  isBuiltIn: boolean
}

/** The year's built-in England and Wales bank holidays and the partnership's own additions. */
export async function listHolidays(db: Db, actor: Actor, year: number): Promise<HolidayRow[]> {
  const own = await scoped(db, actor, trx =>
    trx
      .selectFrom('bankHoliday')
      .select(['id', 'holidayOn', 'name'])
      .where('holidayOn', '>=', `${year}-01-01`)
      .where('holidayOn', '<=', `${year}-12-31`)
      .execute(),
  )
  const builtIn = year >= 2010 && year <= 2030 ? englandAndWalesBankHolidays(year) : []
  return [
    ...builtIn.map(holidayOn => ({
      id: null,
      holidayOn,
      name: 'Bank holiday (England and Wales)',
      isBuiltIn: true,
    })),
    ...own.map(row => ({ ...row, isBuiltIn: false })),
  ].sort((a, b) => a.holidayOn.localeCompare(b.holidayOn))
}

/** Every partnership-added holiday, for building the partnership's working-day calendar. */
export function listPartnershipHolidayDates(trx: Trx): Promise<string[]> {
  return trx
    .selectFrom('bankHoliday')
    .select('holidayOn')
    .execute()
    .then(rows => rows.map(row => row.holidayOn))
}

/**
 * The partnership's working-day calendar, read in the transaction (never a stale copy): England
 * and Wales with the partnership's own extra holidays.
 */
export async function partnershipCalendarIn(trx: Trx): Promise<WorkingDayCalendar> {
  const extra = await listPartnershipHolidayDates(trx)
  return extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
}

export type HolidayOutcome = { kind: 'added' } | { kind: 'duplicate' }

export function addHoliday(
  db: Db,
  options: { actor: Actor; holidayOn: string; name: string; requestId: string },
): Promise<HolidayOutcome> {
  const { actor, holidayOn, name, requestId } = options
  return scoped(db, actor, async trx => {
    const year = Number(holidayOn.slice(0, 4))
    const isBuiltIn =
      year >= 2010 && year <= 2030 && englandAndWalesBankHolidays(year).includes(holidayOn)
    const clash = await trx
      .selectFrom('bankHoliday')
      .select('id')
      .where('holidayOn', '=', holidayOn)
      .executeTakeFirst()
    if (isBuiltIn || clash) return { kind: 'duplicate' } as const
    const { id } = await trx
      .insertInto('bankHoliday')
      .values({ partnershipId: actor.partnershipId, holidayOn, name, createdBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow()
    calendars.delete(actor.partnershipId)
    await audit(trx, actor, requestId, {
      action: 'bank-holiday.created',
      resourceType: 'bank-holiday',
      resourceId: id,
      fields: { holidayOn, name },
    })
    return { kind: 'added' } as const
  })
}

export function removeHoliday(
  db: Db,
  options: { actor: Actor; holidayId: string; requestId: string },
): Promise<boolean> {
  const { actor, holidayId, requestId } = options
  return scoped(db, actor, async trx => {
    const removed = await trx
      .deleteFrom('bankHoliday')
      .where('id', '=', holidayId)
      .returning(['holidayOn', 'name'])
      .executeTakeFirst()
    if (!removed) return false
    calendars.delete(actor.partnershipId)
    await audit(trx, actor, requestId, {
      action: 'bank-holiday.deleted',
      resourceType: 'bank-holiday',
      resourceId: holidayId,
      fields: { ...removed },
    })
    return true
  })
}

// Holidays change a few times a year and every timescale reads them, so each instance keeps a
// partnership's calendar for a minute; a change made here is seen here at once (the cache entry
// is dropped), and by other instances within the minute.
const CALENDAR_TTL_MS = 60_000
const calendars = new Map<string, { calendar: WorkingDayCalendar; loadedAt: number }>()

/** The partnership's working-day calendar: England and Wales bank holidays and its own. */
export async function partnershipCalendar(db: Db, actor: Actor): Promise<WorkingDayCalendar> {
  const cached = calendars.get(actor.partnershipId)
  if (cached && cached.loadedAt + CALENDAR_TTL_MS > Date.now()) return cached.calendar
  const extra = await scoped(db, actor, listPartnershipHolidayDates)
  const calendar = extra.length ? englandAndWales.withExtraHolidays(extra) : englandAndWales
  calendars.set(actor.partnershipId, { calendar, loadedAt: Date.now() })
  return calendar
}
