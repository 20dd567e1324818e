import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()

/** Every field of the settings page, as the default settings show them. */
const DEFAULTS = {
  redHours: '4',
  amberWorkingDays: '1',
  greenWorkingDays: '1',
  requiresAuthorisation: 'yes',
  allocationWorkingDays: '7',
  needLevels: 'Universal\nAdditional\nComplex\nStatutory',
  earlyHelpWrites: 'referral-nfa',
}

async function manager() {
  return new Visitor(t, await t.signInAs('front-door-manager'))
}

function settingsRows() {
  return t.database.owner.selectFrom('front_door_setting').selectAll().execute()
}

describe('the allocation clock, levels of need and early help on the settings page', () => {
  it('shows the defaults, saves new values and audits only the fields changed', async () => {
    const visitor = await manager()
    const page = await visitor.get('/front-door/settings')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('name="allocationWorkingDays"')
    expect(page.body).toContain('value="7"')
    expect(page.body).toContain('Universal\nAdditional\nComplex\nStatutory')
    expect(page.body).toMatch(/value="referral-nfa"\s+checked/)
    expect(page.body).toContain('due to be allocated to a worker')

    expect(
      await visitor.step('/front-door/settings', {
        ...DEFAULTS,
        allocationWorkingDays: '10',
        needLevels: '  Level 1 \r\n\r\nLevel 2\nLevel 3: targeted\nLevel 4: specialist\n',
        earlyHelpWrites: 'contact-only',
      }),
    ).toBe('/front-door?notice=front-door-settings-saved')
    expect(await settingsRows()).toMatchObject([
      {
        partnership_id: t.northbridge.id,
        red_hours: 4,
        allocation_working_days: 10,
        need_levels: ['Level 1', 'Level 2', 'Level 3: targeted', 'Level 4: specialist'],
        early_help_writes: 'contact-only',
      },
    ])
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'front-door-settings.updated')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.fields).toEqual({
      allocationWorkingDays: { from: 7, to: 10 },
      needLevels: {
        from: ['Universal', 'Additional', 'Complex', 'Statutory'],
        to: ['Level 1', 'Level 2', 'Level 3: targeted', 'Level 4: specialist'],
      },
      earlyHelpWrites: { from: 'referral-nfa', to: 'contact-only' },
    })

    // The page shows what was saved.
    const again = await visitor.get('/front-door/settings')
    expect(again.body).toContain('value="10"')
    expect(again.body).toContain('Level 1\nLevel 2\nLevel 3: targeted\nLevel 4: specialist')
    expect(again.body).toMatch(/value="contact-only"\s+checked/)

    // Saving the same values again changes and audits nothing.
    await visitor.step('/front-door/settings', {
      ...DEFAULTS,
      allocationWorkingDays: '10',
      needLevels: 'Level 1\nLevel 2\nLevel 3: targeted\nLevel 4: specialist',
      earlyHelpWrites: 'contact-only',
    })
    expect(
      await t.database.owner
        .selectFrom('audit_event')
        .select('id')
        .where('action', '=', 'front-door-settings.updated')
        .execute(),
    ).toHaveLength(1)
  })

  it.each([
    [
      'allocationWorkingDays',
      '0',
      'Working days to allocate a case must be a whole number from 1 to 60',
    ],
    [
      'allocationWorkingDays',
      '61',
      'Working days to allocate a case must be a whole number from 1 to 60',
    ],
    [
      'allocationWorkingDays',
      'seven',
      'Working days to allocate a case must be a whole number from 1 to 60',
    ],
    ['allocationWorkingDays', '', 'Enter working days to allocate a case'],
    ['needLevels', ' \n \n', 'Enter the levels of need, one on each line'],
    ['needLevels', '1\n2\n3\n4\n5\n6\n7\n8\n9', 'Enter no more than 8 levels of need'],
    ['needLevels', `Low\n${'x'.repeat(61)}`, 'Each level of need must be 60 characters or fewer'],
    ['needLevels', 'Universal\nComplex\nuniversal', 'Enter each level of need only once'],
    ['earlyHelpWrites', 'open-episode', 'Select what an early help decision records'],
    ['earlyHelpWrites', '', 'Select what an early help decision records'],
  ])(
    'refuses %s of %j with its message, next to the field, and writes nothing',
    async (field, value, message) => {
      const visitor = await manager()
      const refused = await expectNothingWritten(t, () =>
        visitor.post('/front-door/settings', { ...DEFAULTS, [field]: value }),
      )
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('There is a problem')
      expect(refused.body).toContain(`href="#${field}"`)
      expect(refused.body).toContain(`id="${field}-error"`)
      expect(refused.body).toContain(message)
      expect(await settingsRows()).toEqual([])
    },
  )

  it('accepts exactly 8 levels of 60 characters and 60 working days', async () => {
    const visitor = await manager()
    const levels = Array.from({ length: 8 }, (_, i) => `${String(i + 1)}${'x'.repeat(59)}`)
    await visitor.step('/front-door/settings', {
      ...DEFAULTS,
      allocationWorkingDays: '60',
      needLevels: levels.join('\n'),
    })
    expect(await settingsRows()).toMatchObject([
      { allocation_working_days: 60, need_levels: levels },
    ])
  })
})
