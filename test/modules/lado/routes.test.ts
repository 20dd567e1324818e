import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp } from '../../helpers/test-app.js'
import { xlsxRows } from '../../helpers/xlsx.js'

const t = useTestApp()

const REFERRAL = {
  receivedOn: '2017-04-13',
  referrerAgency: 'Northbridge Primary School',
  adultName: 'Sam Teacher',
  adultDateOfBirth: '1980-05-01',
  adultRole: 'Teaching assistant',
  employer: 'Northbridge Primary School',
  sector: 'education',
  harmTest: 'harmed',
  allegation: 'Grabbed a pupil by the arm in the playground',
  childName: 'Child B',
  childAge: '8',
}

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function refer(cookie: string, fields: Record<string, string> = {}) {
  const response = await t.postForm('/lado/referrals', { ...REFERRAL, ...fields }, cookie)
  expect(response.statusCode, response.body).toBe(303)
  return (response.headers.location as string).split('/').pop() as string
}

async function referral(id: string) {
  return t.database.owner
    .selectFrom('lado_referral')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function counts() {
  const result: Record<string, number> = {}
  for (const table of ['lado_referral', 'lado_meeting', 'lado_action', 'audit_event']) {
    const { rows } = await sql<{
      count: string
    }>`select count(*) as count from ${sql.table(table)}`.execute(t.database.owner)
    result[table] = Number(rows[0]?.count)
  }
  return result
}

async function considered(id: string, cookie: string) {
  const response = await t.postForm(
    `/lado/referrals/${id}/initial-consideration`,
    { consideredOn: '2017-04-18', decision: 'evaluation' },
    cookie,
  )
  expect(response.statusCode, response.body).toBe(303)
}

describe('an allegation from referral to closure', () => {
  it('records the referral, the initial consideration, meetings, investigations, actions and the outcome', async () => {
    const cookie = await t.signInAs('lado')
    const id = await refer(cookie)
    // Received the Thursday before Easter: one working day later is the Tuesday after Easter Monday.
    expect(await referral(id)).toMatchObject({
      reference: 'LA-2017-0001',
      initial_consideration_due_on: '2017-04-18',
      child_age: 8,
    })

    await considered(id, cookie)
    expect(
      (
        await t.postForm(
          `/lado/referrals/${id}/meetings`,
          {
            kind: 'evaluation',
            heldOn: '2017-04-20',
            attendees: 'LADO\nHeadteacher\nHR adviser',
            notes: 'Employer to investigate',
          },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await t.postForm(
          `/lado/referrals/${id}/investigations`,
          { policeInvestigation: 'none', employerInvestigation: 'completed' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await t.postForm(
          `/lado/referrals/${id}/actions`,
          { actionKind: 'training', takenOn: '2017-05-02', notes: 'Positive handling training' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    const closed = await t.postForm(
      `/lado/referrals/${id}/close`,
      { outcome: 'substantiated', outcomeNotes: 'Admitted', closedOn: '2017-05-12' },
      cookie,
    )
    expect(closed.statusCode, closed.body).toBe(303)
    expect(await referral(id)).toMatchObject({
      outcome: 'substantiated',
      closed_on: '2017-05-12',
      employer_investigation: 'completed',
    })

    const page = await get(`/lado/referrals/${id}`, cookie)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Closed 12 May 2017: Substantiated')
    expect(page.body).toContain('Within one month')
    expect(page.body).toContain('Headteacher')
    expect(page.body).toContain('Training or supervision, 2 May 2017')
    expect(page.body).not.toContain('Close the allegation')

    const figures = await get('/lado/figures?year=2017', cookie)
    expect(figures.body).toContain('1 (100%, standard 80%: met)')
    const csv = await get('/lado/export.csv?sector=education', cookie)
    expect(csv.body).toContain(
      'LA-2017-0001,2017-04-13,Northbridge Primary School,Teaching assistant',
    )
    expect(csv.body).toContain('Substantiated,2017-05-12,Within one month')
    const sheet = await xlsxRows(await get('/lado/export.xlsx?sector=education', cookie))
    expect(sheet).toHaveLength(2)
    expect(sheet[1]?.slice(0, 4)).toEqual([
      'LA-2017-0001',
      '2017-04-13',
      'Northbridge Primary School',
      'Teaching assistant',
    ])
    expect(sheet[1]).toContain('Within one month')
  })

  it('shows the other referrals about the same adult', async () => {
    const cookie = await t.signInAs('lado')
    const first = await refer(cookie, { receivedOn: '2016-11-01', employer: 'Northbridge Academy' })
    const second = await refer(cookie, { adultName: '  sam   TEACHER ' })
    const stranger = await refer(cookie, {
      adultName: 'Sam Teacher',
      adultDateOfBirth: '1990-01-01',
    })
    const page = await get(`/lado/referrals/${second}`, cookie)
    expect(page.body).toContain('This adult has been referred 1 other time')
    expect(page.body).toContain(`/lado/referrals/${first}`)
    expect(page.body).not.toContain(`/lado/referrals/${stranger}"`)
    const figures = await get('/lado/figures?year=2017', cookie)
    const text = figures.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('Repeat referrals about the same adult 1 ')
  })
})

describe('who may see an allegation', () => {
  it('answers 404 on an allegation to everyone but the designated officers, their manager and auditors', async () => {
    const id = await refer(await t.signInAs('lado'))
    const readers: Role[] = ['lado', 'lado-manager', 'auditor']
    const others: Role[] = [
      'social-worker',
      'cdop-coordinator',
      'cdop-panel-member',
      'front-door-manager',
      'partnership-admin',
      'agency-lead',
      'board-member',
    ]
    for (const role of readers)
      expect((await get(`/lado/referrals/${id}`, await t.signInAs(role))).statusCode, role).toBe(
        200,
      )
    for (const role of others) {
      const cookie = await t.signInAs(role)
      expect((await get(`/lado/referrals/${id}`, cookie)).statusCode, role).toBe(404)
      expect(
        (
          await t.postForm(
            `/lado/referrals/${id}/close`,
            { outcome: 'false', closedOn: '2017-05-01' },
            cookie,
          )
        ).statusCode,
        role,
      ).toBe(404)
      expect((await get('/lado', cookie)).statusCode, role).toBe(403)
    }
    const auditor = await t.signInAs('auditor')
    expect(
      (
        await t.postForm(
          `/lado/referrals/${id}/actions`,
          { actionKind: 'training', takenOn: '2017-05-01' },
          auditor,
        )
      ).statusCode,
    ).toBe(404)
    expect((await counts()).lado_action).toBe(0)
  })

  it('the manager can take over an allegation', async () => {
    const id = await refer(await t.signInAs('lado'))
    await considered(id, await t.signInAs('lado-manager'))
    expect((await referral(id)).initial_decision).toBe('evaluation')
  })

  it('hides another partnership’s allegations', async () => {
    const id = await refer(await t.signInAs('lado'))
    const other = await t.signInAs('lado', t.southbridge)
    expect((await get(`/lado/referrals/${id}`, other)).statusCode).toBe(404)
    expect(
      (
        await t.postForm(
          `/lado/referrals/${id}/initial-consideration`,
          { consideredOn: '2017-04-18', decision: 'evaluation' },
          other,
        )
      ).statusCode,
    ).toBe(404)
  })

  it('audits every view of an allegation', async () => {
    const id = await refer(await t.signInAs('lado'))
    await get(`/lado/referrals/${id}`, await t.signInAs('auditor'))
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'resource_id'])
      .where('user_id', '=', t.userId('auditor'))
      .execute()
    expect(events).toEqual([{ action: 'lado.referral.read', resource_id: id }])
  })
})

describe('bad input writes nothing', () => {
  it('refuses an outcome outside the statutory list', async () => {
    const cookie = await t.signInAs('lado')
    const id = await refer(cookie)
    await considered(id, cookie)
    const before = await counts()
    const response = await t.postForm(
      `/lado/referrals/${id}/close`,
      { outcome: 'proven', closedOn: '2017-05-01' },
      cookie,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select an outcome from the statutory definitions')
    const after = await counts()
    expect({ ...after, audit_event: (after.audit_event ?? 0) - 1 }).toEqual(before)
    expect((await referral(id)).outcome).toBeNull()
  })

  it('refuses a closing date before the referral', async () => {
    const cookie = await t.signInAs('lado')
    const id = await refer(cookie)
    await considered(id, cookie)
    const before = await counts()
    const response = await t.postForm(
      `/lado/referrals/${id}/close`,
      { outcome: 'unfounded', closedOn: '2017-04-12' },
      cookie,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(
      'The closing date must be the same as or after the date of the referral',
    )
    expect(response.body).toContain('href="#closedOn"')
    const after = await counts()
    expect({ ...after, audit_event: (after.audit_event ?? 0) - 1 }).toEqual(before)
    expect(await referral(id)).toMatchObject({ outcome: null, closed_on: null })
  })

  it('refuses closing before the initial consideration, and changes to a closed allegation', async () => {
    const cookie = await t.signInAs('lado')
    const id = await refer(cookie)
    const early = await t.postForm(
      `/lado/referrals/${id}/close`,
      { outcome: 'unfounded', closedOn: '2017-04-20' },
      cookie,
    )
    expect(early.body).toContain('Record the initial consideration before closing the allegation')
    await considered(id, cookie)
    await t.postForm(
      `/lado/referrals/${id}/close`,
      { outcome: 'unfounded', closedOn: '2017-04-20' },
      cookie,
    )
    const late = await t.postForm(
      `/lado/referrals/${id}/meetings`,
      { kind: 'review', heldOn: '2017-04-21', attendees: 'LADO' },
      cookie,
    )
    expect(late.statusCode).toBe(400)
    expect(late.body).toContain('This allegation is closed')
    expect((await counts()).lado_meeting).toBe(0)
  })

  it('refuses an incomplete referral, with each message beside its field', async () => {
    const cookie = await t.signInAs('lado')
    const before = await counts()
    const response = await t.postForm(
      '/lado/referrals',
      { ...REFERRAL, sector: 'astrology', adultName: '', childAge: '19' },
      cookie,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select the sector the adult works in')
    expect(response.body).toContain('Enter the name of the adult')
    expect(response.body).toContain('Enter the child’s age in whole years, from 0 to 17')
    expect(await counts()).toEqual(before)
    expect((await get('/lado?sector=education&sector=health', cookie)).statusCode).toBe(400)
  })
})
