import { describe, expect, it } from 'vitest'
import { engagementDemoContributor } from '../../../src/modules/engagement/demo.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { useTestApp } from '../../helpers/test-app.js'
import { rows } from './helpers.js'

const t = useTestApp()

describe('demo engagement', () => {
  it('adds a survey with responses, a bulletin, the panel and a campaign, through the services, once', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    const made = await engagementDemoContributor.contribute(context)
    expect(made).toMatchObject({
      surveys: 1,
      bulletins: 1,
      panelMembers: 4,
      panelContributions: 2,
      campaigns: 1,
      reach: 3,
    })
    expect(made.responses).toBeGreaterThanOrEqual(30)
    const [responses] = await rows<{ n: number }>(
      t,
      'select count(*)::int as n from eng_survey_response',
    )
    expect(responses?.n).toBe(made.responses)
    const [issue] = await rows<{ status: string }>(t, 'select status from eng_bulletin_issue')
    expect(issue?.status).toBe('published')

    const again = await engagementDemoContributor.contribute({
      ...context,
      random: new SeededRandom(2),
    })
    expect(again).toMatchObject({ surveys: 0, campaigns: 0 })
    const officer = await t.signInAs('business-officer')
    for (const url of [
      '/engagement/surveys',
      '/engagement/campaigns',
      '/engagement/panel',
      '/engagement/bulletin',
    ]) {
      const page = await t.inject({ method: 'GET', url, headers: { cookie: officer } })
      expect(page.statusCode, url).toBe(200)
    }
  })
})
