import { describe, expect, it } from 'vitest'
import * as r from '../../../../src/modules/census/rules/return-level.js'
import {
  child,
  contextFor,
  CONTEXT_2025,
  episode,
  protectionPlan,
  returnBreaches,
  section47,
} from '../helpers.js'

const withHeader = (year: string | undefined, referenceDate: string | undefined) => ({
  ...CONTEXT_2025,
  header: { year, referenceDate },
})

describe('rule 100: Reference Date is incorrect', () => {
  it('accepts 31 March of the collection year', () => {
    expect(returnBreaches(r.rule100, [], withHeader('2025', '2025-03-31'))).toEqual([])
  })
  it('rejects another date', () => {
    expect(returnBreaches(r.rule100, [], withHeader('2025', '2024-03-31'))).toHaveLength(1)
  })
  it('rejects a missing date', () => {
    expect(returnBreaches(r.rule100, [], withHeader('2025', undefined))).toHaveLength(1)
  })
})

describe('rule 8510: duplicate LA child IDs', () => {
  it('reports both children sharing an ID', () => {
    const found = returnBreaches(r.rule8510, [
      child(),
      child(),
      child({ identifiers: { laChildId: 'OTHER' } }),
    ])
    expect(found.map(f => f.laChildId)).toEqual(['CHILD1', 'CHILD1'])
  })
  it('accepts distinct IDs', () => {
    expect(
      returnBreaches(r.rule8510, [child(), child({ identifiers: { laChildId: 'C2' } })]),
    ).toEqual([])
  })
})

describe('rule 1520: duplicate UPNs', () => {
  it('reports every child with a shared UPN', () => {
    const found = returnBreaches(r.rule1520, [child(), child({ identifiers: { laChildId: 'C2' } })])
    expect(found.map(f => f.laChildId)).toEqual(['CHILD1', 'C2'])
  })
  it('accepts children without UPNs', () => {
    const noUpn = { identifiers: { upn: undefined } }
    expect(returnBreaches(r.rule1520, [child(noUpn), child(noUpn)])).toEqual([])
  })
})

describe('rule 2883: more plans than conferences', () => {
  const withPlan = child({ episodes: [episode({ childProtectionPlans: [protectionPlan()] })] })
  it('fires when a plan has no conference', () => {
    expect(returnBreaches(r.rule2883, [withPlan])).toHaveLength(1)
  })
  it('passes when each plan has a conference', () => {
    const withConference = child({
      episodes: [episode({ section47s: [section47()], childProtectionPlans: [protectionPlan()] })],
    })
    expect(returnBreaches(r.rule2883, [withConference])).toEqual([])
  })
})

describe('rule 2886Q: more than 2% with no sex recorded', () => {
  const children = (unknown: number, known: number) => [
    ...Array.from({ length: unknown }, () => child({ identifiers: { sexElement: 'U' } })),
    ...Array.from({ length: known }, () => child()),
  ]
  it('queries 3 in 100', () => {
    expect(returnBreaches(r.rule2886Q, children(3, 97))).toHaveLength(1)
  })
  it('accepts 2 in 100', () => {
    expect(returnBreaches(r.rule2886Q, children(2, 98))).toEqual([])
  })
  it('excludes unborn children', () => {
    const unborn = child({
      identifiers: {
        sexElement: 'U',
        personBirthDate: undefined,
        expectedPersonBirthDate: '2025-06-01',
      },
    })
    expect(returnBreaches(r.rule2886Q, [unborn])).toEqual([])
  })
  it('counts GenderCurrent 0 before 2024-25', () => {
    const notRecorded = child({ identifiers: { genderCurrent: '0' } })
    expect(
      returnBreaches(r.rule2886QBeforeSex, [notRecorded], contextFor('2024-03-31')),
    ).toHaveLength(1)
  })
})

describe('rule 2887Q: fewer than 8 disability codes used', () => {
  const codes = ['MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS']
  it('queries 7 codes', () => {
    expect(
      returnBreaches(
        r.rule2887Q,
        codes.slice(0, 7).map(code => child({ disabilities: [code] })),
      ),
    ).toHaveLength(1)
  })
  it('accepts 8 codes', () => {
    expect(
      returnBreaches(
        r.rule2887Q,
        codes.map(code => child({ disabilities: [code] })),
      ),
    ).toEqual([])
  })
})

describe('rule 2888Q: only one disability per child', () => {
  it('queries a return where no child has two', () => {
    expect(returnBreaches(r.rule2888Q, [child({ disabilities: ['VIS'] }), child()])).toHaveLength(1)
  })
  it('accepts a return where a child has two', () => {
    expect(returnBreaches(r.rule2888Q, [child({ disabilities: ['VIS', 'HEAR'] })])).toEqual([])
  })
})
