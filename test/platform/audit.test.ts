import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../src/db/database.js'
import { londonToday } from '../../src/platform/calendar.js'
import {
  canonicalJson,
  changedFields,
  recordAudit,
  verifyAuditChains,
} from '../../src/platform/audit.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

async function record(partnershipId: string, action: string, extra: Record<string, unknown> = {}) {
  await inPartnership(t.database.db, { partnershipId }, trx =>
    recordAudit(trx, { partnershipId, userId: null, action, resourceType: 'test', ...extra }),
  )
}

describe('the hash-chained audit trail', () => {
  it('chains each partnership’s events in order and verifies them', async () => {
    for (let n = 0; n < 5; n++)
      await record(t.northbridge.id, `test.n${n}`, {
        fields: { b: n, a: [1, { z: 'x', y: null }] },
      })
    for (let n = 0; n < 3; n++) await record(t.southbridge.id, `test.s${n}`)
    const outcome = await verifyAuditChains(t.database.owner)
    expect(outcome).toEqual({ chains: 2, events: 8, firstBreak: null })
    const seqs = await t.database.owner
      .selectFrom('audit_event')
      .select('seq')
      .where('partnership_id', '=', t.northbridge.id)
      .orderBy('seq')
      .execute()
    expect(seqs.map(row => String(row.seq))).toEqual(['1', '2', '3', '4', '5'])
  })

  it('names the first broken link when the table owner alters an event', async () => {
    for (let n = 0; n < 4; n++) await record(t.northbridge.id, `test.${n}`)
    await sql`update audit_event set action = 'tampered' where partnership_id = ${t.northbridge.id} and seq = 2`.execute(
      t.database.owner,
    )
    const outcome = await verifyAuditChains(t.database.owner)
    expect(outcome.firstBreak).toMatchObject({
      chainKey: t.northbridge.id,
      seq: '2',
      reason: expect.stringContaining('altered'),
    })
  })

  it('notices a deleted event as a gap in the chain', async () => {
    for (let n = 0; n < 4; n++) await record(t.northbridge.id, `test.${n}`)
    await sql`delete from audit_event where partnership_id = ${t.northbridge.id} and seq = 3`.execute(
      t.database.owner,
    )
    const outcome = await verifyAuditChains(t.database.owner)
    expect(outcome.firstBreak).toMatchObject({
      seq: '4',
      reason: expect.stringContaining('sequence gap'),
    })
  })

  it('verifies events whose details held dates or undefined members, as jsonb stores them', async () => {
    await record(t.northbridge.id, 'test.dated', {
      detail: { at: new Date('2026-12-05T10:00:00Z'), gone: undefined, n: 1.5 },
      fields: { due: new Date('2026-12-31T00:00:00Z') },
    })
    expect((await verifyAuditChains(t.database.owner)).firstBreak).toBeNull()
  })

  it('notices the newest events deleted, which leave no gap', async () => {
    for (let n = 0; n < 4; n++) await record(t.northbridge.id, `test.${n}`)
    await sql`delete from audit_event where partnership_id = ${t.northbridge.id} and seq >= 3`.execute(
      t.database.owner,
    )
    const outcome = await verifyAuditChains(t.database.owner)
    expect(outcome.firstBreak).toMatchObject({
      chainKey: t.northbridge.id,
      seq: '2',
      reason: expect.stringContaining('seal records 4'),
    })
  })

  it('notices a whole chain deleted', async () => {
    for (let n = 0; n < 3; n++) await record(t.southbridge.id, `test.${n}`)
    await sql`delete from audit_event where partnership_id = ${t.southbridge.id}`.execute(
      t.database.owner,
    )
    const outcome = await verifyAuditChains(t.database.owner)
    expect(outcome.firstBreak).toMatchObject({
      chainKey: t.southbridge.id,
      reason: expect.stringContaining('every event of the chain is missing'),
    })
  })

  it('keeps the seal where the app cannot rewrite it', async () => {
    await record(t.northbridge.id, 'test.sealed')
    await expect(
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        sql`update audit_chain_seal set seq = 0`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/)
    await expect(
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        sql`delete from audit_event`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/)
  })

  it('rolls back the event with the change it records', async () => {
    await expect(
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, async trx => {
        await recordAudit(trx, {
          partnershipId: t.northbridge.id,
          userId: null,
          action: 'test.doomed',
          resourceType: 'test',
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await t.database.owner.selectFrom('audit_event').selectAll().execute()).toEqual([])
    await record(t.northbridge.id, 'test.after')
    expect((await verifyAuditChains(t.database.owner)).firstBreak).toBeNull()
  })

  it('keeps the chain whole under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => record(t.northbridge.id, `test.concurrent.${n}`)),
    )
    expect(await verifyAuditChains(t.database.owner)).toMatchObject({
      events: 20,
      firstBreak: null,
    })
  })

  it('describes only the fields that changed, in a stable form', () => {
    expect(
      changedFields(
        { name: 'A', sector: 'police', isActive: true },
        { name: 'B', sector: 'police', isActive: true },
      ),
    ).toEqual({ name: { from: 'A', to: 'B' } })
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    )
  })
})

