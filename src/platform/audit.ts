import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import type { Db, OwnerDb, Trx } from '../db/database.js'
import type { AuditEventTable } from './tables.js'

/**
 * The audit trail: append-only and hash-chained per partnership. Each event's hash covers the
 * previous event's hash and every recorded column, so altering or removing any event breaks the
 * chain from that point on. Events are written in the transaction of what they record: if the
 * change rolls back, so does its audit event.
 */

export const GENESIS_HASH = '0'.repeat(64)
const PLATFORM_CHAIN = 'platform'

export interface AuditEventInput {
  /** null for events that belong to no partnership (a failed sign-in for an unknown email). */
  partnershipId: string | null
  userId: string | null
  action: string
  resourceType: string
  resourceId?: string | null
  childId?: string | null
  /** Fields created or changed: name to new value, or { from, to } on update. */
  fields?: Record<string, unknown> | null
  detail?: Record<string, unknown> | null
  requestId?: string | null
}

/** What an event's hash covers: every recorded column but its id and hashes (the time as text). */
type HashedColumns = Omit<AuditEventTable, 'id' | 'occurredAt' | 'prevHash' | 'hash'> & {
  occurredAt: string
}

/** JSON with sorted keys, so that jsonb's own key order cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
}

export function eventHash(prevHash: string, columns: HashedColumns): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson(columns))
    .digest('hex')
}

/**
 * A value as jsonb will give it back: dates become ISO strings, undefined members go. The hash is
 * taken of this, so that `audit verify`, which reads the stored JSON, computes the same hash.
 */
function asStoredJson(value: Record<string, unknown> | null | undefined): unknown {
  return value == null ? null : (JSON.parse(JSON.stringify(value)) as unknown)
}

/** Appends one event; `trx` must already be bound to the event's partnership. */
export async function recordAudit(trx: Trx, input: AuditEventInput): Promise<void> {
  const chainKey = input.partnershipId ?? PLATFORM_CHAIN
  // The row lock serialises writers of one chain; other partnerships' chains are not held up. One
  // statement makes the chain's head if it is new and locks it either way (the update changes
  // nothing), so the lock is held for two round trips rather than four (speed, issue 17).
  const head = await trx
    .insertInto('auditChainHead')
    .values({ chainKey, seq: '0', lastHash: GENESIS_HASH })
    .onConflict(conflict =>
      conflict.column('chainKey').doUpdateSet({ chainKey: eb => eb.ref('excluded.chainKey') }),
    )
    .returning(['seq', 'lastHash'])
    .executeTakeFirstOrThrow()

  const columns: HashedColumns = {
    partnershipId: input.partnershipId,
    chainKey,
    seq: String(BigInt(head.seq) + 1n),
    occurredAt: new Date().toISOString(),
    userId: input.userId,
    action: input.action,
    resourceType: input.resourceType,
    resourceId: input.resourceId ?? null,
    childId: input.childId ?? null,
    fields: asStoredJson(input.fields),
    detail: asStoredJson(input.detail),
    requestId: input.requestId ?? null,
  }
  const hash = eventHash(head.lastHash, columns)
  // The event and the head's move in one statement (a data-modifying WITH always runs).
  await trx
    .with('appended', append =>
      append.insertInto('auditEvent').values({
        ...columns,
        fields: columns.fields === null ? null : JSON.stringify(columns.fields),
        detail: columns.detail === null ? null : JSON.stringify(columns.detail),
        prevHash: head.lastHash,
        hash,
      }),
    )
    .updateTable('auditChainHead')
    .set({ seq: columns.seq, lastHash: hash })
    .where('chainKey', '=', chainKey)
    .execute()
}

/**
 * Someone saw a child's record (its page, or a page showing who the child is): every view of
 * child-level data is on the record, `detail` saying which page or what for when that matters.
 */
