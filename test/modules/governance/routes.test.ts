import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { addBody, csv, parseCsvText, upload, visibleText } from './helpers.js'

const t = useTestApp()

const MEMBERSHIP_COLUMNS = ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy']

async function events(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function addMember(bodyId: string, cookie: string, fields: Record<string, string>) {
  return t.postForm(
    `/governance/bodies/${bodyId}/memberships`,
    { memberName: 'Cafcass', role: 'member', startsOn: '2016-04-01', ...fields },
    cookie,
  )
}

async function addMeeting(bodyId: string, cookie: string, heldOn: string) {
  const response = await t.postForm(
    `/governance/bodies/${bodyId}/meetings`,
    { title: 'Board meeting', heldOn, status: 'held' },
    cookie,
  )
  expect(response.statusCode).toBe(303)
  return /meetings\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1] ?? ''
}

async function membershipId(name: string) {
  const row = await t.database.owner
    .selectFrom('gov_membership')
    .select('id')
    .where('member_name', '=', name)
    .executeTakeFirstOrThrow()
  return String(row.id)
}

describe('structures and memberships', () => {
  it('adds a board and a subgroup under it, audited, and shows the structure', async () => {
    const officer = await t.signInAs('business-officer')
    const boardId = await addBody(t, officer, {
      chairName: 'Independent Chair',
      termsReviewOn: '2017-01-31',
    })
    const subgroupId = await addBody(t, officer, {
      name: 'Performance Management and Quality Assurance Subgroup',
      kind: 'subgroup',
      parentId: boardId,
    })
    const page = await get(`/governance/bodies/${subgroupId}`, officer)
    expect(page.statusCode).toBe(200)
    expect(visibleText(page.body)).toContain('Reports to Safeguarding Children Board')
    const board = visibleText((await get(`/governance/bodies/${boardId}`, officer)).body)
    expect(board).toContain('Terms of reference review date 31 January 2017')
    expect(board).toContain('Performance Management and Quality Assurance Subgroup')
    const [created] = await events('governance.body.created')
    expect(created).toMatchObject({ partnership_id: t.northbridge.id, resource_id: boardId })
    expect(created?.fields).toMatchObject({ name: 'Safeguarding Children Board', kind: 'board' })

    const changed = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/bodies/${boardId}`,
        {
          name: 'Safeguarding Children Board',
          kind: 'board',
          activeFrom: '2010-04-01',
          parentId: subgroupId,
        },
        officer,
      ),
    )
    expect(changed.statusCode).toBe(400)
    expect(changed.body).toContain('A body cannot sit under itself or one of its own subgroups')
  })

  it('refuses a body with no name, type or start date with GOV.UK messages', async () => {
    const officer = await t.signInAs('business-officer')
    const response = await expectNothingWritten(t, () =>
      t.postForm('/governance/bodies', { activeTo: 'soon' }, officer),
    )
    expect(response.statusCode).toBe(400)
    for (const message of [
      'Enter the name of the body',
      'Select the type of body',
      'Enter the date the body started',
      'The date the body ended must be a real date',
    ]) {
      expect(response.body).toContain(message)
    }
    expect(await t.database.owner.selectFrom('gov_body').select('id').execute()).toEqual([])
  })

  it('adds memberships with deputies and refuses overlapping dates for the same member', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const first = await addMember(bodyId, officer, {
      endsOn: '2016-12-31',
      deputyName: 'Service Manager',
      agencyId: t.northbridge.agencyIds[1] ?? '',
    })
    expect(first.statusCode).toBe(303)
    const overlap = await expectNothingWritten(t, () =>
      addMember(bodyId, officer, { startsOn: '2016-12-01' }),
    )
    expect(overlap.statusCode).toBe(400)
    expect(visibleText(overlap.body)).toContain(
      'Cafcass is already a member of Safeguarding Children Board from 1 April 2016 to 31 December 2016: membership dates cannot overlap',
    )
    const after = await addMember(bodyId, officer, { startsOn: '2017-01-01' })
    expect(after.statusCode).toBe(303)
    const backwards = await addMember(bodyId, officer, {
      memberName: 'Police',
      startsOn: '2017-01-01',
      endsOn: '2016-01-01',
    })
    expect(backwards.body).toContain('The end date must be the same as or after the start date')
    const rows = await t.database.owner.selectFrom('gov_membership').selectAll().execute()
    expect(rows).toHaveLength(2)
    expect(rows.find(r => r.ends_on === '2016-12-31')?.deputy_name).toBe('Service Manager')
    expect(await events('governance.membership.created')).toHaveLength(2)

    const list = await get(`/governance/bodies/${bodyId}/memberships?format=csv`, officer)
    expect(parseCsvText(list.body)[1]).toEqual([
      'Safeguarding Children Board',
      'Cafcass',
      'Northbridge Police',
      'member',
      '2016-04-01',
      '2016-12-31',
      'Service Manager',
    ])
  })

  it('imports nothing when any row is bad, and lists every bad row', async () => {
    const officer = await t.signInAs('business-officer')
    await addBody(t, officer)
    const response = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/memberships',
        'members.csv',
        csv(MEMBERSHIP_COLUMNS, [
          ['Safeguarding Children Board', 'Police', '', 'member', '2016-04-01', '', ''],
          ['Safeguarding Children Board', 'Police', '', 'member', '2016-06-01', '', ''],
          ['Executive', 'Health', '', 'member', '2016-04-01', '', ''],
          [
            'Safeguarding Children Board',
            'Health',
            'Nowhere Trust',
            'member',
            '2016-04-01',
            '',
            '',
          ],
          ['Safeguarding Children Board', 'Schools', '', 'boss', '1 April', '', ''],
        ]),
        officer,
      ),
    )
    expect(response.statusCode).toBe(400)
    const text = visibleText(response.body)
    expect(text).toContain('The file has 5 problems: nothing was imported')
    expect(text).toContain('3 starts_on Police is already a member of Safeguarding Children Board')
    expect(text).toContain('4 body There is no body called Executive: add it first')
    expect(text).toContain('5 agency There is no agency called Nowhere Trust')
    expect(text).toContain('6 role Select the member’s role')
    expect(text).toContain('6 starts_on The date the membership started must be a real date')
    expect(await t.database.owner.selectFrom('gov_membership').select('id').execute()).toEqual([])
  })

  it('refuses a file that is neither CSV nor XLSX, and a file with the wrong columns', async () => {
    const officer = await t.signInAs('business-officer')
    const binary = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/memberships',
        'photo.png',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]),
        officer,
      ),
    )
    expect(binary.statusCode).toBe(400)
    expect(binary.body).toContain('The selected file must be a CSV or XLSX file')
    const wrong = await expectNothingWritten(t, () =>
      upload(t, '/governance/import/memberships', 'x.csv', 'name,date\nA,B\n', officer),
    )
    expect(wrong.statusCode).toBe(400)
    expect(visibleText(wrong.body)).toContain(
      'body, member, agency, role, starts_on, ends_on, deputy missing',
    )
    const none = await expectNothingWritten(t, () =>
      t.postForm('/governance/import/memberships', {}, officer),
    )
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Select a CSV or XLSX file')
  })

  it('offers import templates as CSV and XLSX', async () => {
    const officer = await t.signInAs('business-officer')
    const template = await get('/governance/import/attendance/template', officer)
    expect(parseCsvText(template.body)[0]).toEqual([
      'body',
      'held_on',
      'member',
      'status',
      'deputy',
    ])
    const xlsx = await get('/governance/import/plan/template?format=xlsx', officer)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets[0]?.getRow(1).getCell(4).value).toBe('action_reference')
  })
})

describe('meetings and attendance', () => {
  it('records attendance, refuses it for someone who was not a member that day, and computes figures', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    await addMember(bodyId, officer, { agencyId: t.northbridge.agencyIds[0] ?? '' })
    await addMember(bodyId, officer, {
      memberName: 'Police',
      startsOn: '2016-08-01',
      agencyId: t.northbridge.agencyIds[1] ?? '',
    })
    const april = await addMeeting(bodyId, officer, '2016-04-20')
    const october = await addMeeting(bodyId, officer, '2016-10-12')
    const cafcass = await membershipId('Cafcass')
    const police = await membershipId('Police')

    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/meetings/${april}/attendance`,
        { [`status-${cafcass}`]: 'present', [`status-${police}`]: 'present' },
        officer,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(visibleText(refused.body)).toContain(
      'Police was not a member of Safeguarding Children Board on 20 April 2016',
    )
    expect(await t.database.owner.selectFrom('gov_attendance').select('id').execute()).toEqual([])

    const page = await get(`/governance/meetings/${april}`, officer)
    expect(page.body).toContain(`status-${cafcass}`)
    expect(page.body).not.toContain(`status-${police}`)

    expect(
      (
        await t.postForm(
          `/governance/meetings/${april}/attendance`,
          { [`status-${cafcass}`]: 'present' },
          officer,
        )
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await t.postForm(
          `/governance/meetings/${october}/attendance`,
          {
            [`status-${cafcass}`]: 'apologies',
            [`status-${police}`]: 'apologies-deputy',
            [`deputy-${police}`]: 'DI Jones',
          },
          officer,
        )
      ).statusCode,
    ).toBe(303)
    expect(await events('governance.attendance.recorded')).toHaveLength(2)

    const figures = await get(`/governance/bodies/${bodyId}/attendance?format=csv`, officer)
    expect(parseCsvText(figures.body).slice(1)).toEqual([
      ['Cafcass', 'Member', '2', '1', '50%', 'below target'],
      ['Police', 'Member', '1', '1', '100%', ''],
      ['Northbridge Council Children’s Services', 'Agency', '2', '1', '50%', 'below target'],
      ['Northbridge Police', 'Agency', '1', '1', '100%', ''],
    ])
    const text = visibleText((await get(`/governance/bodies/${bodyId}/attendance`, officer)).body)
    expect(text).toContain('Cafcass 2 1 50% Below target')
  })

  it('refuses attendance rows for a non-member in an import, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    await addMember(bodyId, officer, { startsOn: '2016-08-01' })
    await addMeeting(bodyId, officer, '2016-04-20')
    const response = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/attendance',
        'attendance.csv',
        csv(
          ['body', 'held_on', 'member', 'status', 'deputy'],
          [
            ['Safeguarding Children Board', '2016-04-20', 'Cafcass', 'present', ''],
            ['Safeguarding Children Board', '2016-05-01', 'Cafcass', 'present', ''],
            ['Safeguarding Children Board', '2016-04-20', 'Cafcass', 'late', ''],
          ],
        ),
        officer,
      ),
    )
    expect(response.statusCode).toBe(400)
    const text = visibleText(response.body)
    expect(text).toContain(
      '2 member Cafcass was not a member of Safeguarding Children Board on 20 April 2016',
    )
    expect(text).toContain('3 held_on Safeguarding Children Board has no meeting on 1 May 2016')
    expect(text).toContain('4 status Enter present, apologies-deputy, apologies or absent')
  })
})

