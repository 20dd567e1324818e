import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import {
  as,
  dateFields,
  insertChild,
  openEpisode,
  snapshot,
  strategyForm,
  toPlan,
} from './helpers.js'

const t = useTestApp()

describe('who may see and change the child protection journey', () => {
  it('refuses referrers and agency leads (403), and hides another partnership’s records (404)', async () => {
    const { childId, section47Id, conferenceId, planId } = await toPlan(t)
    const discussion = await t.database.owner
      .selectFrom('strategy_discussion')
      .select('id')
      .executeTakeFirstOrThrow()
    const pages = [
      `/protection/children/${childId}`,
      `/protection/children/${childId}/strategy-discussions/new`,
      `/protection/strategy-discussions/${discussion.id as string}`,
      `/protection/section47s/${section47Id}`,
      `/protection/conferences/${conferenceId}`,
      `/protection/plans/${planId}`,
      '/protection/conferences',
      '/protection/conferences/export.csv',
    ]
    const posts: [string, Record<string, string>][] = [
      [`/protection/children/${childId}/strategy-discussions`, strategyForm(t, '2024-10-02')],
      [
        `/protection/plans/${planId}/core-groups`,
        { ...dateFields('heldOn', '2024-10-03'), agencyIds: t.northbridge.agencyIds[0] ?? '' },
      ],
      [
        `/protection/plans/${planId}/end`,
        { ...dateFields('endedOn', '2024-11-01'), reason: 'moved-area' },
      ],
      [`/protection/conferences/${conferenceId}/cancel`, { cancelledReason: 'Test' }],
    ]
    const before = await snapshot(t)
    for (const role of ['referrer', 'agency-lead'] as const) {
      const visitor = await as(t, role)
      for (const url of pages)
        expect((await visitor.get(url)).statusCode, `${role} ${url}`).toBe(403)
      for (const [url, fields] of posts) {
        expect((await visitor.post(url, fields)).statusCode, `${role} ${url}`).toBe(403)
      }
    }
    const other = await as(t, 'social-worker', t.southbridge)
    for (const url of pages.slice(0, 6)) {
      expect((await other.get(url)).statusCode, `southbridge ${url}`).toBe(404)
    }
    for (const [url, fields] of posts) {
      expect((await other.post(url, fields)).statusCode, `southbridge ${url}`).toBe(404)
    }
    const list = await other.get('/protection/conferences')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('No conferences to show')
    const after = await snapshot(t)
    expect(after.rows).toEqual(before.rows)
    expect(after.plans).toEqual(before.plans)
  })

  it('answers an unknown id with 404 and an empty form with 400 or 404, never 500', async () => {
    const { conferenceId, planId, section47Id } = await toPlan(t, 'CPSWEEP')
    // The front door manager holds every protection permission, settings included.
    const chair = await as(t, 'front-door-manager')
    const unknown = '00000000-0000-4000-8000-000000000000'
    const routes = t.routes.filter(route => route.url.startsWith('/protection/'))
    expect(routes.length).toBeGreaterThan(12)
    for (const route of routes) {
      const url = route.url.replace(/:[A-Za-z]+/g, unknown)
      if (route.method === 'GET') {
        const status = (await chair.get(url)).statusCode
        expect(status, url).toBe(url.includes(unknown) ? 404 : 200)
      } else {
        const status = (await chair.post(url, {})).statusCode
        expect([400, 404], url).toContain(status)
        const known = route.url
          .replace(':childId', 'x')
          .replace(/^\/protection\/section47s\/:id/, `/protection/section47s/${section47Id}`)
          .replace(/^\/protection\/conferences\/:id/, `/protection/conferences/${conferenceId}`)
          .replace(/^\/protection\/plans\/:id/, `/protection/plans/${planId}`)
        if (!known.includes(':')) {
          expect([400, 404], known).toContain((await chair.post(known, {})).statusCode)
        }
      }
    }
  })

  it('lets a front door practitioner record a strategy discussion but not decide the enquiry', async () => {
    const childId = await insertChild(t, 'CPPRACTICE')
    await openEpisode(t, childId, '2024-09-02')
    const practitioner = await as(t, 'front-door-practitioner')
    const to = await practitioner.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-04'),
    )
    const page = await practitioner.get(to)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record the outcome of the enquiry')
    const outcome = await practitioner.post(`${to.split('?')[0]}/outcome`, {
      ...dateFields('completedOn', '2024-09-20'),
      outcome: 'conference',
    })
    expect(outcome.statusCode).toBe(403)
  })

  it('lists conferences by status and exports them, audited', async () => {
    const { conferenceId } = await toPlan(t, 'CPLIST')
    const chair = await as(t, 'conference-chair')
    const toSchedule = await chair.get('/protection/conferences?show=to-schedule')
    expect(toSchedule.statusCode).toBe(200)
    // The plan's first review is to schedule; the initial conference was held.
    expect(toSchedule.body).toContain('Review')
    expect(toSchedule.body).not.toContain(`/protection/conferences/${conferenceId}"`)
    const held = await chair.get('/protection/conferences?show=held')
    expect(held.body).toContain(`/protection/conferences/${conferenceId}"`)
    // Held on 1 October against a 26 September target (15 working days after 4 September).
    const overdue = await chair.get('/protection/conferences?show=overdue')
    expect(overdue.body).toContain(`/protection/conferences/${conferenceId}"`)

    const csv = await chair.get('/protection/conferences/export.csv?show=held')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe(
      'la_child_id,child,kind,pre_birth,status,target_date,scheduled_at,venue,chair,held_on,held_within_target,outcome,category',
    )
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('CPLIST,Amira Khan,initial,no,held,2024-09-25,')
    expect(lines[1]).toContain(',2024-10-01,no,plan,NEG')
    const exported = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'conference.exported')
      .executeTakeFirstOrThrow()
    expect(exported.detail).toMatchObject({ show: 'held', rows: 1, format: 'csv' })
  })
})

