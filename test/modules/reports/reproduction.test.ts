import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import {
  addMiltonKeynes2011Records,
  miltonKeynes2011Seed,
  printed,
} from '../../helpers/milton-keynes.js'
import { addRecords, repeat, writeSeedLait } from '../dataset/records.js'
import { HAS_FIXTURES, SKIP_MESSAGE, addBody, csv, fixture, upload } from '../governance/helpers.js'
import { addBudget, page, startReport } from './helpers.js'

const t = useTestApp()
if (!HAS_FIXTURES) console.warn(SKIP_MESSAGE)

beforeAll(async () => {
  process.env.KEEPSAFE_LAIT_DIR = await writeSeedLait()
})

interface Mk1617 {
  meetings_count: number
  attendance_percent: Record<string, number>
  budget: {
    year: string
    expenditure: { line: string; amount: number }[]
    income: { source: string; amount: number; kind?: string }[]
    carry_forward_derived: number
  }
  child_protection: {
    cp_plans_at_31_march: Record<string, number>
    rate_per_10000_0_17: Record<string, number>
    second_or_subsequent_plan: Record<
      string,
      { percent: number; children?: number; target_percent?: number }
    >
    plans_ended_child_placed_in_care: { percent: number }
    plans_ended_stepped_down_to_cin: { percent: number }
  }
}