describe('budget', () => {
  it('refuses amounts that are not money', async () => {
    const officer = await t.signInAs('business-officer')
    const year = await expectNothingWritten(t, () =>
      t.postForm('/governance/budget', { label: '2016/17', printedSpend: '12.345' }, officer),
    )
    expect(year.statusCode).toBe(400)
    expect(year.body).toContain('Enter an amount in pounds, like 1250.50')
    const bad = await t.postForm('/governance/budget', { label: '2016/18' }, officer)
    expect(bad.body).toContain('Enter the financial year, like 2016/17 or 2016-17')
    const created = await t.postForm('/governance/budget', { label: '2016/17' }, officer)
    expect(created.statusCode).toBe(303)
    const line = await expectNothingWritten(t, () =>
      t.postForm(
        `${created.headers.location ?? ''}/lines`,
        { kind: 'contribution', description: 'Police', actual: 'ten pounds' },
        officer,
      ),
    )
    expect(line.statusCode).toBe(400)
    expect(line.body).toContain('Enter an amount in pounds, like 1250.50')
    expect(line.body).toContain('Select whether the contribution is cash or in kind')
    const good = await t.postForm(
      `${created.headers.location ?? ''}/lines`,
      {
        kind: 'contribution',
        description: 'Police',
        contributionType: 'cash',
        actual: '£18,595.50',
      },
      officer,
    )
    expect(good.statusCode).toBe(303)
    const row = await t.database.owner
      .selectFrom('gov_budget_line')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(String(row.actual_pence)).toBe('1859550')
    expect(visibleText((await get(created.headers.location ?? '', officer)).body)).toContain(
      'Total income £18,595.50',
    )
    expect(await events('governance.budget-line.created')).toHaveLength(1)
  })
})

