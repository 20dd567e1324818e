import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { engagementFigures } from '../../../src/modules/engagement/queries.js'
import { dateInputValues } from '../../../src/platform/date-input.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { xlsxRows } from '../../helpers/xlsx.js'
import { planAction, rows } from './helpers.js'

const t = useTestApp()

const campaign = {
  title: 'Safer sleep week',
  audience: 'Parents of babies under one',
  channels: 'Social media, leaflets in GP surgeries, a video',
  materials: 'Leaflet and a two-minute video',
  ...dateInputValues('startsOn', '2026-03-02'),
  ...dateInputValues('endsOn', '2026-03-08'),
}

async function createCampaign(cookie: string) {
  const created = await t.postForm('/engagement/campaigns', campaign, cookie)
  expect(created.statusCode).toBe(303)
  return (created.headers.location ?? '').split('/').pop() ?? ''
}

const reach = (channel: string, value: string, agencyId = '') => ({
  channel,
  agencyId,
  measure: 'People reached',
  value,
  ...dateInputValues('recordedOn', '2026-03-09'),
})

describe('campaigns', () => {
  it('are created by the business unit with reach per channel and agency, listed, and downloaded as CSV and XLSX', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await createCampaign(officer)
    const [agency] = await rows<{ id: string; name: string }>(
      t,
      `select id, name from agency where partnership_id = '${t.northbridge.id}' and is_active order by name limit 1`,
    )
    if (!agency) throw new Error('no agency')
    for (const fields of [
      reach('Social media', '12000'),
      reach('Social media', '3000', agency.id),
      reach('Video', '850'),
    ])
      expect(
        (await t.postForm(`/engagement/campaigns/${id}/reach`, fields, officer)).statusCode,
      ).toBe(303)

    const page = await t.inject({
      method: 'GET',
      url: `/engagement/campaigns/${id}`,
      headers: { cookie: officer },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('2 March 2026 to 8 March 2026')
    expect(page.body).toContain('15850')
    expect(page.body).toContain('Reach by agency')
    expect(page.body).toContain(agency.name)

    const list = await t.inject({
      method: 'GET',
      url: '/engagement/campaigns',
      headers: { cookie: officer },
    })
    expect(list.body).toContain('Safer sleep week')
    const csv = await t.inject({
      method: 'GET',
      url: '/engagement/campaigns/export.csv',
      headers: { cookie: officer },
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Social media: 15000; Video: 850')
    const sheet = await xlsxRows(
      await t.inject({
        method: 'GET',
        url: '/engagement/campaigns/export.xlsx',
        headers: { cookie: officer },
      }),
    )
    expect(sheet[0]?.[0]).toBe('Campaign')
    expect(sheet[1]).toContain('15850')
    const audits = await rows<{ action: string }>(
      t,
      `select action from audit_event where action like 'engagement.campaign%' order by seq`,
    )
    expect(audits.map(a => a.action)).toEqual([
      'engagement.campaign.created',
      'engagement.campaign-reach.created',
      'engagement.campaign-reach.created',
      'engagement.campaign-reach.created',
      'engagement.campaigns.exported',
      'engagement.campaigns.exported',
    ])

    const figures = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null },
      trx => engagementFigures(trx, { from: '2026-03-01', to: '2026-03-31' }),
    )
    expect(figures.campaignReach).toBe(15850)
    expect(figures.campaigns[0]?.reachByChannel).toEqual([
      { name: 'Social media', value: 15000 },
      { name: 'Video', value: 850 },
    ])
    const before = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null },
      trx => engagementFigures(trx, { from: '2025-04-01', to: '2026-02-28' }),
    )
    expect(before.campaigns).toEqual([])
  })

  it('refuse bad input with a clear message and write nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const empty = await expectNothingWritten(t, () =>
      t.postForm('/engagement/campaigns', {}, officer),
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter the name of the campaign')
    expect(empty.body).toContain('Enter the date the campaign starts')
    const backwards = await expectNothingWritten(t, () =>
      t.postForm(
        '/engagement/campaigns',
        { ...campaign, ...dateInputValues('endsOn', '2026-03-01') },
        officer,
      ),
    )
    expect(backwards.body).toContain(
      'The date the campaign ends must be the same as or after the date it starts',
    )
    const notADate = await expectNothingWritten(t, () =>
      t.postForm(
        '/engagement/campaigns',
        { ...campaign, 'startsOn-day': '31', 'startsOn-month': '2' },
        officer,
      ),
    )
    expect(notADate.body).toContain('The date the campaign starts must be a real date')

    const id = await createCampaign(officer)
    const cases: [Record<string, string>, string][] = [
      [{ ...reach('Video', 'lots') }, 'Enter the number reached as a whole number'],
      [
        { ...reach('Video', '10'), ...dateInputValues('recordedOn', '2026-02-01') },
        'on or after the campaign starts',
      ],
      [
        { ...reach('Video', '10'), ...dateInputValues('recordedOn', '2099-01-01') },
        'today or in the past',
      ],
      [{ ...reach('Video', '10', t.southbridge.id) }, 'Select the agency from the list'],
      [{ ...reach('', '10') }, 'Enter the channel'],
    ]
    for (const [fields, message] of cases) {
      const refused = await expectNothingWritten(t, () =>
        t.postForm(`/engagement/campaigns/${id}/reach`, fields, officer),
      )
      expect(refused.statusCode, message).toBe(400)
      expect(refused.body).toContain(message)
    }
  })

  it('are evidence for a business plan action through governance, once', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await createCampaign(officer)
    await t.postForm(`/engagement/campaigns/${id}/reach`, reach('Video', '850'), officer)
    const actionId = await planAction(t, officer)
    const linked = await t.postForm(`/engagement/campaigns/${id}/evidence`, { actionId }, officer)
    expect(linked.statusCode).toBe(303)
    const evidence = await rows<{ text: string }>(t, 'select text from gov_plan_evidence')
    expect(evidence[0]?.text).toContain('Campaign "Safer sleep week"')
    expect(evidence[0]?.text).toContain('reach 850')
    const page = await t.inject({
      method: 'GET',
      url: `/engagement/campaigns/${id}`,
      headers: { cookie: officer },
    })
    expect(page.body).toContain(
      'Evidence for Business Plan 2026-28: 1.1 Hear the voice of the child',
    )
    const again = await expectNothingWritten(t, () =>
      t.postForm(`/engagement/campaigns/${id}/evidence`, { actionId }, officer),
    )
    expect(again.body).toContain('The campaign is already evidence for this action')
    const unknown = await expectNothingWritten(t, () =>
      t.postForm(`/engagement/campaigns/${id}/evidence`, { actionId: t.northbridge.id }, officer),
    )
    expect(unknown.body).toContain('Select the business plan action')
  })

  it('are seen by board members, changed only by the business unit, and kept within the partnership', async () => {
    const officer = await t.signInAs('business-officer')
    const id = await createCampaign(officer)
    const board = await t.signInAs('board-member')
    const seen = await t.inject({
      method: 'GET',
      url: `/engagement/campaigns/${id}`,
      headers: { cookie: board },
    })
    expect(seen.statusCode).toBe(200)
    expect(seen.body).not.toContain('Record reach')
    const refused = await t.postForm(
      `/engagement/campaigns/${id}/reach`,
      reach('Video', '1'),
      board,
    )
    expect(refused.statusCode).toBe(403)
    const exported = await t.inject({
      method: 'GET',
      url: '/engagement/campaigns/export.csv',
      headers: { cookie: board },
    })
    expect(exported.statusCode).toBe(403)
    const other = await t.signInAs('business-officer', t.southbridge)
    const hidden = await t.inject({
      method: 'GET',
      url: `/engagement/campaigns/${id}`,
      headers: { cookie: other },
    })
    expect(hidden.statusCode).toBe(404)
    const social = await t.signInAs('social-worker')
    const none = await t.inject({
      method: 'GET',
      url: '/engagement/campaigns',
      headers: { cookie: social },
    })
    expect(none.statusCode).toBe(403)
  })
})
