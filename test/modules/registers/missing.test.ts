import { describe, expect, it } from 'vitest'
import { upload } from '../governance/helpers.js'
import { useTestApp } from '../../helpers/test-app.js'
import { missingFigures } from '../../../src/modules/registers/queries.js'
import { inPartnership } from '../../../src/db/database.js'
import { londonDate } from '../../../src/platform/calendar.js'
import { as, insertChild, location, snapshot, text } from './helpers.js'

const t = useTestApp()

const episode = (extra: Record<string, string> = {}) => ({
  laChildId: 'MK001',
  missingFrom: 'care',
  reportedOn: '2026-11-02',
  reportedTime: '21:30',
  foundOn: '',
  foundTime: '',
  policeReference: 'WMP-1',
  ...extra,
})

describe('missing episodes', () => {
  it('records an episode, the child found and a return home interview offered within 72 hours', async () => {
    await insertChild(t, 'MK001')
    const worker = await as(t, 'social-worker')
    const url = location(await worker.post('/registers/missing', episode()))
    expect(url).toMatch(/^\/registers\/missing\/[0-9a-f-]{36}\?saved=episode$/)
    const id = url.split('/')[3]?.split('?')[0] ?? ''
    location(
      await worker.post(`/registers/missing/${id}/found`, {
        foundOn: '2026-11-03',
        foundTime: '08:15',
      }),
    )
    location(
      await worker.post(`/registers/missing/${id}/interview`, {
        offeredOn: '2026-11-06',
        offeredTime: '08:15',
        outcome: 'completed',
        interviewOn: '2026-11-07',
      }),
    )
    const page = text((await worker.get(`/registers/missing/${id}`)).body)
    expect(page).toContain(
      'Return home interview offered 6 November 2026 at 8:15am (within 72 hours)',
    )
    expect(page).toContain('Completed on 7 November 2026')
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'register.missing.%')
      .execute()
    expect(audit.map(a => a.action)).toEqual(
      expect.arrayContaining([
        'register.missing.recorded',
        'register.missing.found',
        'register.missing.interview',
        'register.missing.viewed',
      ]),
    )
    const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      missingFigures(trx, { from: '2026-11-01', to: '2026-11-30' }),
    )
    expect(figures).toMatchObject({
      episodes: 1,
      children: 1,
      fromCare: 1,
      found: 1,
      interviewsOffered: 1,
      interviewsWithin72Hours: 1,
      interviewsCompleted: 1,
    })
  })

  it('refuses a found time before the reported time, and writes nothing', async () => {
    await insertChild(t, 'MK001')
    const worker = await as(t, 'social-worker')
    const before = await snapshot(t)
    const response = await worker.post(
      '/registers/missing',
      episode({ foundOn: '2026-11-02', foundTime: '21:29' }),
    )
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain(
      'The time the child was found must be after the time they were reported missing',
    )
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses a new child without a date of birth, and makes no child record', async () => {
    const worker = await as(t, 'social-worker')
    const before = await snapshot(t)
    const response = await worker.post(
      '/registers/missing',
      episode({ laChildId: '', givenName: 'Tia' }),
    )
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain('Enter the child’s date of birth')
    expect(await snapshot(t)).toEqual(before)
  })

  it('answers a repeated query parameter with 400', async () => {
    const worker = await as(t, 'social-worker')
    expect((await worker.get('/registers/missing?show=open&show=all')).statusCode).toBe(400)
    expect((await worker.get('/registers/missing?colour=red')).statusCode).toBe(400)
  })

  it('flags a child missing 3 times in 90 days', async () => {
    await insertChild(t, 'MK001')
    const worker = await as(t, 'social-worker')
    const today = new Date()
    for (const [n, daysAgo] of [10, 40, 80].entries()) {
      const day = londonDate(new Date(today.getTime() - daysAgo * 86_400_000))
      location(
        await worker.post(
          '/registers/missing',
          episode({ reportedOn: day, reportedTime: '12:00', policeReference: `R${n}` }),
        ),
      )
    }
    const page = text((await worker.get('/registers/missing?show=repeat')).body)
    expect(page).toContain('3 episodes')
    expect(page).toContain('Repeatedly missing')
  })
})

describe('importing missing episodes from a police CSV', () => {
  const header = 'police_reference,la_child_id,missing_from,reported,found'

  it('imports every row of a good file', async () => {
    await insertChild(t, 'MK001')
    await insertChild(t, 'MK002', { givenName: 'Jay' })
    const cookie = await t.signInAs('front-door-manager')
    const csv = [
      header,
      'WMP-10,MK001,home,2026-11-01 14:30,2026-11-02 09:15',
      'WMP-11,MK002,care,2026-11-03 22:00,',
    ].join('\n')
    const response = await upload(t, '/registers/missing/import', 'police.csv', csv, cookie)
    expect(response.headers.location).toBe('/registers/missing/import?imported=2')
    const rows = await t.database.owner
      .selectFrom('missing_episode')
      .select(['police_reference', 'source'])
      .orderBy('police_reference')
      .execute()
    expect(rows).toEqual([
      { police_reference: 'WMP-10', source: 'police-import' },
      { police_reference: 'WMP-11', source: 'police-import' },
    ])
  })

  it('refuses a file with bad rows, lists each problem by row, and writes nothing', async () => {
    await insertChild(t, 'MK001')
    const cookie = await t.signInAs('front-door-manager')
    const csv = [
      header,
      'WMP-10,MK001,home,2026-11-01 14:30,2026-11-02 09:15',
      'WMP-11,NOPE,home,2026-11-01 14:30,',
      'WMP-12,MK001,school,2026-11-01 14:30,',
      'WMP-13,MK001,home,2026-11-05 14:30,2026-11-04 09:00',
      'WMP-10,MK001,home,yesterday,',
    ].join('\n')
    const before = await snapshot(t)
    const response = await upload(t, '/registers/missing/import', 'police.csv', csv, cookie)
    expect(response.statusCode).toBe(400)
    const page = text(response.body)
    expect(page).toContain('The file has 5 problems: nothing was imported')
    expect(page).toContain('3 No child has the LA child ID NOPE')
    expect(page).toContain('4 Missing from must be home or care')
    expect(page).toContain('5 Found must be after reported')
    expect(page).toContain('6 Police reference WMP-10 appears more than once in the file')
    expect(page).toContain('6 Reported must be a date and time like 2026-12-01 14:30')
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses a file with the wrong columns, too many rows or too many bytes', async () => {
    const cookie = await t.signInAs('front-door-manager')
    const wrong = await upload(
      t,
      '/registers/missing/import',
      'police.csv',
      'ref,child\nA,B',
      cookie,
    )
    expect(text(wrong.body)).toContain('The first row must name the columns police_reference')
    const many = [
      header,
      ...Array.from({ length: 2001 }, (_, i) => `R${i},MK001,home,2026-11-01 14:30,`),
    ].join('\n')
    expect(
      text((await upload(t, '/registers/missing/import', 'police.csv', many, cookie)).body),
    ).toContain('The file must have 2,000 episodes or fewer')
    const big = Buffer.alloc(1024 * 1024 + 10, 'a')
    const tooBig = await upload(t, '/registers/missing/import', 'police.csv', big, cookie)
    expect(tooBig.statusCode).toBeGreaterThanOrEqual(400)
    expect(await t.database.owner.selectFrom('missing_episode').select('id').execute()).toEqual([])
  })

  it('lets only those who import do so', async () => {
    const worker = await as(t, 'social-worker')
    expect((await worker.get('/registers/missing/import')).statusCode).toBe(403)
  })
})
