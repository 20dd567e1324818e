import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { as, dateFields, referral, referred, snapshot } from './helpers.js'

const t = useTestApp()

describe('bad input: clear errors, nothing written', () => {
  it('refuses an empty or impossible referral with messages next to the fields', async () => {
    const officer = await as(t, 'business-officer')
    const before = await snapshot(t)
    const empty = await officer.post('/reviews/refer', {})
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter the child’s name')
    expect(empty.body).toContain('Enter the date the partnership became aware')
    const bad = await officer.post(
      '/reviews/refer',
      referral({ harm: 'bruised', 'awareOn-day': '31', 'awareOn-month': '2' }),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select whether the child died or was seriously harmed')
    expect(bad.body).toContain('The date the partnership became aware must be a real date')
    const later = await officer.post(
      '/reviews/refer',
      referral(dateFields('incidentOn', '2026-11-24')),
    )
    expect(later.body).toContain('The date of the incident must be on or before')
    const unknownAgency = await officer.post(
      '/reviews/refer',
      referral({ agencyId: '00000000-0000-4000-8000-000000000000' }),
    )
    expect(unknownAgency.statusCode).toBe(400)
    expect(unknownAgency.body).toContain('Select an agency from the list')
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses steps out of order or dated before what they follow, and writes nothing', async () => {
    const { officer, caseId } = await referred(t)
    const before = await snapshot(t)
    const early = await officer.post(
      `/reviews/cases/${caseId}/notification`,
      dateFields('notifiedOn', '2026-11-24'),
    )
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('Only a case that meets the criteria')
    const noAbuse = await officer.post(`/reviews/cases/${caseId}/screening`, {
      ...dateFields('screenedOn', '2026-11-24'),
      abuseSuspected: 'no',
      criteriaMet: 'yes',
    })
    expect(noAbuse.statusCode).toBe(400)
    expect(noAbuse.body).toContain('only when abuse or neglect is known or suspected')
    const repeated = await t.inject({
      method: 'GET',
      url: '/reviews?show=all&show=open',
      headers: { cookie: officer.cookie },
    })
    expect(repeated.statusCode).toBe(400)
    expect(await snapshot(t)).toEqual(before)

    await officer.step(`/reviews/cases/${caseId}/screening`, {
      ...dateFields('screenedOn', '2026-11-24'),
      abuseSuspected: 'yes',
      criteriaMet: 'yes',
    })
    const screened = await snapshot(t)
    const beforeAware = await officer.post(
      `/reviews/cases/${caseId}/notification`,
      dateFields('notifiedOn', '2026-11-20'),
    )
    expect(beforeAware.statusCode).toBe(400)
    expect(beforeAware.body).toContain(
      'on or after the partnership became aware on 23 November 2026',
    )
    const chair = await as(t, 'partnership-admin')
    const tooSoon = await chair.post(`/reviews/cases/${caseId}/decision`, {
      ...dateFields('decidedOn', '2026-11-25'),
      decision: 'no-review',
      rationale: 'x',
    })
    expect(tooSoon.statusCode).toBe(400)
    expect(tooSoon.body).toContain('Record the rapid review before the chair decides')
    const noType = await chair.post(`/reviews/cases/${caseId}/decision`, {
      ...dateFields('decidedOn', '2026-11-25'),
      decision: 'local-review',
      rationale: 'x',
    })
    expect(noType.body).toContain('Select the kind of review')
    expect(await snapshot(t)).toEqual(screened)
  })

  it('refuses a review published before its decision and a file that is not a document', async () => {
    const officer = await as(t, 'business-officer')
    const before = await snapshot(t)
    const bad = await officer.post('/reviews/reviews/elsewhere', {
      title: 'DHR Adult A',
      reviewType: 'domestic-homicide',
      heldBy: 'Northbridge Community Safety Partnership',
      ...dateFields('decidedOn', '2026-06-01'),
      ...dateFields('publishedOn', '2026-05-01'),
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('must be on or after the date the review was commissioned')
    expect(await snapshot(t)).toEqual(before)
    const url = await officer.step('/reviews/reviews/elsewhere', {
      title: 'DHR Adult A',
      reviewType: 'domestic-homicide',
      heldBy: 'Northbridge Community Safety Partnership',
      ...dateFields('decidedOn', '2026-06-01'),
    })
    const recorded = await snapshot(t)
    const boundary = '----keepsafe'
    const payload = [
      ['_csrf', (await t.csrf(officer.cookie)).token],
      ['kind', 'briefing'],
      ['title', 'Seven-minute briefing'],
    ]
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${name ?? ''}"\r\n\r\n${value ?? ''}\r\n`,
      )
      .join('')
    const { cookie } = await t.csrf(officer.cookie)
    const response = await t.inject({
      method: 'POST',
      url: `${url}/documents`,
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `${payload}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.exe"\r\nContent-Type: application/octet-stream\r\n\r\nMZ-not-a-document\r\n--${boundary}--\r\n`,
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('must be a PDF, Word, Excel or PowerPoint file')
    expect(await snapshot(t)).toEqual(recorded)
  })
})
