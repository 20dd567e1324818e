/**
 * Issue 16 point 17: a subject access export of one child's records, for the data protection
 * officer, audited against the child, without the people who made referrals.
 */
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { insertChildRecord, insertReferralAbout } from '../helpers/child-records.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

async function download(childId: string, cookie: string) {
  return t.inject({
    method: 'GET',
    url: `/admin/privacy/subject-access/${childId}/export.zip`,
    headers: { cookie },
  })
}

describe('a subject access export of a child’s records', () => {
  it('finds the child by LA child ID and zips their record, referrals and access, audited', async () => {
    const childId = await insertChildRecord(t, 'SAR1')
    await insertReferralAbout(t, new Date('2026-03-02T10:00:00Z'), [childId])
    const chair = await t.signInAs('conference-chair')
    await t.inject({ method: 'GET', url: `/children/${childId}`, headers: { cookie: chair } })
    const admin = await t.signInAs('partnership-admin')

    const page = await t.inject({
      method: 'GET',
      url: '/admin/privacy/subject-access?child=SAR1',
      headers: { cookie: admin },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Amira Khan')
    expect(page.body).toContain('3 April 2018')
    expect(page.body).toContain(`/admin/privacy/subject-access/${childId}/export.zip`)
    const found = await t.database.owner
      .selectFrom('audit_event')
      .select(['user_id', 'detail'])
      .where('action', '=', 'child.viewed')
      .where('child_id', '=', childId)
      .where('user_id', '=', t.userId('partnership-admin'))
      .execute()
    expect(found).toEqual([
      { user_id: t.userId('partnership-admin'), detail: { for: 'subject-access' } },
    ])

    const response = await download(childId, admin)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/zip')
    expect(response.headers['content-disposition']).toMatch(
      /subject-access-SAR1-\d{4}-\d{2}-\d{2}\.zip/,
    )
    const files = unzipSync(new Uint8Array(response.rawPayload))
    expect(Object.keys(files).sort()).toEqual([
      'README.txt',
      'child.json',
      'referrals.json',
      'timeline.csv',
      'who-saw-or-changed.csv',
    ])
    const text = (name: string) => strFromU8(files[name] ?? new Uint8Array())
    expect(JSON.parse(text('child.json'))).toMatchObject({ laChildId: 'SAR1', givenName: 'Amira' })
    const referrals = JSON.parse(text('referrals.json')) as Record<string, unknown>[]
    expect(referrals).toHaveLength(1)
    expect(referrals[0]).toMatchObject({
      concern: 'Bruises on both arms',
      childSays: 'Scared to go home',
    })
    // The person who made the referral is someone else: not in the export.
    expect(text('referrals.json')).not.toContain('Demo Referrer')
    expect(text('referrals.json')).not.toContain('referrer@northbridge.example')
    expect(text('who-saw-or-changed.csv')).toContain('conference-chair@northbridge.example')
    expect(text('who-saw-or-changed.csv')).toContain('child.viewed')
    expect(text('README.txt')).toContain('Before release')

    const audited = await t.database.owner
      .selectFrom('audit_event')
      .select(['child_id', 'user_id', 'detail'])
      .where('action', '=', 'child.subject-access-exported')
      .execute()
    expect(audited).toEqual([
      {
        child_id: childId,
        user_id: t.userId('partnership-admin'),
        detail: { files: expect.arrayContaining(['child.json', 'referrals.json']) as unknown },
      },
    ])
  })

  it('says when no child has the ID, and refuses bad and repeated input', async () => {
    const admin = await t.signInAs('partnership-admin')
    const none = await t.inject({
      method: 'GET',
      url: '/admin/privacy/subject-access?child=NOPE',
      headers: { cookie: admin },
    })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('No child has the LA child ID NOPE')
    const repeated = await t.inject({
      method: 'GET',
      url: '/admin/privacy/subject-access?child=A&child=B',
      headers: { cookie: admin },
    })
    expect(repeated.statusCode).toBe(400)
    const empty = await t.inject({
      method: 'GET',
      url: '/admin/privacy/subject-access',
      headers: { cookie: admin },
    })
    expect(empty.statusCode).toBe(200)
    expect(empty.body).not.toContain('export.zip')
  })

  it('is for the privacy administrators only, and only of their own partnership’s children', async () => {
    const childId = await insertChildRecord(t, 'SAR2')
    for (const role of ['social-worker', 'conference-chair', 'auditor'] as const) {
      const cookie = await t.signInAs(role)
      expect((await download(childId, cookie)).statusCode).toBe(403)
    }
    const otherAdmin = await t.signInAs('partnership-admin', t.southbridge)
    expect((await download(childId, otherAdmin)).statusCode).toBe(404)
    const admin = await t.signInAs('partnership-admin')
    expect((await download('not-an-id', admin)).statusCode).toBe(404)
    expect((await download(crypto.randomUUID(), admin)).statusCode).toBe(404)
    const exported = await t.database.owner
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'child.subject-access-exported')
      .execute()
    expect(exported).toEqual([])
  })
})
