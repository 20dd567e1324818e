import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { formatDate } from '../../../src/platform/http/web.js'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp, type TestApp } from '../../helpers/test-app.js'
import { xlsxRows } from '../../helpers/xlsx.js'

const t = useTestApp()

const NOTIFICATION = {
  childName: 'Ava Example',
  childId: '',
  dateOfBirth: '2016-10-02',
  sex: 'female',
  dateOfDeath: '2017-01-14',
  placeOfDeath: 'hospital',
  notifiedOn: '2017-01-16',
  notifyingAgency: 'Northbridge NHS Foundation Trust',
  deathKind: 'unexpected',
  residentInArea: 'yes',
  diedInArea: 'yes',
}

/** Posts repeated fields (checkboxes) as a browser does, with a valid CSRF token. */
async function postPairs(t: TestApp, url: string, pairs: [string, string][], cookie: string) {
  const { cookie: jar, token } = await t.csrf(cookie)
  return t.inject({
    method: 'POST',
    url,
    headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...pairs, ['_csrf', token]]).toString(),
  })
}

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function notify(cookie: string, fields: Record<string, string> = {}) {
  const response = await t.postForm('/cdop/notifications', { ...NOTIFICATION, ...fields }, cookie)
  expect(response.statusCode, response.body).toBe(303)
  return (response.headers.location as string).split('/').pop() as string
}

async function counts() {
  const tables = [
    'cdop_notification',
    'cdop_information_request',
    'cdop_recommendation',
    'audit_event',
  ]
  const result: Record<string, number> = {}
  for (const table of tables) {
    const { rows } = await sql<{
      count: string
    }>`select count(*) as count from ${sql.table(table)}`.execute(t.database.owner)
    result[table] = Number(rows[0]?.count)
  }
  return result
}

