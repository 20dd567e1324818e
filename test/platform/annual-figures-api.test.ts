import { describe, expect, it } from 'vitest'
import { inPartnership, type Trx } from '../../src/db/database.js'
import { cdopHistoryRows, insertCdopHistory } from '../../src/modules/cdop/generate.js'
import { cdopAnnualFigures, publishedCdopAnnualFigures } from '../../src/modules/cdop/queries.js'
import { insertLadoReferrals, ladoYearRows } from '../../src/modules/lado/generate.js'
import { ladoAnnualFigures } from '../../src/modules/lado/queries.js'
import { caseReviewFigures } from '../../src/modules/reviews/queries.js'
import { londonToday } from '../../src/platform/calendar.js'
import type { Role } from '../../src/platform/permissions.js'
import { SeededRandom } from '../../src/platform/random.js'
import { englandAndWales } from '../../src/platform/working-days.js'
import { useTestApp } from '../helpers/test-app.js'
import { referred } from '../modules/reviews/helpers.js'

const t = useTestApp()

async function tokenFor(role: Role, partnership = t.northbridge): Promise<string> {
  const cookie = await t.signInAs(role, partnership)
  const issued = await t.postForm('/account/api-tokens', { name: 'Annual report script' }, cookie)
  const token = /id="api-token">([^<]+)</.exec(issued.body)?.[1]
  if (!token) throw new Error(`No token issued to ${role}`)
  return token
}

