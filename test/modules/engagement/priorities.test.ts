import { isoBoxes } from '../../helpers/date-boxes.js'
import { describe, expect, it } from 'vitest'
import { bordaResult, isCompleteRanking } from '../../../src/modules/engagement/service/ranking.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { rows } from './helpers.js'

const t = useTestApp()

describe('ranking by Borda count', () => {
  it('orders areas by points (n − rank per ballot), ties by mean rank then name', () => {
    const areas = [
      { id: 'a', name: 'Neglect' },
      { id: 'b', name: 'Exploitation' },
      { id: 'c', name: 'Early help' },
    ]
    const result = bordaResult(areas, [
      { a: 1, b: 2, c: 3 },
      { a: 2, b: 1, c: 3 },
      { a: 1, b: 3, c: 2 },
    ])
    expect(result.map(r => [r.name, r.points, r.meanRank, r.position])).toEqual([
      ['Neglect', 5, 1.33, 1],
      ['Exploitation', 3, 2, 2],
      ['Early help', 1, 2.67, 3],
    ])
    expect(
      bordaResult(areas.slice(0, 2), [
        { a: 1, b: 2 },
        { a: 2, b: 1 },
      ]).map(r => r.name),
    ).toEqual(['Exploitation', 'Neglect'])
    expect(isCompleteRanking(['a', 'b'], { a: 1, b: 1 })).toBe(false)
    expect(isCompleteRanking(['a', 'b'], { a: 1 })).toBe(false)
    expect(isCompleteRanking(['a', 'b'], { a: 2, b: 1 })).toBe(true)
  })
})

describe('a priority-setting exercise', () => {
  it('takes board members’ ballots, refuses a ranking that repeats a rank, and starts a plan version from the result', async () => {
    const officer = await t.signInAs('business-officer')
    const made = await t.postForm(
      '/engagement/priorities',
      {
        title: 'Priorities 2027-29',
        prioritiesWanted: '2',
        areas: 'Neglect\nExploitation\nEarly help',
      },
      officer,
    )
    expect(made.statusCode).toBe(303)
    const id = (made.headers.location ?? '').split('/').pop() ?? ''
    const areas = await rows<{ id: string; name: string }>(
      t,
      'select id, name from eng_priority_area',
    )
    const idOf = (name: string) => areas.find(a => a.name === name)?.id ?? ''
    const board = await t.signInAs('board-member')
    const bad = await expectNothingWritten(t, () =>
      t.postForm(
        `/engagement/priorities/${id}/ballot`,
        {
          [`rank-${idOf('Neglect')}`]: '1',
          [`rank-${idOf('Exploitation')}`]: '1',
          [`rank-${idOf('Early help')}`]: '3',
        },
        board,
      ),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Give each area a different rank from 1 to 3')
    const cast = await t.postForm(
      `/engagement/priorities/${id}/ballot`,
      {
        [`rank-${idOf('Neglect')}`]: '2',
        [`rank-${idOf('Exploitation')}`]: '1',
        [`rank-${idOf('Early help')}`]: '3',
      },
      board,
    )
    expect(cast.statusCode).toBe(303)
    const page = await t.inject({
      method: 'GET',
      url: `/engagement/priorities/${id}`,
      headers: { cookie: board },
    })
    expect(page.body).toContain('1 ballots cast')

    const badPlan = await expectNothingWritten(t, () =>
      t.postForm(
        `/engagement/priorities/${id}/plan`,
        { planTitle: 'Plan', startsOn: '2027-04-01', endsOn: '2027-03-01' },
        officer,
      ),
    )
    expect(badPlan.body).toContain('The plan must end after it starts')
    const planned = await t.postForm(
      `/engagement/priorities/${id}/plan`,
      // Dated in the GOV.UK boxes, as the page asks.
      {
        planTitle: 'Business Plan 2027-29',
        ...isoBoxes('startsOn', '2027-04-01'),
        ...isoBoxes('endsOn', '2029-03-31'),
      },
      officer,
    )
    expect(planned.statusCode).toBe(303)
    const priorities = await rows<{ number: number; title: string }>(
      t,
      'select number, title from gov_priority order by number',
    )
    expect(priorities).toEqual([
      { number: 1, title: 'Exploitation' },
      { number: 2, title: 'Neglect' },
    ])
    const versions = await rows<{ number: number; changes: string }>(
      t,
      'select number, changes from gov_plan_version',
    )
    expect(versions[0]?.number).toBe(1)
    expect(versions[0]?.changes).toContain('Exploitation; Neglect')
    const closed = await expectNothingWritten(t, () =>
      t.postForm(
        `/engagement/priorities/${id}/ballot`,
        {
          [`rank-${idOf('Neglect')}`]: '1',
          [`rank-${idOf('Exploitation')}`]: '2',
          [`rank-${idOf('Early help')}`]: '3',
        },
        board,
      ),
    )
    expect(closed.body).toContain('The exercise is closed')
  })
})