async function notification(id: string) {
  return t.database.owner
    .selectFrom('cdop_notification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

describe('a child death from notification to a completed analysis', () => {
  it('records the notification, meetings, information from agencies, the analysis and recommendations', async () => {
    const cookie = await t.signInAs('cdop-coordinator')
    const id = await notify(cookie)
    expect(await notification(id)).toMatchObject({
      reference: 'CD-2017-001',
      death_kind: 'unexpected',
    })

    const page = await get(`/cdop/notifications/${id}`, cookie)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Ava Example')
    expect(page.body).toContain('16 January 2017')

    expect(
      (
        await t.postForm(
          `/cdop/notifications/${id}/meetings`,
          { cdrMeetingOn: '2017-01-30', panelMeetingOn: '2017-03-08' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await t.postForm(
          `/cdop/notifications/${id}/information-requests`,
          { agencyName: 'Police', requestedOn: '2017-01-17', dueOn: '2017-02-07' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    const request = await t.database.owner
      .selectFrom('cdop_information_request')
      .select('id')
      .executeTakeFirstOrThrow()
    expect(
      (
        await t.postForm(
          `/cdop/notifications/${id}/information-requests/${request.id as string}/received`,
          { receivedOn: '2017-02-01' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)

    // Trauma (3) and perinatal (8) both apply: the form records the higher ranked, 3.
    const analysis = await postPairs(
      t,
      `/cdop/notifications/${id}/analysis`,
      [
        ['categories', '8'],
        ['categories', '3'],
        ['categories', '10'],
        ['categoryReason', 'Injuries in a road traffic collision; born prematurely'],
        ['modifiableFactors', 'identified'],
        ['modifiableFactorsNotes', 'Child seat not fitted'],
        ['reviewCompletedOn', '2017-03-08'],
      ],
      cookie,
    )
    expect(analysis.statusCode, analysis.body).toBe(303)
    expect(await notification(id)).toMatchObject({
      category: 3,
      applicable_categories: [3, 8, 10],
      modifiable_factors: 'identified',
      review_completed_on: '2017-03-08',
    })
    expect(
      (
        await t.postForm(
          `/cdop/notifications/${id}/recommendations`,
          { category: 'road-safety', text: 'Campaign on fitting child car seats' },
          cookie,
        )
      ).statusCode,
    ).toBe(303)
    const referral = await t.postForm(
      `/cdop/notifications/${id}/case-review-referral`,
      { reason: 'Neglect suspected' },
      cookie,
    )
    expect(referral.statusCode, referral.body).toBe(303)
    const referred = await notification(id)
    expect(referred.case_review_referred_on).toBe(londonToday())
    // The reviews module holds the referral, linked back to the child death review.
    const screening = await t.database.owner
      .selectFrom('cr_case')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(screening).toMatchObject({
      id: referred.case_review_reference,
      source: 'cdop',
      source_id: id,
      aware_on: '2017-01-16',
      child_name: 'Ava Example',
    })
    const again = await t.postForm(
      `/cdop/notifications/${id}/case-review-referral`,
      { reason: 'Again' },
      cookie,
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('already been referred for case review screening')

    const done = await get(`/cdop/notifications/${id}`, cookie)
    expect(done.body).toContain('Trauma and other external factors')
    expect(done.body).toContain('Modifiable factors identified')
    expect(done.body).toContain('Campaign on fitting child car seats')
    expect(done.body).toContain(
      `Referred for case review screening on ${formatDate(londonToday())}`,
    )

    const list = await get('/cdop?status=reviewed', cookie)
    expect(list.body).toContain('CD-2017-001')
    expect((await get('/cdop?status=awaiting-review', cookie)).body).toContain(
      'No notifications match',
    )
  })

  it('exports the reviews in the national analysis form’s fields, and audits the export', async () => {
    const cookie = await t.signInAs('cdop-coordinator')
    const id = await notify(cookie)
    await t.postForm(
      `/cdop/notifications/${id}/meetings`,
      { cdrMeetingOn: '', panelMeetingOn: '2017-03-08' },
      cookie,
    )
    await postPairs(
      t,
      `/cdop/notifications/${id}/analysis`,
      [
        ['categories', '8'],
        ['categoryReason', 'Extreme prematurity'],
        ['modifiableFactors', 'none-identified'],
        ['reviewCompletedOn', '2017-03-08'],
      ],
      cookie,
    )
    const csv = await get('/cdop/export.csv', cookie)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const [header, row] = csv.body.trim().split('\n')
    expect(header).toContain('Category of death')
    expect(row).toContain(
      'CD-2017-001,2017-01-16,2017-01-14,28 to 364 days,Female,Hospital,Unexpected',
    )
    expect(row).toContain(
      '8,Perinatal/neonatal event,Extreme prematurity,No modifiable factors identified',
    )
    const sheet = await xlsxRows(await get('/cdop/export.xlsx', cookie))
    expect(sheet[0]).toContain('Category of death')
    expect(sheet[1]?.slice(0, 7)).toEqual([
      'CD-2017-001',
      '2017-01-16',
      '2017-01-14',
      '28 to 364 days',
      'Female',
      'Hospital',
      'Unexpected',
    ])
    expect(sheet[1]).toContain('Perinatal/neonatal event')
    const events = await t.database.owner.selectFrom('audit_event').select('action').execute()
    expect(events.map(event => event.action)).toContain('cdop.notification.export')
  })

  it('audits every view of a child death and of the list', async () => {
    const cookie = await t.signInAs('cdop-panel-member')
    const coordinator = await t.signInAs('cdop-coordinator')
    const id = await notify(coordinator)
    await get(`/cdop/notifications/${id}`, cookie)
    await get('/cdop', cookie)
    await get('/cdop/figures?year=2016', cookie)
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'resource_id', 'user_id'])
      .where('user_id', '=', t.userId('cdop-panel-member'))
      .execute()
    expect(events.map(event => event.action)).toEqual([
      'cdop.notification.read',
      'cdop.notification.list',
      'cdop.figures.read',
    ])
    expect(events[0]?.resource_id).toBe(id)
  })
})

describe('who may see a child death', () => {
  it('answers 404 on a child death’s record to everyone but the coordinator, panel members and auditors', async () => {
    const id = await notify(await t.signInAs('cdop-coordinator'))
    const readers: Role[] = ['cdop-coordinator', 'cdop-panel-member', 'auditor']
    const others: Role[] = [
      'social-worker',
      'lado',
      'lado-manager',
      'front-door-manager',
      'partnership-admin',
      'board-member',
      'agency-lead',
      'analyst',
    ]
    for (const role of readers)
      expect(
        (await get(`/cdop/notifications/${id}`, await t.signInAs(role))).statusCode,
        role,
      ).toBe(200)
    for (const role of others) {
      const cookie = await t.signInAs(role)
      expect((await get(`/cdop/notifications/${id}`, cookie)).statusCode, role).toBe(404)
      expect(
        (
          await t.postForm(
            `/cdop/notifications/${id}/recommendations`,
            { category: 'other', text: 'x' },
            cookie,
          )
        ).statusCode,
        role,
      ).toBe(404)
      expect((await get('/cdop', cookie)).statusCode, role).toBe(403)
    }
  })

  it('lets panel members and auditors read but not record', async () => {
    const id = await notify(await t.signInAs('cdop-coordinator'))
    for (const role of ['cdop-panel-member', 'auditor'] as const) {
      const cookie = await t.signInAs(role)
      const page = await get(`/cdop/notifications/${id}`, cookie)
      expect(page.body).not.toContain('Complete the analysis')
      expect(
        (
          await t.postForm(
            `/cdop/notifications/${id}/meetings`,
            { cdrMeetingOn: '2017-02-01', panelMeetingOn: '' },
            cookie,
          )
        ).statusCode,
        role,
      ).toBe(404)
      expect((await t.postForm('/cdop/notifications', NOTIFICATION, cookie)).statusCode, role).toBe(
        403,
      )
    }
    expect((await notification(id)).cdr_meeting_on).toBeNull()
  })

  it('hides another partnership’s child deaths', async () => {
    const id = await notify(await t.signInAs('cdop-coordinator'))
    const other = await t.signInAs('cdop-coordinator', t.southbridge)
    expect((await get(`/cdop/notifications/${id}`, other)).statusCode).toBe(404)
    expect(
      (
        await t.postForm(
          `/cdop/notifications/${id}/meetings`,
          { cdrMeetingOn: '2017-02-01', panelMeetingOn: '' },
          other,
        )
      ).statusCode,
    ).toBe(404)
    expect((await get('/cdop', other)).body).not.toContain('CD-2017-001')
  })
})

describe('bad input writes nothing', () => {
  it('refuses a category with no reason', async () => {
    const cookie = await t.signInAs('cdop-coordinator')
    const id = await notify(cookie)
    await t.postForm(
      `/cdop/notifications/${id}/meetings`,
      { cdrMeetingOn: '', panelMeetingOn: '2017-03-08' },
      cookie,
    )
    const before = await counts()
    const response = await postPairs(
      t,
      `/cdop/notifications/${id}/analysis`,
      [
        ['categories', '4'],
        ['categoryReason', '  '],
        ['modifiableFactors', 'none-identified'],
        ['reviewCompletedOn', '2017-03-08'],
      ],
      cookie,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Enter the reason for the category')
    expect(response.body).toContain('href="#categoryReason"')
    const after = await counts()
    // Showing the form again is itself an audited read; nothing else is written.
    expect({ ...after, audit_event: (after.audit_event ?? 0) - 1 }).toEqual(before)
    expect((await notification(id)).category).toBeNull()
  })

  it('refuses an analysis before the panel has met, and a category outside the ten', async () => {
    const cookie = await t.signInAs('cdop-coordinator')
    const id = await notify(cookie)
    const early = await postPairs(
      t,
      `/cdop/notifications/${id}/analysis`,
      [
        ['categories', '4'],
        ['categoryReason', 'Leukaemia'],
        ['modifiableFactors', 'none-identified'],
        ['reviewCompletedOn', '2017-03-08'],
      ],
      cookie,
    )
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('Record the panel meeting before completing the analysis')
    const outside = await postPairs(
      t,
      `/cdop/notifications/${id}/analysis`,
      [
        ['categories', '11'],
        ['categoryReason', 'x'],
        ['modifiableFactors', 'none-identified'],
        ['reviewCompletedOn', '2017-03-08'],
      ],
      cookie,
    )
    expect(outside.statusCode).toBe(400)
    expect(outside.body).toContain('Select the categories that apply')
    expect((await notification(id)).review_completed_on).toBeNull()
  })

  it('refuses a notification before the death, an unknown child record and repeated query parameters', async () => {
    const cookie = await t.signInAs('cdop-coordinator')
    const before = await counts()
    const early = await t.postForm(
      '/cdop/notifications',
      { ...NOTIFICATION, notifiedOn: '2017-01-10' },
      cookie,
    )
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain(
      'The date of notification must be the same as or after the date of death',
    )
    const unknown = await t.postForm(
      '/cdop/notifications',
      { ...NOTIFICATION, childId: '00000000-0000-4000-8000-000000000000' },
      cookie,
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('There is no child record with this number')
    const neither = await t.postForm(
      '/cdop/notifications',
      { ...NOTIFICATION, residentInArea: 'no', diedInArea: 'no' },
      cookie,
    )
    expect(neither.statusCode).toBe(400)
    expect(await counts()).toEqual(before)
    expect((await get('/cdop?status=reviewed&status=reviewed', cookie)).statusCode).toBe(400)
    expect((await get('/cdop?colour=red', cookie)).statusCode).toBe(400)
    expect((await get('/cdop/figures?year=17', cookie)).statusCode).toBe(400)
  })

  it('links a notification to a child known to Keepsafe', async () => {
    const child = await t.database.owner
      .insertInto('child')
      .values({
        partnership_id: t.northbridge.id,
        la_child_id: 'C1',
        given_name: 'Ava',
        family_name: 'Example',
        disabilities: ['NONE'],
        upn_unknown: 'UN1',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const cookie = await t.signInAs('cdop-coordinator')
    const id = await notify(cookie, { childId: child.id as string })
    expect((await notification(id)).child_id).toBe(child.id)
    expect((await get(`/cdop/notifications/${id}`, cookie)).body).toContain(
      `/children/${child.id as string}`,
    )
  })
})