describe('child protection timescales settings', () => {
  it('shows the defaults, saves a change with an audit event, and refuses values out of range', async () => {
    const manager = await as(t, 'front-door-manager')
    const page = await manager.get('/protection/settings')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="15"')
    const values = {
      icpcWorkingDays: '15',
      coreGroupWorkingDays: '10',
      firstReviewMonths: '3',
      reviewIntervalMonths: '6',
      reportDueWorkingDays: '5',
      preBirthIcpcByWeek: '30',
      preBirthReviewWorkingDays: '10',
      visitWorkingDays: '5',
    }
    expect(await manager.step('/protection/settings', values)).toBe('/protection/settings?saved=1')
    const saved = await t.database.owner
      .selectFrom('protection_setting')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(saved).toMatchObject({ report_due_working_days: 5, pre_birth_icpc_by_week: 30 })
    const event = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'protection-settings.updated')
      .executeTakeFirstOrThrow()
    expect(event.fields).toEqual({
      reportDueWorkingDays: { from: 3, to: 5 },
      preBirthIcpcByWeek: { from: 32, to: 30 },
      preBirthReviewWorkingDays: { from: 20, to: 10 },
      visitWorkingDays: { from: 10, to: 5 },
    })

    const bad = await manager.post('/protection/settings', {
      ...values,
      icpcWorkingDays: '61',
      preBirthIcpcByWeek: '11',
      reportDueWorkingDays: 'three',
      visitWorkingDays: '0',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('must be a whole number from 1 to 60')
    expect(bad.body).toContain('must be a whole number from 12 to 40')
    expect(bad.body).toContain('must be a whole number from 0 to 20')
    expect(bad.body).toContain(
      'Statutory visits: working days after the last visit must be a whole number from 1 to 60',
    )
    expect(
      await t.database.owner.selectFrom('protection_setting').selectAll().executeTakeFirstOrThrow(),
    ).toEqual(saved)

    const chair = await as(t, 'conference-chair')
    const readOnly = await chair.get('/protection/settings')
    expect(readOnly.statusCode).toBe(200)
    expect(readOnly.body).not.toContain('Save timescales')
    expect((await chair.post('/protection/settings', values)).statusCode).toBe(403)
    expect((await (await as(t, 'social-worker')).get('/protection/settings')).statusCode).toBe(403)
  })

  it('sets targets from the partnership’s own timescales', async () => {
    await t.database.owner
      .insertInto('protection_setting')
      .values({ partnership_id: t.northbridge.id, icpc_working_days: 10 })
      .execute()
    const childId = await insertChild(t, 'CPTEN')
    await openEpisode(t, childId, '2024-09-02')
    const worker = await as(t, 'social-worker')
    await worker.step(
      `/protection/children/${childId}/strategy-discussions`,
      strategyForm(t, '2024-09-04'),
    )
    const section47 = await t.database.owner
      .selectFrom('section47')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(section47.icpc_target_date).toBe('2024-09-18')
  })
})
