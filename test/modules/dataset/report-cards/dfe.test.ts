import { beforeAll, describe, expect, it } from 'vitest'
import { loadLait } from '../../../../src/modules/dataset/lait.js'
import { useTestApp } from '../../../helpers/test-app.js'
import { addRecords, repeat, writeSeedLait } from '../records.js'

const t = useTestApp()

beforeAll(async () => {
  process.env.KEEPSAFE_LAIT_DIR = await writeSeedLait()
  await loadLait()
})

const get = (url: string, cookie: string) => t.inject({ method: 'GET', url, headers: { cookie } })

async function bodyWithMeeting() {
  const body = await t.database.owner
    .insertInto('gov_body')
    .values({
      partnership_id: t.northbridge.id,
      name: 'Front door sub-group',
      kind: 'subgroup',
      active_from: '2020-04-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const meeting = await t.database.owner
    .insertInto('gov_meeting')
    .values({
      partnership_id: t.northbridge.id,
      body_id: body.id,
      held_on: '2026-10-20',
      title: 'Front door sub-group meeting',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { bodyId: body.id as string, meetingId: meeting.id as string }
}

/**
 * Birmingham's re-referral card: 6 of 25 referrals in July to September 2026 re-referred (24%),
 * a target range of 18-25% for 2026/27, LAIT's England 24% and neighbours 21% (year to March 2015).
 */
async function reReferralCard() {
  await addRecords(
    t,
    t.northbridge.id,
    repeat(25, i => ({
      referralDate: '2026-08-03',
      previousReferral: i < 6 ? '2026-01-05' : undefined,
    })),
  )
  const officer = await t.signInAs('business-officer')
  expect(
    (
      await t.postForm(
        '/dataset/settings',
        { laNumber: '330', dfeCalendar: 'england-and-wales' },
        officer,
      )
    ).statusCode,
  ).toBe(303)
  const target = await t.postForm(
    '/dataset/settings/targets',
    {
      indicatorKey: 'ReReferral',
      year: '2027',
      polarity: 'range',
      target: '',
      rangeLow: '18',
      rangeHigh: '25',
      tolerance: '2',
      notes: '',
    },
    officer,
  )
  expect(target.statusCode).toBe(303)
  const { bodyId, meetingId } = await bodyWithMeeting()
  const created = await t.postForm(
    '/dataset/report-cards',
    { title: 'Front door', bodyId, theme: '' },
    officer,
  )
  const cardId = /report-cards\/([0-9a-f-]{36})\//.exec(created.headers.location ?? '')?.[1] ?? ''
  const form = await get(`/dataset/report-cards/${cardId}/versions/new`, officer)
  expect(form.body).toContain('Re-referrals within 12 months (DfE figure)')
  const saved = await t.postForm(
    `/dataset/report-cards/${cardId}/versions`,
    { meetingId, 'section-dfe:ReReferral': 'how-well', story: 'Steady.' },
    officer,
  )
  expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303)
  return { officer, cardId, meetingId }
}

describe('a report card with a DfE figure', () => {
  it('shows its target range and comparators as reference lines and in words', async () => {
    const { officer, cardId } = await reReferralCard()
    const page = await get(`/dataset/report-cards/${cardId}`, officer)
    expect(page.statusCode).toBe(200)
    const text = page.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('Q2 2026/27 24%')
    expect(text).toContain(
      'Reference lines: Target range from 18%; Target range to 25%; England, year to March 2015 24%; Region (West Midlands), year to March 2015 25%; Statistical neighbours, year to March 2015 21%.',
    )
    expect(text).toContain(
      'Target for the year ending 31 March 2027: 18% to 25%, within the range is better (amber within 2 of it).',
    )
    // Drawn on the chart itself: a rule per reference line, named in the chart's description.
    expect(page.body).toMatch(/<svg[^>]*role="img"/)
    expect(page.body).toContain('reference lines: Target range from 18%')
    expect(page.body).not.toContain('data-comparators-loading')
  })

  it('links the card and its meeting both ways', async () => {
    const { officer, cardId, meetingId } = await reReferralCard()
    const card = await get(`/dataset/report-cards/${cardId}`, officer)
    expect(card.body).toContain(`href="/governance/meetings/${meetingId}" id="card-meeting"`)
    const meeting = await get(`/governance/meetings/${meetingId}`, officer)
    expect(meeting.statusCode).toBe(200)
    expect(meeting.body).toContain(`href="/dataset/report-cards/meetings/${meetingId}"`)
    const cards = await get(`/dataset/report-cards/meetings/${meetingId}`, officer)
    expect(cards.body).toContain(`href="/dataset/report-cards/${cardId}?version=1"`)
    expect(cards.body).toContain(`href="/governance/meetings/${meetingId}"`)
    // Someone who cannot read report cards is not offered the link.
    const referrer = await t.signInAs('referrer')
    const refused = await get(`/governance/meetings/${meetingId}`, referrer)
    expect(refused.body).not.toContain('/dataset/report-cards/meetings/')
  })
})