/** The rows of the report's table with this caption, as label to cells. */
function table(html: string, caption: string): Map<string, string[]> {
  const escaped = caption.replace(/[/()]/g, '\\$&')
  const body =
    new RegExp(`<caption[^>]*>${escaped}</caption>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? ''
  const rows = new Map<string, string[]>()
  for (const row of body.matchAll(
    /<tr class="govuk-table__row"><th scope="row"[^>]*>([^<]*)<\/th>([\s\S]*?)<\/tr>/g,
  )) {
    const cells = [...(row[2] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(c =>
      (c[1] ?? '').replace(/&#39;/g, "'"),
    )
    rows.set((row[1] ?? '').replace(/&#39;/g, "'").replace(/&amp;/g, '&'), cells)
  }
  return rows
}

/** Each member's attendance rebuilt as the smallest record that gives the printed percentage. */
function boardHistory(percentages: Record<string, number>, meetings: string[]) {
  const memberships: unknown[][] = []
  const attendance: unknown[][] = []
  let joinedLate = true
  for (const [member, percent] of Object.entries(percentages)) {
    const four = !Number.isInteger((percent * 5) / 100)
    let eligible = meetings
    let startsOn = '2016-04-01'
    let endsOn = ''
    if (four) {
      eligible = joinedLate ? meetings.slice(1) : meetings.slice(0, 4)
      if (joinedLate) startsOn = '2016-04-21'
      else endsOn = '2017-01-19'
      joinedLate = !joinedLate
    }
    memberships.push([
      'Board',
      member,
      '',
      /chair/i.test(member) ? 'chair' : 'member',
      startsOn,
      endsOn,
      '',
    ])
    const attended = (percent * eligible.length) / 100
    eligible.forEach((heldOn, index) =>
      attendance.push(['Board', heldOn, member, index < attended ? 'present' : 'apologies', '']),
    )
  }
  return { memberships, attendance }
}

async function importCsv(kind: string, header: string[], rows: unknown[][], cookie: string) {
  const response = await upload(
    t,
    `/governance/import/${kind}`,
    `${kind}.csv`,
    csv(header, rows),
    cookie,
  )
  expect(response.statusCode, response.body.slice(0, 800)).toBe(303)
}

describe.skipIf(!HAS_FIXTURES)('the Milton Keynes reports, reproduced from records', () => {
  it('2016/17: Appendix A (attendance) and Appendix B (budget, carry forward 48,478) exactly', async () => {
    const seed = fixture<Mk1617>('mk-2016-17-board.json')
    const officer = await t.signInAs('business-officer')
    await addBody(t, officer, { name: 'Board', activeFrom: '2010-04-01' })
    const meetings = ['2016-04-20', '2016-07-13', '2016-10-12', '2017-01-18', '2017-03-15']
    const history = boardHistory(seed.attendance_percent, meetings)
    await importCsv(
      'memberships',
      ['body', 'member', 'agency', 'role', 'starts_on', 'ends_on', 'deputy'],
      history.memberships,
      officer,
    )
    await importCsv(
      'meetings',
      ['body', 'held_on', 'title', 'status'],
      meetings.map(m => ['Board', m, 'Board meeting', 'held']),
      officer,
    )
    await importCsv(
      'attendance',
      ['body', 'held_on', 'member', 'status', 'deputy'],
      history.attendance,
      officer,
    )
    await addBudget(t, officer, seed.budget.year, [
      ...seed.budget.income.map(i => ({
        kind:
          i.kind === 'brought_forward' ? ('brought-forward' as const) : ('contribution' as const),
        description: i.source,
        amount: i.amount,
      })),
      ...seed.budget.expenditure.map(e => ({
        kind: 'expenditure' as const,
        description: e.line,
        amount: e.amount,
      })),
    ])
    const id = await startReport(t, officer, 2016)
    const html = (await page(t, `/reports/${id}`, officer)).body

    const attendance = table(html, 'Attendance at Board meetings, 2016/17')
    expect(attendance.size).toBe(Object.keys(seed.attendance_percent).length)
    for (const [member, percent] of Object.entries(seed.attendance_percent))
      expect(attendance.get(member)?.[2], member).toMatch(new RegExp(`^${percent}%`))
    expect(attendance.get('Buckinghamshire Fire and Rescue Service')).toEqual([
      '4',
      '3',
      '75% (below target)',
    ])
    expect(html).toContain('Board met 5 times in 2016/17')

    const income = table(html, 'Income 2016/17')
    for (const line of seed.budget.income)
      expect(income.get(line.source)).toEqual([`£${line.amount.toLocaleString('en-GB')}`])
    expect(income.get('Total income')).toEqual(['£289,912'])
    const spend = table(html, 'Expenditure 2016/17')
    for (const line of seed.budget.expenditure)
      expect(spend.get(line.line)).toEqual([`£${line.amount.toLocaleString('en-GB')}`])
    expect(spend.get('Total expenditure')).toEqual(['£241,434'])
    expect(spend.get('Carry forward')).toEqual([
      `£${seed.budget.carry_forward_derived.toLocaleString('en-GB')}`,
    ])
  })

  it('2016/17: 87 on a plan at 31 March, 13.2 per 10,000, 6% second or subsequent against 4%, ended into care 25.7% and stepped down 73.6%', async () => {
    const seed = fixture<Mk1617>('mk-2016-17-board.json').child_protection
    const id = t.northbridge.id
    // 114 plans open on 1 April 2016 (100 end in the year), 117 start in it (7 had a plan
    // before; 44 end): 14 + 73 = 87 open at 31 March. Of the 144 ended, 37 went into care,
    // 106 were stepped down and 1 ended otherwise, which gives the printed 25.7% and 73.6%.
    await addRecords(
      t,
      id,
      repeat(114, i => ({
        referralDate: '2015-09-01',
        plan: { startDate: '2015-10-01', endDate: i < 100 ? '2016-11-01' : undefined },
      })),
    )
    await addRecords(
      t,
      id,
      repeat(117, i => ({
        referralDate: '2016-05-01',
        plan: {
          startDate: '2016-06-01',
          endDate: i < 44 ? '2017-02-01' : undefined,
          previous: i < 7 ? 1 : 0,
        },
      })),
    )
    await sql`
      with ended as (select id, row_number() over (order by start_date, id) as n
                     from child_protection_plan where end_date between '2016-04-01' and '2017-03-31')
      update child_protection_plan p set end_reason =
        case when e.n <= 37 then 'looked-after' when e.n <= 143 then 'no-longer-at-risk' else 'other' end
      from ended e where e.id = p.id`.execute(t.database.owner)
    const officer = await t.signInAs('business-officer')
    expect(
      (
        await t.postForm(
          '/dataset/settings',
          { laNumber: '826', dfeCalendar: 'england-and-wales' },
          officer,
        )
      ).statusCode,
    ).toBe(303)
    const population = await upload(
      t,
      '/dataset/settings/population',
      'ons.csv',
      'year,age_band,population\n2016,0-17,65900\n',
      officer,
    )
    expect(population.statusCode).toBe(303)
    const target = await t.postForm(
      '/dataset/settings/targets',
      {
        indicatorKey: 'PrevRegCPR',
        year: '2017',
        polarity: 'lower',
        target: '4',
        rangeLow: '',
        rangeHigh: '',
        tolerance: '1',
        notes: '',
      },
      officer,
    )
    expect(target.statusCode, target.body.slice(0, 500)).toBe(303)

    const html = (await page(t, `/reports/${await startReport(t, officer, 2016)}`, officer)).body
    const figures = table(html, 'Child protection figures, 2015/16 and 2016/17')
    expect(figures.get('Children on a child protection plan at 31 March')?.[1]).toBe(
      String(seed.cp_plans_at_31_march['2016/17']),
    )
    expect(figures.get('Rate per 10,000 children')?.[1]).toBe(
      `${seed.rate_per_10000_0_17['2016/17']} per 10,000`,
    )
    const again = seed.second_or_subsequent_plan['2016/17']
    expect(figures.get('Second or subsequent plans (share of plans started)')?.[1]).toBe(
      `${again?.percent}%`,
    )
    expect(figures.get('Second or subsequent plans (share of plans started)')?.[4]).toBe(
      `${again?.target_percent}%`,
    )
    expect(figures.get('… of whom had had a plan before')?.[1]).toBe(String(again?.children))
    const ended = table(html, 'Plans that ended in 2016/17, by reason')
    expect(ended.get('Became looked after (into care)')?.[1]).toBe(
      `${seed.plans_ended_child_placed_in_care.percent}%`,
    )
    expect(ended.get('No longer at risk (stepped down)')?.[1]).toBe(
      `${seed.plans_ended_stepped_down_to_cin.percent}%`,
    )
  })

  it('2011/12: the Appendix 3 child protection table with its 2010/11 column, from records', async () => {
    const seed = miltonKeynes2011Seed()
    await addMiltonKeynes2011Records(t, t.northbridge.id)
    const officer = await t.signInAs('business-officer')
    const html = (await page(t, `/reports/${await startReport(t, officer, 2011)}`, officer)).body
    const figures = table(html, 'Child protection figures, 2010/11 and 2011/12')
    const rows: [string, string][] = [
      ['Section 47 enquiries started', 'Section 47'],
      ['Initial child protection conferences', 'Children subject to an initial'],
      [
        'Children on a child protection plan at 31 March',
        'Children subject to a child protection plan at 31 March',
      ],
      ['Children who became subject to a plan in the year', 'Children who became'],
      ['… of whom had had a plan before', '... of whom had'],
      ['Plans ended in the year', 'Children with a child protection plan ceasing'],
    ]
    for (const column of [0, 1] as const)
      for (const [label, indicator] of rows)
        expect(
          figures.get(label)?.[column],
          `${label}, ${seed.child_protection_dataset.columns[column]}`,
        ).toBe(String(printed(seed, indicator, column)))
    // The report gives the share of ended plans that lasted two years: 2 of 110, and 0 of 80.
    const lasted = (column: 0 | 1) =>
      Math.round(
        ((printed(seed, '... of ceasing plans', column) ?? 0) /
          (printed(seed, 'Children with a child protection plan ceasing', column) ?? 1)) *
          1000,
      ) / 10
    expect(figures.get('Plans ended that lasted two years or more')).toEqual(
      expect.arrayContaining([`${lasted(0)}%`, `${lasted(1)}%`]),
    )
  })
})
