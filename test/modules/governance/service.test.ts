import { describe, expect, it } from 'vitest'
import {
  dueDateOf,
  formatDueLabel,
  parsePounds,
  stepStatusOf,
} from '../../../src/modules/governance/schema.js'
import {
  attendanceFigures,
  membershipsOverlap,
  paperType,
  versionDifferences,
} from '../../../src/modules/governance/service.js'
import { parseCsv } from '../../../src/modules/governance/spreadsheets.js'

describe('money', () => {
  it.each([
    ['1250.50', 125050],
    ['£1,250.5', 125050],
    ['187283', 18728300],
    ['0', 0],
    ['12.345', null],
    ['1,25', null],
    ['-5', null],
    ['ten', null],
    ['', null],
  ])('reads %j as %j pence', (text, pence) => {
    expect(parsePounds(text)).toBe(pence)
  })
})

describe('business plan timescales', () => {
  it.each([
    ['2015-02', '2015-02-28'],
    ['2016-02', '2016-02-29'],
    ['2015-05-29', '2015-05-29'],
    ['2015-05; 2016-05', '2015-05-31'],
    ['Quarterly throughout 2015-17', null],
    ['2015-13', null],
  ])('takes %j as due by %j', (label, due) => {
    expect(dueDateOf(label)).toBe(due)
  })

  it('prints due dates as the plan does', () => {
    expect(formatDueLabel('2015-02')).toBe('February 2015')
    expect(formatDueLabel('2015-05-29')).toBe('29 May 2015')
    expect(formatDueLabel('Quarterly throughout 2015-17')).toBe('Quarterly throughout 2015-17')
  })

  it.each([
    ['Complete', 'complete'],
    ['In progress', 'in-progress'],
    ['', null],
    ['finished', 'invalid'],
  ])('reads step status %j', (text, status) => {
    expect(stepStatusOf(text)).toBe(status)
  })

  it('says what changed between two versions', () => {
    const before = [
      {
        reference: '1.3.1',
        specificAction: 'A',
        rag: null,
        steps: [{ text: 'E-learning', status: 'in-progress', revisedDueLabel: null }],
      },
      { reference: '6.2.9', specificAction: 'B', rag: null, steps: [] },
    ]
    const after = [
      {
        reference: '1.3.1',
        specificAction: 'A',
        rag: 'amber',
        steps: [{ text: 'E-learning', status: 'delayed', revisedDueLabel: '2016-05' }],
      },
      { reference: '6.2.4', specificAction: 'C', rag: null, steps: [] },
    ]
    expect(versionDifferences(before, after)).toEqual([
      'Action 1.3.1: RAG blank to amber',
      'Action 1.3.1: “E-learning” in-progress to delayed',
      'Action 1.3.1: “E-learning” now due 2016-05',
      'Action 6.2.4 added',
      'Action 6.2.9 removed',
    ])
  })
})

describe('memberships and attendance', () => {
  it.each([
    [
      { startsOn: '2016-04-01', endsOn: '2016-12-31' },
      { startsOn: '2016-12-31', endsOn: null },
      true,
    ],
    [
      { startsOn: '2016-04-01', endsOn: '2016-12-31' },
      { startsOn: '2017-01-01', endsOn: null },
      false,
    ],
    [
      { startsOn: '2016-04-01', endsOn: null },
      { startsOn: '2010-01-01', endsOn: '2016-04-01' },
      true,
    ],
  ])('overlap of %j and %j is %j', (a, b, overlaps) => {
    expect(membershipsOverlap({ memberName: 'A', ...a }, { memberName: 'A', ...b })).toBe(overlaps)
  })

  it('counts only the meetings each member was eligible for, deputies included, cancelled meetings not', () => {
    const meetings = [
      { id: 'm1', heldOn: '2016-04-20', status: 'held' },
      { id: 'm2', heldOn: '2016-07-13', status: 'held' },
      { id: 'm3', heldOn: '2016-08-01', status: 'cancelled' },
      { id: 'm4', heldOn: '2016-10-12', status: 'held' },
      { id: 'm5', heldOn: '2017-01-18', status: 'held' },
    ]
    const member = (id: string, startsOn: string, endsOn: string | null = null) => ({
      id,
      memberName: id,
      role: 'member',
      agencyId: 'police',
      agencyName: 'Police',
      startsOn,
      endsOn,
    })
    const { members, agencies } = attendanceFigures({
      meetings,
      memberships: [member('a', '2016-05-01'), member('b', '2016-04-01', '2016-05-01')],
      attendance: [
        { meetingId: 'm2', membershipId: 'a', status: 'present' },
        { meetingId: 'm4', membershipId: 'a', status: 'apologies-deputy' },
        { meetingId: 'm5', membershipId: 'a', status: 'apologies' },
        { meetingId: 'm1', membershipId: 'b', status: 'absent' },
      ],
      target: 80,
    })
    expect(members.map(m => [m.name, m.eligible, m.attended, m.percent, m.belowTarget])).toEqual([
      ['a', 3, 2, 67, true],
      ['b', 1, 0, 0, true],
    ])
    expect(agencies).toEqual([
      { name: 'Police', role: 'Agency', eligible: 4, attended: 2, percent: 50, belowTarget: true },
    ])
  })
})

describe('files', () => {
  it('reads quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nagain"\n\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nagain'],
    ])
  })

  it('recognises papers by their first bytes, not their names', () => {
    expect(paperType(Buffer.from('%PDF-1.7'))?.extension).toBe('pdf')
    expect(paperType(Buffer.from('MZ\u0090\u0000'))).toBeNull()
    expect(
      paperType(Buffer.from('PK\u0003\u0004[Content_Types].xml word/document.xml'))?.extension,
    ).toBe('docx')
  })
})
