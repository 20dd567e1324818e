import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import {
  HAS_FIXTURES,
  SKIP_MESSAGE,
  addBody,
  csv,
  fixture,
  parseCsvText,
  upload,
  visibleText,
} from './helpers.js'

const t = useTestApp()

if (!HAS_FIXTURES) console.warn(SKIP_MESSAGE)

interface BoardFixture {
  meetings_count: number
  attendance_percent: Record<string, number>
  budget: Record<string, unknown>
}

const BOARD = 'Milton Keynes Safeguarding Children Board'

/**
 * The reports print only percentages. Each member's attendance is rebuilt as the smallest whole
 * record that gives it: attended k of the n meetings they were eligible for, n = 5 unless the
 * percentage needs n = 4 (75% is 3 of 4, 25% is 1 of 4: they joined after the first meeting or
 * left before the last). Half of the attended meetings are a deputy's, which count for the seat.
 */
function boardHistory(percentages: Record<string, number>, meetings: string[], yearStart: string) {
  const memberships: unknown[][] = []
  const attendance: unknown[][] = []
  let joinedLate = true
  for (const [member, percent] of Object.entries(percentages)) {
    const eligibleCount = [5, 4, 3].find(n => Number.isInteger((percent * n) / 100)) ?? 5
    let eligible = meetings
    let startsOn = yearStart
    let endsOn = ''
    if (eligibleCount === 4) {
      // Alternate: one joins after the first meeting, the next leaves before the last.
      if (joinedLate) {
        eligible = meetings.slice(1)
        startsOn = nextDay(meetings[0] ?? '')
      } else {
        eligible = meetings.slice(0, 4)
        endsOn = nextDay(meetings[3] ?? '')
      }
      joinedLate = !joinedLate
    }
    const role = /chair/i.test(member)
      ? 'chair'
      : /lay member/i.test(member)
        ? 'lay-member'
        : 'member'
    memberships.push([BOARD, member, '', role, startsOn, endsOn, ''])
    const attended = (percent * eligible.length) / 100
    eligible.forEach((heldOn, index) => {
      const wasThere = index < attended
      const status = wasThere
        ? index % 2 === 0
          ? 'present'
          : 'apologies-deputy'
        : index % 2 === 0
          ? 'apologies'
          : 'absent'
      attendance.push([
        BOARD,
        heldOn,
        member,
        status,
        status === 'apologies-deputy' ? 'Deputy' : '',
      ])
    })
  }
  return { memberships, attendance }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

async function importOk(
  kind: string,
  content: string | Buffer,
  cookie: string,
  filename = 'x.csv',
) {
  const response = await upload(t, `/governance/import/${kind}`, filename, content, cookie)
  expect(response.statusCode, visibleText(response.body).slice(0, 2000)).toBe(303)
  return response
}

async function reproduceAttendance(file: string, meetings: string[], period: [string, string]) {
  const seed = fixture<BoardFixture>(file)
  expect(meetings).toHaveLength(seed.meetings_count)
  const officer = await t.signInAs('business-officer')
  const bodyId = await addBody(t, officer, { name: BOARD, activeFrom: '2008-04-01' })
  const history = boardHistory(seed.attendance_percent, meetings, period[0])
  await importOk(
    'memberships',
    csv(
      ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy'],
      history.memberships,
    ),
    officer,
  )
  await importOk(
    'meetings',
    csv(
      ['body', 'held_on', 'title', 'status'],
      meetings.map(heldOn => [BOARD, heldOn, 'Board meeting', 'held']),
    ),
    officer,
  )
  await importOk(
    'attendance',
    csv(['body', 'held_on', 'member', 'status', 'deputy'], history.attendance),
    officer,
  )
  const query = `from=${period[0]}&to=${period[1]}`
  const exported = await t.inject({
    method: 'GET',
    url: `/governance/bodies/${bodyId}/attendance?format=csv&${query}`,
    headers: { cookie: officer },
  })
  expect(exported.statusCode).toBe(200)
  const [header, ...rows] = parseCsvText(exported.body)
  expect(header).toEqual([
    'name',
    'role',
    'meetings_eligible',
    'meetings_attended',
    'attendance',
    'flag',
  ])
  const computed = Object.fromEntries(rows.map(row => [row[0], row[4]]))
  const expected = Object.fromEntries(
    Object.entries(seed.attendance_percent).map(([member, percent]) => [member, `${percent}%`]),
  )
  expect(computed).toEqual(expected)
  const page = await t.inject({
    method: 'GET',
    url: `/governance/bodies/${bodyId}/attendance?${query}`,
    headers: { cookie: officer },
  })
  return { seed, rows, text: visibleText(page.body) }
}

describe.skipIf(!HAS_FIXTURES)('Milton Keynes 2016/17 and 2011/12 reports, reproduced', () => {
  it('reproduces the 2016/17 attendance appendix exactly, 75% and 25% included', async () => {
    const { rows, text } = await reproduceAttendance(
      'mk-2016-17-board.json',
      ['2016-04-20', '2016-07-13', '2016-10-12', '2017-01-18', '2017-03-15'],
      ['2016-04-01', '2017-03-31'],
    )
    const fire = rows.find(row => row[0] === 'Buckinghamshire Fire and Rescue Service')
    expect(fire?.slice(2)).toEqual(['4', '3', '75%', 'below target'])
    const ambulance = rows.find(row => row[0] === 'South Central Ambulance Service')
    expect(ambulance?.slice(2)).toEqual(['4', '1', '25%', 'below target'])
    const layMember = rows.find(row => row[0] === 'Lay Member')
    expect(layMember?.slice(2)).toEqual(['5', '4', '80%', ''])
    expect(text).toContain('Buckinghamshire Fire and Rescue Service 4 3 75% Below target')
    expect(text).toContain('Independent Chair 5 5 100%')
  })

  it('reproduces the 2011/12 attendance appendix exactly, against its 80% target', async () => {
    const { seed, rows, text } = await reproduceAttendance(
      'mk-2011-12-board.json',
      ['2011-05-11', '2011-07-13', '2011-09-21', '2011-12-07', '2012-03-14'],
      ['2011-04-01', '2012-03-31'],
    )
    expect(
      (seed as unknown as { attendance_target_percent: number }).attendance_target_percent,
    ).toBe(80)
    expect(rows.find(row => row[0] === 'Lay Member 2')?.slice(2)).toEqual([
      '4',
      '1',
      '25%',
      'below target',
    ])
    expect(rows.find(row => row[0] === 'NSPCC')?.slice(4)).toEqual(['0%', 'below target'])
    expect(rows.filter(row => row[5] === 'below target')).toHaveLength(
      Object.values(seed.attendance_percent).filter(percent => percent < 80).length,
    )
    expect(text).toContain('Lay Member 2 4 1 25% Below target')
  })

  it('shows that the 2011/12 spend lines add up to £187,283, not the printed £181,933', async () => {
    const seed = fixture<{
      budget: {
        year: string
        lines: { line: string; budget: number | null; spend: number }[]
        budget_total_printed: number
        spend_total_printed: number
      }
    }>('mk-2011-12-board.json')
    const officer = await t.signInAs('business-officer')
    const year = await t.postForm(
      '/governance/budget',
      {
        label: seed.budget.year,
        printedBudget: String(seed.budget.budget_total_printed),
        printedSpend: String(seed.budget.spend_total_printed),
      },
      officer,
    )
    expect(year.statusCode).toBe(303)
    await importOk(
      'budget',
      csv(
        ['year', 'kind', 'description', 'agency', 'contribution_type', 'budget', 'actual'],
        seed.budget.lines.map(l => [
          seed.budget.year,
          'expenditure',
          l.line,
          '',
          '',
          l.budget ?? '',
          l.spend,
        ]),
      ),
      officer,
    )
    const page = await t.inject({
      method: 'GET',
      url: year.headers.location ?? '',
      headers: { cookie: officer },
    })
    const text = visibleText(page.body)
    expect(text).toContain(
      'Spend lines add up to £187,283 but the printed total is £181,933: a difference of £5,350.',
    )
    expect(text).toContain('Total expenditure £237,571 £187,283')
    expect(text).not.toContain('Budget lines add up to')
    expect(text).toContain('Office expenses £1,849')
  })

  it('reproduces the 2016/17 budget appendix: income £289,912, spend £241,434, carry forward £48,478', async () => {
    const seed = fixture<{
      budget: {
        year: string
        expenditure: { line: string; amount: number }[]
        income: { source: string; amount: number; kind?: string }[]
        expenditure_total_printed: number
        income_total_printed: number
        carry_forward_derived: number
      }
    }>('mk-2016-17-board.json')
    const officer = await t.signInAs('business-officer')
    const year = await t.postForm(
      '/governance/budget',
      {
        label: seed.budget.year,
        printedIncome: String(seed.budget.income_total_printed),
        printedSpend: seed.budget.expenditure_total_printed.toLocaleString('en-GB'),
      },
      officer,
    )
    expect(year.statusCode).toBe(303)
    const header = [
      'year',
      'kind',
      'description',
      'agency',
      'contribution_type',
      'budget',
      'actual',
    ]
    const rows = [
      ...seed.budget.income.map(i =>
        i.kind === 'brought_forward'
          ? [seed.budget.year, 'brought-forward', i.source, '', '', '', i.amount]
          : [seed.budget.year, 'contribution', i.source, '', 'cash', '', i.amount],
      ),
      ...seed.budget.expenditure.map(e => [
        seed.budget.year,
        'expenditure',
        e.line,
        '',
        '',
        '',
        e.amount,
      ]),
    ]
    // Through the XLSX template this time, to prove both formats load.
    const template = await t.inject({
      method: 'GET',
      url: '/governance/import/budget/template?format=xlsx',
      headers: { cookie: officer },
    })
    expect(template.headers['content-type']).toContain('spreadsheetml')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, ...header])
    sheet.spliceRows(2, 1)
    for (const row of rows) sheet.addRow(row)
    await importOk('budget', Buffer.from(await workbook.xlsx.writeBuffer()), officer, 'budget.xlsx')

    const page = await t.inject({
      method: 'GET',
      url: year.headers.location ?? '',
      headers: { cookie: officer },
    })
    const text = visibleText(page.body)
    expect(text).toContain('Total income £289,912')
    expect(text).toContain('Total expenditure £0 £241,434')
    expect(text).toContain(
      `Carry forward: £${seed.budget.carry_forward_derived.toLocaleString('en-GB')}`,
    )
    expect(text).toContain('The lines reconcile with the printed totals.')
    expect(text).not.toContain('a difference of')

    const exported = await t.inject({
      method: 'GET',
      url: `${year.headers.location ?? ''}?format=csv`,
      headers: { cookie: officer },
    })
    expect(parseCsvText(exported.body).at(-1)).toEqual([
      'total',
      'Carry forward',
      '',
      '',
      '',
      '48478',
    ])
  })
})