function call(url: string, token?: string) {
  return t.inject({
    method: 'GET',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
}

function inNorthbridge<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
  return inPartnership(t.database.db, { partnershipId: t.northbridge.id }, work)
}

/** What JSON makes of a value (dates and undefined fields), to compare with a response. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

async function childDeaths() {
  const rows = cdopHistoryRows(
    t.northbridge.id,
    {
      notifiedByYear: { 2016: 20 },
      reviewsByYear: {
        2016: {
          categories: [
            [8, 12],
            [3, 6],
          ],
          factors: { identified: 2, noneIdentified: 9, inadequateInformation: 7 },
        },
      },
    },
    new SeededRandom(2017),
  )
  await inNorthbridge(trx => insertCdopHistory(trx, rows))
}

async function allegations() {
  const rows = ladoYearRows(
    t.northbridge.id,
    {
      startYear: 2016,
      bySector: { education: 30, health: 10 },
      bands: { withinOneMonth: 30, withinThreeMonths: 4, overThreeMonths: 4, open: 2 },
    },
    englandAndWales,
    new SeededRandom(2016),
  )
  await inNorthbridge(trx => insertLadoReferrals(trx, rows))
}

async function auditedReads(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .where('action', '=', action)
    .execute()
}

describe('annual figures through the API', () => {
  it('gives the CDOP coordinator the year’s child death figures as the service counts them, and audits the read', async () => {
    await childDeaths()
    const response = await call(
      '/api/v1/cdop/figures?year=2016',
      await tokenFor('cdop-coordinator'),
    )
    expect(response.statusCode).toBe(200)
    const figures = await inNorthbridge(trx => cdopAnnualFigures(trx, { startYear: 2016 }))
    const published = await inNorthbridge(trx =>
      publishedCdopAnnualFigures(trx, { startYear: 2016 }),
    )
    expect(response.json()).toEqual(asJson({ figures, published }))
    expect(response.json()).toMatchObject({
      figures: { year: '2016/17', reviewsCompleted: 18, notified: 20 },
      published: { modifiableFactors: { identified: 'c', noneIdentified: 9 } },
    })
    expect(await auditedReads('cdop.figures.read')).toEqual([
      { action: 'cdop.figures.read', detail: { year: '2016/17' } },
    ])
  })

  it('gives designated officers the year’s allegation figures as the service counts them', async () => {
    await allegations()
    const response = await call('/api/v1/lado/figures?year=2016', await tokenFor('lado'))
    expect(response.statusCode).toBe(200)
    const figures = await inNorthbridge(trx => ladoAnnualFigures(trx, { startYear: 2016 }))
    expect(response.json()).toEqual(asJson(figures))
    expect(response.json()).toMatchObject({
      year: '2016/17',
      referrals: 40,
      bySector: { education: 30, health: 10 },
      percentWithinOneMonth: 75,
    })
    expect(await auditedReads('lado.figures.read')).toHaveLength(1)
    // Auditors and the officers' manager read the same figures.
    for (const role of ['lado-manager', 'auditor'] as const)
      expect((await call('/api/v1/lado/figures?year=2016', await tokenFor(role))).json()).toEqual(
        asJson(figures),
      )
  })

  it('gives the board the year’s case review figures as the service counts them', async () => {
    await referred(t)
    const today = londonToday()
    const startYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
    const response = await call(
      `/api/v1/reviews/figures?year=${String(startYear)}`,
      await tokenFor('board-member'),
    )
    expect(response.statusCode).toBe(200)
    const period = { from: `${String(startYear)}-04-01`, to: `${String(startYear + 1)}-03-31` }
    const figures = await inNorthbridge(trx => caseReviewFigures(trx, t.northbridge.id, period))
    expect(response.json()).toEqual({ year: expect.any(String), ...period, figures })
    expect(figures.casesReferred).toBe(1)
    expect(await auditedReads('case-review.figures.read')).toHaveLength(1)
  })

  it('counts only the token holder’s partnership', async () => {
    await childDeaths()
    await allegations()
    const cdop = await call(
      '/api/v1/cdop/figures?year=2016',
      await tokenFor('cdop-coordinator', t.southbridge),
    )
    expect(cdop.json()).toMatchObject({ figures: { notified: 0, reviewsCompleted: 0 } })
    const lado = await call('/api/v1/lado/figures?year=2016', await tokenFor('lado', t.southbridge))
    expect(lado.json()).toMatchObject({ referrals: 0 })
  })

  it('answers 401 without a valid token and 403 to roles that may not read the records', async () => {
    for (const area of ['cdop', 'lado', 'reviews']) {
      expect((await call(`/api/v1/${area}/figures?year=2016`)).statusCode).toBe(401)
      expect((await call(`/api/v1/${area}/figures?year=2016`, 'ks_not-a-token')).statusCode).toBe(
        401,
      )
    }
    const socialWorker = await tokenFor('social-worker')
    expect((await call('/api/v1/cdop/figures?year=2016', socialWorker)).statusCode).toBe(403)
    expect((await call('/api/v1/lado/figures?year=2016', socialWorker)).statusCode).toBe(403)
    const coordinator = await tokenFor('cdop-coordinator')
    expect((await call('/api/v1/lado/figures?year=2016', coordinator)).statusCode).toBe(403)
    const officer = await tokenFor('lado')
    expect((await call('/api/v1/cdop/figures?year=2016', officer)).statusCode).toBe(403)
    const referrer = await tokenFor('referrer')
    expect((await call('/api/v1/reviews/figures?year=2016', referrer)).statusCode).toBe(403)
    expect(await auditedReads('cdop.figures.read')).toEqual([])
  })

  it('answers 400 with a message for a missing, repeated, unknown or impossible year', async () => {
    const token = await tokenFor('cdop-coordinator')
    for (const [query, words] of [
      ['', 'year'],
      ['?year=last', 'year must be the year the financial year starts'],
      ['?year=1999', 'year must be 2000 or later'],
      ['?year=2016&year=2017', 'year'],
      ['?year=2016&format=csv', 'format'],
    ] as const) {
      const response = await call(`/api/v1/cdop/figures${query}`, token)
      expect(response.statusCode, query).toBe(400)
      expect(response.json<{ error: string; message: string }>()).toMatchObject({
        error: 'Invalid parameters',
        message: expect.stringContaining(words),
      })
    }
  })

  it('is read-only: a POST to the figures is not a route', async () => {
    const token = await tokenFor('cdop-coordinator')
    const response = await t.inject({
      method: 'POST',
      url: '/api/v1/cdop/figures?year=2016',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.statusCode).toBe(404)
  })
})
