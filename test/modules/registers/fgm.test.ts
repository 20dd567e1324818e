import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { fgmFigures } from '../../../src/modules/registers/queries.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, insertChild, location, snapshot, text } from './helpers.js'

const t = useTestApp()

const referral = (extra: Record<string, string> = {}) => ({
  laChildId: 'FG001',
  referredOn: '2026-11-02',
  screeningOutcome: 'known-case',
  community: 'Somalia',
  ...extra,
})

describe('FGM referrals', () => {
  it('records a referral, the panel’s decision and the mandatory report to the police', async () => {
    await insertChild(t, 'FG001', { birthDate: '2012-01-01' })
    const worker = await as(t, 'social-worker')
    const url = location(await worker.post('/registers/fgm', referral()))
    const id = url.split('/')[3]?.split('?')[0] ?? ''
    expect(text((await worker.get('/registers/fgm')).body)).toContain('Report to police due')
    location(
      await worker.post(`/registers/fgm/${id}/decision`, {
        decidedOn: '2026-11-20',
        decision: 'Health assessment and safety plan',
      }),
    )
    location(
      await worker.post(`/registers/fgm/${id}/report`, {
        reportedOn: '2026-11-03',
        reportedBy: 'Nurse J. Ali',
      }),
    )
    const page = text((await worker.get(`/registers/fgm/${id}`)).body)
    expect(page).toContain('Panel decision 20 November 2026: Health assessment and safety plan')
    expect(page).toContain('Reported to the police 3 November 2026 by Nurse J. Ali')
    const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      fgmFigures(trx, { from: '2026-11-01', to: '2026-11-30' }),
    )
    expect(figures).toEqual({
      referrals: 1,
      knownCases: 1,
      mandatoryReports: 1,
      panelDecisions: 1,
      byCommunity: [{ community: 'Somalia', referrals: 1 }],
    })
  })

  it('refuses a mandatory report for a girl judged at risk but not a known case, and writes nothing', async () => {
    await insertChild(t, 'FG001', { birthDate: '2012-01-01' })
    const worker = await as(t, 'social-worker')
    const url = location(
      await worker.post('/registers/fgm', referral({ screeningOutcome: 'high' })),
    )
    const id = url.split('/')[3]?.split('?')[0] ?? ''
    const before = await snapshot(t)
    const response = await worker.post(`/registers/fgm/${id}/report`, {
      reportedOn: '2026-11-03',
      reportedBy: 'Nurse J. Ali',
    })
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain(
      'Only a known case is reported to the police under the mandatory duty',
    )
    expect(await snapshot(t)).toEqual(before)
  })

  it('refuses a referral without a screening outcome, and writes nothing', async () => {
    await insertChild(t, 'FG001')
    const worker = await as(t, 'social-worker')
    const before = await snapshot(t)
    const response = await worker.post('/registers/fgm', referral({ screeningOutcome: '' }))
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain('Select the outcome of the screening tool')
    expect(await snapshot(t)).toEqual(before)
  })
})