describe('business plan', () => {
  const PLAN_COLUMNS = [
    'plan',
    'priority_number',
    'priority_title',
    'action_reference',
    'specific_action',
    'leads',
    'lead_agency',
    'success_indicators',
    'source_tags',
    'rag',
    'impact_and_evidence',
    'step_text',
    'step_due',
    'step_revised_due',
    'step_status',
  ]
  const row = (reference: string, step: string, due: string, status = '', leadAgency = '') => [
    'Plan 2014-17',
    '6',
    'Improving the effectiveness of the board',
    reference,
    'Governance review',
    'Executive',
    leadAgency,
    '',
    'Ofsted 2015 recommendation 1',
    '',
    '',
    step,
    due,
    '',
    status,
  ]

  async function planWithActions(officer: string) {
    const created = await t.postForm(
      '/governance/plans',
      { title: 'Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    expect(created.statusCode).toBe(303)
    const imported = await upload(
      t,
      '/governance/import/plan',
      'plan.csv',
      csv(PLAN_COLUMNS, [
        row('6.2.4', 'Away day', '2015-05-29', 'complete', 'Northbridge Police'),
        row('6.2.4', 'Board agrees structure', '2016-01'),
        row('6.2.9', 'Raise response rate', '2016-06', 'complete'),
      ]),
      officer,
    )
    expect(imported.statusCode).toBe(303)
    return created.headers.location ?? ''
  }

  it('refuses steps due before the plan starts', async () => {
    const officer = await t.signInAs('business-officer')
    await t.postForm(
      '/governance/plans',
      { title: 'Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    const response = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/plan',
        'plan.csv',
        csv(PLAN_COLUMNS, [
          row('6.2.4', 'Too early', '2013-11', ''),
          row('6.2.5', 'Odd', '2015-01', 'finished'),
        ]),
        officer,
      ),
    )
    expect(response.statusCode).toBe(400)
    const text = visibleText(response.body)
    expect(text).toContain('2 step_due The step is due before the plan starts on 1 April 2014')
    expect(text).toContain(
      '3 step_status Enter not started, in progress, complete, delayed or ongoing',
    )
    expect(await t.database.owner.selectFrom('gov_plan_action').select('id').execute()).toEqual([])
  })

  it('shows completion by priority and what changed between versions', async () => {
    const officer = await t.signInAs('business-officer')
    const planUrl = await planWithActions(officer)
    let text = visibleText((await get(planUrl, officer)).body)
    expect(text).toContain('6. Improving the effectiveness of the board 2 1 50%')
    const v1 = await t.postForm(
      `${planUrl}/versions`,
      { number: '7', label: 'Version 7, January 2016', issuedOn: '2016-01-15' },
      officer,
    )
    expect(v1.statusCode).toBe(303)
    const step = await t.database.owner
      .selectFrom('gov_plan_step')
      .select('id')
      .where('text', '=', 'Board agrees structure')
      .executeTakeFirstOrThrow()
    const updated = await t.postForm(
      `/governance/plans/steps/${step.id}`,
      { status: 'complete', revisedDue: '' },
      officer,
    )
    expect(updated.statusCode).toBe(303)
    const v2 = await t.postForm(
      `${planUrl}/versions`,
      {
        number: '8',
        label: 'Version 8, April 2016',
        issuedOn: '2016-04-01',
        changes: 'Restructure agreed',
      },
      officer,
    )
    expect(v2.statusCode).toBe(303)
    const stale = await t.postForm(
      `${planUrl}/versions`,
      { number: '8', label: 'Again', issuedOn: '2016-04-02' },
      officer,
    )
    expect(stale.body).toContain('Enter a version number after 8, the latest version')
    text = visibleText((await get(planUrl, officer)).body)
    expect(text).toContain('Version 8, April 2016 (1 April 2016) Restructure agreed')
    expect(text).toContain('Action 6.2.4: “Board agrees structure” no status to complete')
    expect(text).toContain('Whole plan 2 2 100%')
    expect(await events('governance.plan-step.updated')).toHaveLength(1)
  })

  it('lets an agency lead update only the actions their agency leads', async () => {
    const officer = await t.signInAs('business-officer')
    await planWithActions(officer)
    const lead = await t.signInAs('agency-lead')
    const steps = await t.database.owner
      .selectFrom('gov_plan_step')
      .select(['id', 'text'])
      .execute()
    const own = steps.find(s => s.text === 'Board agrees structure')!
    const other = steps.find(s => s.text === 'Raise response rate')!
    const allowed = await t.postForm(
      `/governance/plans/steps/${own.id}`,
      { status: 'in-progress' },
      lead,
    )
    expect(allowed.statusCode).toBe(303)
    const denied = await t.postForm(
      `/governance/plans/steps/${other.id}`,
      { status: 'delayed' },
      lead,
    )
    expect(denied.statusCode).toBe(403)
    const board = await t.signInAs('board-member')
    expect(
      (await t.postForm(`/governance/plans/steps/${own.id}`, { status: 'complete' }, board))
        .statusCode,
    ).toBe(403)
    const statuses = await t.database.owner
      .selectFrom('gov_plan_step')
      .select(['text', 'status'])
      .execute()
    expect(statuses.find(s => s.text === 'Raise response rate')?.status).toBe('complete')
    expect(statuses.find(s => s.text === 'Board agrees structure')?.status).toBe('in-progress')
  })
})

describe('access and isolation', () => {
  it('does not show a Northbridge body to a Southbridge user, by page, list or query', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer, { name: 'Northbridge Board' })
    const southbridge = await t.signInAs('business-officer', t.southbridge)
    expect((await get(`/governance/bodies/${bodyId}`, southbridge)).statusCode).toBe(404)
    expect((await get('/governance/bodies', southbridge)).body).not.toContain('Northbridge Board')
    const seen = await inPartnership(t.database.db, { partnershipId: t.southbridge.id }, trx =>
      trx.selectFrom('govBody').selectAll().execute(),
    )
    expect(seen).toEqual([])
    const member = await t.postForm(
      `/governance/bodies/${bodyId}/memberships`,
      { memberName: 'Intruder', role: 'member', startsOn: '2016-04-01' },
      southbridge,
    )
    expect(member.statusCode).toBe(404)
  })

  it('refuses to write a governance row into another partnership', async () => {
    const attempt = inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      trx
        .insertInto('govBody')
        .values({
          partnershipId: t.southbridge.id,
          name: 'Smuggled',
          kind: 'board',
          activeFrom: '2016-04-01',
        })
        .execute(),
    )
    await expect(attempt).rejects.toThrow(/row-level security/)
  })

  it('lets board members read but not change, and keeps others out', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const board = await t.signInAs('board-member')
    expect((await get(`/governance/bodies/${bodyId}`, board)).statusCode).toBe(200)
    expect((await get('/governance/bodies?format=xlsx', board)).statusCode).toBe(200)
    const [exported] = await events('governance.exported')
    expect(exported).toMatchObject({
      user_id: t.userId('board-member'),
      resource_id: '/governance/bodies',
    })
    expect(exported?.detail).toMatchObject({ filename: 'bodies.xlsx' })
    expect((await addMember(bodyId, board, {})).statusCode).toBe(403)
    const trainer = await t.signInAs('trainer')
    expect((await get(`/governance/bodies/${bodyId}`, trainer)).statusCode).toBe(403)
    const lead = await t.signInAs('agency-lead')
    expect((await get('/governance/plans', lead)).statusCode).toBe(200)
    expect((await get('/governance/budget', lead)).statusCode).toBe(403)
  })

  it('answers 404 for unknown ids and malformed ids', async () => {
    const officer = await t.signInAs('business-officer')
    for (const url of [
      '/governance/bodies/00000000-0000-4000-8000-000000000000',
      '/governance/bodies/not-an-id',
      '/governance/meetings/00000000-0000-4000-8000-000000000000',
      '/governance/budget/00000000-0000-4000-8000-000000000000',
      '/governance/plans/00000000-0000-4000-8000-000000000000',
      '/governance/plans/steps/00000000-0000-4000-8000-000000000000',
    ]) {
      expect((await get(url, officer)).statusCode, url).toBe(404)
    }
  })
})

