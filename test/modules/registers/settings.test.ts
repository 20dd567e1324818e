import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { missingFigures } from '../../../src/modules/registers/queries.js'
import { londonDate, londonToday } from '../../../src/platform/calendar.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, insertChild, location, text } from './helpers.js'
import { cohortChild } from './panel-helpers.js'

const t = useTestApp()

const daysAgo = (days: number) => londonDate(new Date(Date.now() - days * 86_400_000))

async function twoEpisodes() {
  await insertChild(t, 'MS001')
  const worker = await as(t, 'social-worker')
  for (const [n, days] of [5, 25].entries())
    location(
      await worker.post('/registers/missing', {
        laChildId: 'MS001',
        missingFrom: 'home',
        reportedOn: daysAgo(days),
        reportedTime: '12:00',
        foundOn: '',
        foundTime: '',
        policeReference: `S${n}`,
      }),
    )
  return worker
}

const repeatChildren = () =>
  inPartnership(
    t.database.db,
    { partnershipId: t.northbridge.id },
    async trx =>
      (await missingFigures(trx, { from: daysAgo(30), to: londonToday() })).repeatChildren,
  )

describe('register settings', () => {
  it('the repeat-missing flag follows the partnership’s rule', async () => {
    const worker = await twoEpisodes()
    // The default rule (3 episodes in 90 days) does not flag 2 episodes.
    expect(text((await worker.get('/registers/missing?show=repeat')).body)).toContain(
      'There are no missing episodes to show.',
    )
    expect(await repeatChildren()).toBe(0)

    const manager = await as(t, 'front-door-manager')
    const form = text((await manager.get('/registers/settings')).body)
    expect(form).toContain('Register settings')
    location(
      await manager.post('/registers/settings', {
        riskLevels: 'Low\nMedium\nHigh\nVery high',
        repeatMissingEpisodes: '2',
        repeatMissingDays: '30',
      }),
    )
    const page = text((await worker.get('/registers/missing?show=repeat')).body)
    expect(page).toContain('2 episodes')
    expect(page).toContain('Repeatedly missing')
    expect(await repeatChildren()).toBe(1)

    // 2 episodes 20 days apart fall outside a 14-day window.
    location(
      await manager.post('/registers/settings', {
        riskLevels: 'low\nmedium\nhigh',
        repeatMissingEpisodes: '2',
        repeatMissingDays: '14',
      }),
    )
    expect(await repeatChildren()).toBe(0)
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'register.settings.updated')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('offers the partnership’s risk levels when a child is added to the cohort', async () => {
    const manager = await as(t, 'front-door-manager')
    location(
      await manager.post('/registers/settings', {
        riskLevels: 'emerging\nmoderate\nsignificant',
        repeatMissingEpisodes: '3',
        repeatMissingDays: '90',
      }),
    )
    const page = text((await manager.get('/registers/exploitation/new')).body)
    expect(page).toContain('Significant')
    expect(page).not.toContain('Medium')
    // Another partnership keeps its own settings.
    const other = await as(t, 'front-door-manager', t.southbridge)
    expect(text((await other.get('/registers/exploitation/new')).body)).toContain('Medium')
  })

  it('refuses a bad rule and taking away a risk level children hold, writing nothing', async () => {
    await cohortChild(t, 'EX001', 'Ama', ['cse'])
    const manager = await as(t, 'front-door-manager')
    const bad = await expectNothingWritten(t, () =>
      manager.post('/registers/settings', {
        riskLevels: 'low',
        repeatMissingEpisodes: '1',
        repeatMissingDays: '400',
      }),
    )
    expect(bad.statusCode).toBe(400)
    const page = text(bad.body)
    expect(page).toContain('Enter at least 2 risk levels, one a line')
    expect(page).toContain('The number of episodes must be a whole number from 2 to 20')
    expect(page).toContain('The number of days must be a whole number from 7 to 365')
    const held = await expectNothingWritten(t, () =>
      manager.post('/registers/settings', {
        riskLevels: 'low\nhigh',
        repeatMissingEpisodes: '3',
        repeatMissingDays: '90',
      }),
    )
    expect(held.statusCode).toBe(400)
    expect(text(held.body)).toContain('Children in the cohort have the risk level ‘medium’')
  })

  it('is for managers only', async () => {
    const worker = await as(t, 'social-worker')
    expect((await worker.get('/registers/settings')).statusCode).toBe(403)
    const posted = await worker.post('/registers/settings', {
      riskLevels: 'a\nb',
      repeatMissingEpisodes: '2',
      repeatMissingDays: '30',
    })
    expect(posted.statusCode).toBe(403)
    // The refusal is audited (access.refused); the settings are not written.
    expect(await t.database.owner.selectFrom('register_setting').selectAll().execute()).toEqual([])
  })
})