export function recordChildViewed(
  trx: Trx,
  viewer: { partnershipId: string; userId: string | null },
  view: { childId: string; requestId: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  return recordAudit(trx, {
    partnershipId: viewer.partnershipId,
    userId: viewer.userId,
    action: 'child.viewed',
    resourceType: 'child',
    resourceId: view.childId,
    childId: view.childId,
    detail: view.detail,
    requestId: view.requestId,
  })
}

/** Only the fields whose values differ, as { field: { from, to } }. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {}
  for (const [field, to] of Object.entries(after)) {
    const from = before[field]
    if (canonicalJson(from) !== canonicalJson(to)) changes[field] = { from, to }
  }
  return changes
}

export interface ChainBreak {
  chainKey: string
  seq: string
  id: string
  reason: string
}

export interface VerifyOutcome {
  chains: number
  events: number
  firstBreak: ChainBreak | null
}

/**
 * Walks every chain in order, as the table owner (row-level security would hide other
 * partnerships), and reports the first event whose link or hash does not hold, or the chain whose
 * end is not the one its seal recorded (its newest events, or all of them, deleted).
 */
export async function verifyAuditChains(owner: OwnerDb, batchSize = 5000): Promise<VerifyOutcome> {
  const chainRows = await sql<{
    chain_key: string
    seal_seq: string | null
    seal_hash: string | null
  }>`
    select chain_key, seal.seq::text as seal_seq, seal.last_hash as seal_hash
    from (select distinct chain_key from audit_event union select chain_key from audit_chain_seal) chains
    left join audit_chain_seal seal using (chain_key)
    order by chain_key`.execute(owner)
  let events = 0
  for (const { chain_key: chainKey, seal_seq: sealSeq, seal_hash: sealHash } of chainRows.rows) {
    let expectedPrev = GENESIS_HASH
    let expectedSeq = 1n
    let afterSeq = 0n
    for (;;) {
      const batch = await sql<RawAuditRow>`
        select id, partnership_id, chain_key, seq, occurred_at, user_id, action, resource_type,
               resource_id, child_id, fields, detail, request_id, prev_hash, hash
        from audit_event where chain_key = ${chainKey} and seq > ${String(afterSeq)}
        order by seq limit ${batchSize}`.execute(owner)
      if (batch.rows.length === 0) break
      for (const row of batch.rows) {
        const problem = checkRow(row, expectedPrev, expectedSeq)
        if (problem) {
          return {
            chains: chainRows.rows.length,
            events,
            firstBreak: { chainKey, seq: String(row.seq), id: String(row.id), reason: problem },
          }
        }
        events += 1
        expectedPrev = row.hash
        expectedSeq += 1n
        afterSeq = BigInt(row.seq)
      }
    }
    const lastSeq = expectedSeq - 1n
    const sealBroken = sealProblem(lastSeq, expectedPrev, sealSeq, sealHash)
    if (sealBroken) {
      return {
        chains: chainRows.rows.length,
        events,
        firstBreak: { chainKey, seq: String(lastSeq), id: '', reason: sealBroken },
      }
    }
  }
  return { chains: chainRows.rows.length, events, firstBreak: null }
}

function sealProblem(
  lastSeq: bigint,
  lastHash: string,
  sealSeq: string | null,
  sealHash: string | null,
): string | null {
  if (sealSeq === null) return 'the chain has no seal: it was written around the audit trigger'
  if (BigInt(sealSeq) !== lastSeq || sealHash !== lastHash) {
    return lastSeq === 0n
      ? `every event of the chain is missing: the seal records ${sealSeq}`
      : `the chain ends at ${lastSeq} but its seal records ${sealSeq}: the newest events were deleted or replaced`
  }
  return null
}

interface RawAuditRow {
  id: string | number
  partnership_id: string | null
  chain_key: string
  seq: string | number
  occurred_at: Date | string
  user_id: string | null
  action: string
  resource_type: string
  resource_id: string | null
  child_id: string | null
  fields: unknown
  detail: unknown
  request_id: string | null
  prev_hash: string
  hash: string
}

function checkRow(row: RawAuditRow, expectedPrev: string, expectedSeq: bigint): string | null {
  if (BigInt(row.seq) !== expectedSeq)
    return `sequence gap: expected ${expectedSeq}, found ${row.seq}`
  if (row.prev_hash !== expectedPrev) return 'previous hash does not match the event before it'
  const recomputed = eventHash(row.prev_hash, {
    partnershipId: row.partnership_id,
    chainKey: row.chain_key,
    seq: String(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    userId: row.user_id,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    childId: row.child_id,
    fields: parseJson(row.fields),
    detail: parseJson(row.detail),
    requestId: row.request_id,
  })
  return recomputed === row.hash ? null : 'contents do not match their hash (the event was altered)'
}

function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : (value ?? null)
}

export interface AuditSearch {
  userId?: string | undefined
  action?: string | undefined
  resourceType?: string | undefined
  resourceId?: string | undefined
  childId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit?: number
  offset?: number
}

/** Search within the bound partnership (row-level security supplies the partnership filter too). */
export function searchAuditEvents(db: Db | Trx, partnershipId: string, search: AuditSearch) {
  let query = db
    .selectFrom('auditEvent')
    .leftJoin('appUser', 'appUser.id', 'auditEvent.userId')
    .select([
      'auditEvent.id',
      'auditEvent.seq',
      'auditEvent.occurredAt',
      'auditEvent.userId',
      'appUser.email as userEmail',
      'auditEvent.action',
      'auditEvent.resourceType',
      'auditEvent.resourceId',
      'auditEvent.childId',
      'auditEvent.fields',
      'auditEvent.detail',
      'auditEvent.requestId',
    ])
    .where('auditEvent.partnershipId', '=', partnershipId)
  if (search.userId) query = query.where('auditEvent.userId', '=', search.userId)
  if (search.action) {
    // A prefix search: the person's text is matched literally, wildcards included.
    const literal = search.action.replace(/[\\%_]/g, character => `\\${character}`)
    query = query.where('auditEvent.action', 'like', `${literal}%`)
  }
  if (search.resourceType) query = query.where('auditEvent.resourceType', '=', search.resourceType)
  if (search.resourceId) query = query.where('auditEvent.resourceId', '=', search.resourceId)
  if (search.childId) query = query.where('auditEvent.childId', '=', search.childId)
  if (search.from)
    query = query.where('auditEvent.occurredAt', '>=', new Date(`${search.from}T00:00:00Z`))
  if (search.to) {
    query = query.where(
      'auditEvent.occurredAt',
      '<',
      new Date(Date.parse(`${search.to}T00:00:00Z`) + 86_400_000),
    )
  }
  return query
    .orderBy('auditEvent.occurredAt', 'desc')
    .orderBy('auditEvent.seq', 'desc')
    .limit(search.limit ?? 100)
    .offset(search.offset ?? 0)
    .execute()
}
