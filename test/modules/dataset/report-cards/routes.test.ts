import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../helpers/test-app.js'
import { countRows, requestQuarter, seedCatalogue } from '../returns/helpers.js'

const t = useTestApp()
const TABLES = ['report_card', 'report_card_version', 'report_card_indicator', 'audit_event']

function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function insertBody(name: string) {
  const body = await t.database.owner
    .insertInto('gov_body')
    .values({ partnership_id: t.northbridge.id, name, kind: 'subgroup', active_from: '2020-04-01' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const meeting = await t.database.owner
    .insertInto('gov_meeting')
    .values({
      partnership_id: t.northbridge.id,
      body_id: body.id,
      held_on: '2026-09-10',
      title: `${name} meeting`,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { bodyId: body.id as string, meetingId: meeting.id as string }
}

/** A police return for Q1 2026/27 with police protection 3 and missing episodes 40, signed off. */
async function signedOffReturn() {
  const officer = await t.signInAs('business-officer')
  const lead = await t.signInAs('agency-lead')
  const catalogue = await seedCatalogue(t, officer)
  const { ids } = await requestQuarter(t, officer, [catalogue.police])
  const id = ids[catalogue.police] ?? ''
  await t.postForm(
    `/dataset/returns/${id}`,
    { [`value-${catalogue.protection}`]: '3', [`value-${catalogue.missing}`]: '40' },
    lead,
  )
  const signed = await t.postForm(`/dataset/returns/${id}/sign-off`, {}, lead)
  expect(signed.statusCode).toBe(303)
  return { officer, lead, catalogue, returnId: id }
}

async function addCard(officer: string, bodyId: string) {
  const response = await t.postForm(
    '/dataset/report-cards',
    { title: 'Exploitation sub-group', bodyId, theme: '' },
    officer,
  )
  expect(response.statusCode, response.body.slice(0, 2000)).toBe(303)
  const id =
    /report-cards\/([0-9a-f-]{36})\/versions\/new/.exec(response.headers.location ?? '')?.[1] ?? ''
  return id
}

describe('report cards', () => {
  it('shows a signed-off return as a chart with its data table, versioned for a meeting', async () => {
    const { officer, lead } = await signedOffReturn()
    const { bodyId, meetingId } = await insertBody('Exploitation sub-group')
    const cardId = await addCard(officer, bodyId)
    const form = await get(`/dataset/report-cards/${cardId}/versions/new`, officer)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Police protection powers used (Northbridge Police)')
    const datasetKey = /name="section-(dataset:[a-zA-Z0-9-]+)"/.exec(form.body)?.[1]
    expect(datasetKey).toBeDefined()
    const saved = await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      {
        meetingId,
        'section-return:police-protection': 'how-much',
        'section-return:missing-episodes': 'better-off',
        [`section-${datasetKey ?? ''}`]: 'how-well',
        story: 'Police protection rose after the summer <operation>.',
        whatWorks: 'Joint visits',
        nextSteps: 'Audit in March',
        criticalMessages: 'Missing episodes remain high',
      },
      officer,
    )
    expect(saved.statusCode, saved.body.slice(0, 3000)).toBe(303)

    for (const cookie of [officer, lead, await t.signInAs('board-member')]) {
      const page = await get(`/dataset/report-cards/${cardId}`, cookie)
      expect(page.statusCode).toBe(200)
      // The meeting is a link for those who may read governance (the agency lead may not).
      expect(page.body.replace(/<[^>]+>/g, '')).toContain(
        'Version 1, for Exploitation sub-group meeting on 10 September 2026',
      )
      expect(page.body).toMatch(/<svg[^>]*role="img"/)
      expect(page.body).toMatch(/id="chart-indicator-1-table"[\s\S]*Q1 2026\/27[\s\S]*?>3</)
      expect(page.body).toContain('&lt;operation&gt;')
      expect(page.body).toContain('Missing episodes remain high')
    }
    const meeting = await get(`/dataset/report-cards/meetings/${meetingId}`, lead)
    expect(meeting.body).toContain('Exploitation sub-group, version 1')
  })

  it('suppresses small numbers in the download for publication only', async () => {
    const { officer } = await signedOffReturn()
    const { bodyId } = await insertBody('Exploitation sub-group')
    const cardId = await addCard(officer, bodyId)
    await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      {
        'section-return:police-protection': 'how-much',
        'section-return:missing-episodes': 'how-much',
      },
      officer,
    )
    const internal = await get(`/dataset/report-cards/${cardId}/export.csv`, officer)
    expect(internal.statusCode).toBe(200)
    const line = (body: string, name: string) =>
      body.split('\n').find(row => row.includes(name)) ?? ''
    expect(line(internal.body, 'Police protection')).toMatch(/,3,(,)*3\s*$/)
    const published = await get(`/dataset/report-cards/${cardId}/export.csv?publish=yes`, officer)
    // 3 is held back, and so is the total that would give it away.
    expect(line(published.body, 'Police protection')).toMatch(/,c,(,)*c\s*$/)
    expect(line(published.body, 'Police protection')).not.toContain(',3')
    expect(line(published.body, 'Missing episodes')).toMatch(/,40,(,)*40\s*$/)
    expect(published.headers['content-disposition']).toContain('for-publication')
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'report-card.exported')
      .execute()
    expect(audit).toHaveLength(2)
  })

  it('leaves out figures of returns not signed off', async () => {
    const officer = await t.signInAs('business-officer')
    const lead = await t.signInAs('agency-lead')
    const catalogue = await seedCatalogue(t, officer)
    const { ids } = await requestQuarter(t, officer, [catalogue.police])
    await t.postForm(
      `/dataset/returns/${ids[catalogue.police] ?? ''}`,
      { [`value-${catalogue.protection}`]: '77' },
      lead,
    )
    const { bodyId } = await insertBody('Exploitation sub-group')
    const cardId = await addCard(officer, bodyId)
    await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      { 'section-return:police-protection': 'how-much' },
      officer,
    )
    const page = await get(`/dataset/report-cards/${cardId}`, officer)
    expect(page.body).not.toMatch(/>77</)
    expect(page.body).toContain('No figures to chart')
  })

  it('refuses bad input, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    await seedCatalogue(t, officer)
    const { bodyId } = await insertBody('Exploitation sub-group')
    const other = await insertBody('Neglect sub-group')
    const cardId = await addCard(officer, bodyId)
    const before = await countRows(t, TABLES)
    const empty = await t.postForm(
      '/dataset/report-cards',
      { title: '', bodyId: '', theme: '' },
      officer,
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter the report card’s title')
    const duplicate = await t.postForm(
      '/dataset/report-cards',
      { title: 'Exploitation sub-group', bodyId },
      officer,
    )
    expect(duplicate.body).toContain('Another report card already has this title')
    const otherMeeting = await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      { meetingId: other.meetingId },
      officer,
    )
    expect(otherMeeting.statusCode).toBe(400)
    expect(otherMeeting.body).toContain('Select the meeting from the list')
    const unknown = await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      { 'section-return:no-such': 'how-much' },
      officer,
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('Choose indicators from the list')
    const badSection = await t.postForm(
      `/dataset/report-cards/${cardId}/versions`,
      { 'section-return:police-protection': 'why' },
      officer,
    )
    expect(badSection.statusCode).toBe(400)
    expect(await countRows(t, TABLES)).toEqual(before)
    expect((await get(`/dataset/report-cards/${cardId}?version=9`, officer)).statusCode).toBe(404)
    expect((await get(`/dataset/report-cards/${cardId}?publish=no`, officer)).statusCode).toBe(400)
    expect(
      (await get(`/dataset/report-cards/${cardId}?version=1&version=2`, officer)).statusCode,
    ).toBe(400)
  })

  it('is written by the business unit, read by the partnership, and out of sight of other partnerships', async () => {
    const officer = await t.signInAs('business-officer')
    const { bodyId } = await insertBody('Exploitation sub-group')
    const cardId = await addCard(officer, bodyId)
    const lead = await t.signInAs('agency-lead')
    expect((await get('/dataset/report-cards', lead)).statusCode).toBe(200)
    expect((await get('/dataset/report-cards/new', lead)).statusCode).toBe(403)
    expect((await get(`/dataset/report-cards/${cardId}/versions/new`, lead)).statusCode).toBe(403)
    expect((await get(`/dataset/report-cards/${cardId}/export.csv`, lead)).statusCode).toBe(403)
    expect((await get('/dataset/report-cards', await t.signInAs('social-worker'))).statusCode).toBe(
      403,
    )
    const south = await t.signInAs('business-officer', t.southbridge)
    expect((await get(`/dataset/report-cards/${cardId}`, south)).statusCode).toBe(404)
  })
})

describe('charts on a report card', () => {
  it('label only the picture as a whole, not the groups inside it', async () => {
    const { chartOf } = await import('../../../../src/modules/dataset/report-cards/present.js')
    const { quartersShown } =
      await import('../../../../src/modules/dataset/report-cards/figures.js')
    const [quarter] = quartersShown()
    if (!quarter) throw new Error('No quarter')
    const chart = chartOf(
      {
        key: 'return:x',
        name: 'Police protection',
        definition: '',
        source: '',
        unit: 'count',
        points: [{ quarter, value: 4, numerator: 4, denominator: null }],
      },
      1,
    )
    expect(chart.svg).toMatch(/<svg[^>]*aria-label="Police protection"/)
    expect(chart.svg).not.toMatch(/<g[^>]*aria-label/)
  })
})