interface MedwayFixture {
  columns: string[]
  priorities: { number: number; title: string }[]
  actions: {
    id: string
    source_tags?: string[]
    specific_action: string
    leads: string[]
    success_indicators?: string[]
    steps: { text: string; due: string | string[]; status: string | null; revised_due?: string }[]
    rag: string | null
    impact_and_evidence: string | null
  }[]
}

export function medwayRows(
  plan: string,
  seed: MedwayFixture,
  leadAgency: Record<string, string> = {},
) {
  return seed.actions.flatMap(action => {
    const priority = seed.priorities.find(p => String(p.number) === action.id.split('.')[0])
    return action.steps.map(step => [
      plan,
      priority?.number,
      priority?.title,
      action.id,
      action.specific_action,
      action.leads.join('\n'),
      leadAgency[action.id] ?? '',
      (action.success_indicators ?? []).join('\n'),
      (action.source_tags ?? []).join('\n'),
      action.rag ?? '',
      action.impact_and_evidence ?? '',
      step.text,
      Array.isArray(step.due) ? step.due.join('; ') : step.due,
      step.revised_due ?? '',
      step.status ?? '',
    ])
  })
}

export const PLAN_COLUMNS = [
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

describe.skipIf(!HAS_FIXTURES)('Medway business plan 2014-17, version 8', () => {
  it('shows the excerpt in its seven-column layout and exports it to XLSX in that layout', async () => {
    const seed = fixture<MedwayFixture>('medway-business-plan-2014-17-v8-excerpt.json')
    const officer = await t.signInAs('business-officer')
    const created = await t.postForm(
      '/governance/plans',
      { title: 'MSCB Business Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    expect(created.statusCode).toBe(303)
    await importOk(
      'plan',
      csv(PLAN_COLUMNS, medwayRows('MSCB Business Plan 2014-17', seed)),
      officer,
    )
    const planUrl = created.headers.location ?? ''
    const page = await t.inject({ method: 'GET', url: planUrl, headers: { cookie: officer } })
    const text = visibleText(page.body)
    expect(text).toContain(seed.columns.join(' '))
    expect(text).toContain('Business Planning Away day: 29 May 2015 Complete')
    expect(text).toContain(
      'MSCB to develop E-learning packages for launch in 2016: January 2016 (revised May 2016) Delayed',
    )
    expect(text).toContain('MSCB Dataset to be scrutinised by Board annually: May 2015; May 2016')
    expect(text).toContain('Quarterly throughout 2015-17')
    expect(text).toContain('Peer Review 2015')
    expect(text).toContain('Restructure agreed January 2016')

    const xlsx = await t.inject({
      method: 'GET',
      url: `${planUrl}?format=xlsx`,
      headers: { cookie: officer },
    })
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).values).toEqual([undefined, ...seed.columns])
    const references = [2, 3, 4, 5].map(n => sheet.getRow(n).getCell(1).text)
    expect(references).toEqual(seed.actions.map(a => a.id))
    const governanceReview = sheet.getRow(4)
    expect(governanceReview.getCell(3).text).toBe('MSCB Executive')
    expect(governanceReview.getCell(5).text).toBe(
      [
        'Business Planning Away day: 29 May 2015 Complete',
        'Executive to consider revised structure: November 2015 Complete',
        'Board to agree revised structure: January 2016',
        'Sub group Terms of Reference reviewed: January 2016',
      ].join('\n'),
    )
    expect(governanceReview.getCell(6).value ?? '').toBe('')
    expect(governanceReview.getCell(7).text).toBe('Restructure agreed January 2016')

    // The CSV export is the import template: a plan goes out and comes back unchanged.
    const exported = await t.inject({
      method: 'GET',
      url: `${planUrl}?format=csv`,
      headers: { cookie: officer },
    })
    const [header, ...rows] = parseCsvText(exported.body)
    expect(header).toEqual(PLAN_COLUMNS)
    expect(rows).toHaveLength(seed.actions.reduce((n, a) => n + a.steps.length, 0))
  })
})