describe('every governance route', () => {
  it('answers unknown ids and empty forms with 400 or 404, never 500, for every role that may use it', async () => {
    const sample = '00000000-0000-4000-8000-000000000000'
    const routes = t.routes.filter(r => r.url.startsWith('/governance'))
    expect(routes.length).toBeGreaterThan(30)
    for (const role of ['business-officer', 'board-member', 'agency-lead'] as const) {
      const { cookie, token } = await t.csrf(await t.signInAs(role))
      for (const route of routes) {
        const url = route.url.replace(/:[A-Za-z]+/g, sample)
        const response = await t.inject({
          method: route.method,
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          ...(route.method === 'POST' ? { payload: `_csrf=${encodeURIComponent(token)}` } : {}),
        })
        expect(response.statusCode, `${role} ${route.method} ${url}`).toBeLessThan(500)
        if (route.method === 'POST' && response.statusCode !== 403) {
          expect([400, 404], `${role} POST ${url}`).toContain(response.statusCode)
        }
      }
    }
  })
})

describe('business plan evidence and completion', () => {
  const header = [
    'plan',
    'priority_number',
    'priority_title',
    'action_reference',
    'specific_action',
    'leads',
    'lead_agency',
    'success_indicators',
    'source_tags',
    'rag',
    'impact_and_evidence',
    'step_text',
    'step_due',
    'step_revised_due',
    'step_status',
  ]

  it('reports 64% when 16 of 25 objectives are fully complete, as Birmingham did', async () => {
    const officer = await t.signInAs('business-officer')
    const created = await t.postForm(
      '/governance/plans',
      { title: 'Business Plan 2016-17', startsOn: '2016-04-01', endsOn: '2017-03-31' },
      officer,
    )
    const rows = Array.from({ length: 25 }, (_, i) => {
      const priority = Math.floor(i / 5) + 1
      return [
        'Business Plan 2016-17',
        String(priority),
        `Priority ${priority}`,
        `${priority}.${(i % 5) + 1}`,
        `Objective ${i + 1}`,
        'Board',
        '',
        '',
        '',
        '',
        '',
        'Deliver it',
        '2017-03',
        '',
        i < 16 ? 'complete' : 'in progress',
      ]
    })
    const imported = await upload(
      t,
      '/governance/import/plan',
      'plan.csv',
      csv(header, rows),
      officer,
    )
    expect(imported.statusCode).toBe(303)
    const text = visibleText((await get(created.headers.location ?? '', officer)).body)
    expect(text).toContain('Whole plan 25 16 64%')
    expect(text).toContain('1. Priority 1 5 5 100%')
    expect(text).toContain('4. Priority 4 5 1 20%')
  })

  it('lets the lead agency add evidence with an attachment to its own action only', async () => {
    const officer = await t.signInAs('business-officer')
    const created = await t.postForm(
      '/governance/plans',
      { title: 'Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    await upload(
      t,
      '/governance/import/plan',
      'plan.csv',
      csv(header, [
        [
          'Plan 2014-17',
          '1',
          'One',
          '1.3.1',
          'Evaluations',
          'L&D',
          'Northbridge Police',
          '',
          '',
          '',
          '',
          'Raise rate',
          '2016-06',
          '',
          '',
        ],
        [
          'Plan 2014-17',
          '1',
          'One',
          '1.3.2',
          'Other',
          'L&D',
          '',
          '',
          '',
          '',
          '',
          'Other step',
          '2016-06',
          '',
          '',
        ],
      ]),
      officer,
    )
    const actions = await t.database.owner
      .selectFrom('gov_plan_action')
      .select(['id', 'reference'])
      .execute()
    const own = actions.find(a => a.reference === '1.3.1')!
    const other = actions.find(a => a.reference === '1.3.2')!
    const lead = await t.signInAs('agency-lead')
    const pdf = Buffer.from('%PDF-1.4\nevidence\n%%EOF\n')
    const added = await upload(
      t,
      `/governance/plans/actions/${own.id}/evidence`,
      'e.pdf',
      pdf,
      lead,
      {
        recordedOn: '2016-03-31',
        text: 'Three-month evaluation response rate 10%',
      },
    )
    expect(added.statusCode).toBe(303)
    const denied = await upload(
      t,
      `/governance/plans/actions/${other.id}/evidence`,
      'e.pdf',
      pdf,
      lead,
      {
        recordedOn: '2016-03-31',
        text: 'Not theirs',
      },
    )
    expect(denied.statusCode).toBe(403)
    const page = await get(created.headers.location ?? '', lead)
    expect(visibleText(page.body)).toContain(
      '31 March 2016: Three-month evaluation response rate 10%',
    )
    const evidenceId = /\/governance\/plans\/evidence\/([0-9a-f-]{36})/.exec(page.body)?.[1] ?? ''
    const download = await get(`/governance/plans/evidence/${evidenceId}`, lead)
    expect(download.rawPayload.equals(pdf)).toBe(true)
    const xlsx = await get(`${created.headers.location ?? ''}?format=xlsx`, officer)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(workbook.worksheets[0]?.getRow(2).getCell(7).text).toBe(
      '2016-03-31: Three-month evaluation response rate 10%',
    )
    expect(await events('governance.plan-evidence.created')).toHaveLength(1)
  })
})

describe('editing after the fact', () => {
  it('adds plan actions and steps through forms, refusing steps due before the plan starts', async () => {
    const officer = await t.signInAs('business-officer')
    const created = await t.postForm(
      '/governance/plans',
      { title: 'Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    const planUrl = created.headers.location ?? ''
    const noTitle = await expectNothingWritten(t, () =>
      t.postForm(
        `${planUrl}/actions`,
        { priorityNumber: '6', reference: '6.2.4', specificAction: 'Governance review' },
        officer,
      ),
    )
    expect(noTitle.statusCode).toBe(400)
    expect(noTitle.body).toContain('Enter the title of priority 6, which is new')
    const added = await t.postForm(
      `${planUrl}/actions`,
      {
        priorityNumber: '6',
        priorityTitle: 'Improving the effectiveness of MSCB',
        reference: '6.2.4',
        specificAction: 'Governance review',
        leads: 'MSCB Executive',
        leadAgencyId: t.northbridge.agencyIds[1] ?? '',
        successIndicators: 'Sub groups report\nWork is manageable',
        sourceTags: 'Peer Review 2015\nOfsted 2015 recommendation 1',
      },
      officer,
    )
    expect(added.statusCode).toBe(303)
    const action = await t.database.owner
      .selectFrom('gov_plan_action')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(action.success_indicators).toEqual(['Sub groups report', 'Work is manageable'])
    const early = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/plans/actions/${action.id}/steps`,
        { text: 'Too early', due: '2014-03' },
        officer,
      ),
    )
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('The step cannot be due before the plan starts on 1 April 2014')
    const step = await t.postForm(
      `/governance/plans/actions/${action.id}/steps`,
      { text: 'Board to agree revised structure', due: '2016-01', status: '' },
      officer,
    )
    expect(step.statusCode).toBe(303)
    const stepRow = await t.database.owner
      .selectFrom('gov_plan_step')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stepRow.due_on).toBe('2016-01-31')
    const lead = await t.signInAs('agency-lead')
    const revisedEarly = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/plans/steps/${stepRow.id}`,
        { status: 'delayed', revisedDue: '2013-01' },
        lead,
      ),
    )
    expect(revisedEarly.statusCode).toBe(400)
    expect(revisedEarly.body).toContain('The step cannot be due before the plan starts')
    expect(
      (
        await t.postForm(
          `/governance/plans/steps/${stepRow.id}`,
          { status: 'delayed', revisedDue: '2016-05' },
          lead,
        )
      ).statusCode,
    ).toBe(303)
    const text = visibleText((await get(planUrl, officer)).body)
    expect(text).toContain(
      'Board to agree revised structure: January 2016 (revised May 2016) Delayed',
    )
  })

  it('cancels a meeting so that it no longer counts, and removes a wrong budget line', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    await addMember(bodyId, officer, {})
    const meetingId = await addMeeting(bodyId, officer, '2016-04-20')
    await addMeeting(bodyId, officer, '2016-07-13')
    const cafcass = await membershipId('Cafcass')
    await t.postForm(
      `/governance/meetings/${meetingId}/attendance`,
      { [`status-${cafcass}`]: 'present' },
      officer,
    )
    let figures = parseCsvText(
      (await get(`/governance/bodies/${bodyId}/attendance?format=csv`, officer)).body,
    )
    expect(figures[1]?.slice(2, 5)).toEqual(['2', '1', '50%'])
    const other = await t.database.owner
      .selectFrom('gov_meeting')
      .select('id')
      .where('held_on', '=', '2016-07-13')
      .executeTakeFirstOrThrow()
    expect(
      (
        await t.postForm(
          `/governance/meetings/${other.id}/status`,
          { status: 'cancelled' },
          officer,
        )
      ).statusCode,
    ).toBe(303)
    figures = parseCsvText(
      (await get(`/governance/bodies/${bodyId}/attendance?format=csv`, officer)).body,
    )
    expect(figures[1]?.slice(2, 5)).toEqual(['1', '1', '100%'])

    const year = await t.postForm('/governance/budget', { label: '2016/17' }, officer)
    await t.postForm(
      `${year.headers.location ?? ''}/lines`,
      { kind: 'expenditure', description: 'Typo line', actual: '999' },
      officer,
    )
    const page = await get(year.headers.location ?? '', officer)
    expect(page.body).toContain('Remove<span class="govuk-visually-hidden"> Typo line</span>')
    expect(page.body).toMatch(
      /\/delete" class="keepsafe-inline-form" novalidate><input type="hidden" name="_csrf" value="[^"]+"/,
    )
    const line = await t.database.owner
      .selectFrom('gov_budget_line')
      .select('id')
      .executeTakeFirstOrThrow()
    const removed = await t.postForm(`/governance/budget/lines/${line.id}/delete`, {}, officer)
    expect(removed.statusCode).toBe(303)
    expect(await t.database.owner.selectFrom('gov_budget_line').select('id').execute()).toEqual([])
    expect(await events('governance.budget-line.deleted')).toHaveLength(1)
    const board = await t.signInAs('board-member')
    expect((await get(year.headers.location ?? '', board)).body).not.toContain('Remove')
  })
})