describe('auditors search and export the trail', () => {
  it('filters by person, action and date, and exports CSV as an audited event', async () => {
    const admin = await t.signInAs('partnership-admin')
    await t.postForm('/admin/agencies', { name: 'Audited Agency', sector: 'other' }, admin)
    await t.postForm('/admin/bank-holidays', { holidayOn: '2026-06-15', name: 'Local day' }, admin)
    await record(t.southbridge.id, 'agency.created')
    const auditor = await t.signInAs('auditor')

    const page = await t.inject({
      method: 'GET',
      url: '/audit?action=agency&user=partnership-admin%40northbridge.example',
      headers: { cookie: auditor },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Agency created (agency.created)')
    expect(page.body).not.toContain('bank-holiday.created')
    expect((page.body.match(/agency\.created/g) ?? []).length).toBe(1)

    // Dates searched for in GOV.UK date boxes; impossible ones refused in words.
    const boxes = await t.inject({
      method: 'GET',
      url: '/audit?action=agency&from-day=1&from-month=1&from-year=2000&to-day=&to-month=&to-year=',
      headers: { cookie: auditor },
    })
    expect(boxes.statusCode).toBe(200)
    expect(boxes.body).toContain('Agency created (agency.created)')
    const impossible = await t.inject({
      method: 'GET',
      url: '/audit?from-day=31&from-month=2&from-year=2026',
      headers: { cookie: auditor },
    })
    expect(impossible.statusCode).toBe(400)
    expect(impossible.body).toContain('Enter a real date, for example 27 3 2026')

    const today = londonToday()
    const none = await t.inject({
      method: 'GET',
      url: '/audit?from=2000-01-01&to=2000-01-02',
      headers: { cookie: auditor },
    })
    expect(none.body).toContain('No events match')
    const badDates = await t.inject({
      method: 'GET',
      url: `/audit?from=${today}&to=2000-01-02`,
      headers: { cookie: auditor },
    })
    expect(badDates.statusCode).toBe(400)

    const csv = await t.inject({
      method: 'GET',
      url: '/audit/export.csv?action=bank-holiday',
      headers: { cookie: auditor },
    })
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe(
      'occurred_at,seq,user,action,resource_type,resource_id,child_id,fields,detail,request_id',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('bank-holiday.created')
    const exported = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'audit.exported')
      .execute()
    expect(exported).toHaveLength(1)
    expect(exported[0]?.detail).toMatchObject({ rows: 1 })
  })

  it('is refused to everyone but auditors', async () => {
    const admin = await t.signInAs('partnership-admin')
    expect(
      (await t.inject({ method: 'GET', url: '/audit', headers: { cookie: admin } })).statusCode,
    ).toBe(403)
    expect(
      (await t.inject({ method: 'GET', url: '/audit/export.csv', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(403)
  })
})
