import { describe, expect, it } from 'vitest'
import type {
  AssessmentRow,
  CinEpisodeRow,
  ProtectionPlanRow,
  Section47Row,
} from '../../../src/modules/children/queries.js'
import { computeCinFigures, reviewsOnTime } from '../../../src/modules/dataset/cin/figures.js'
import type { CinRecords } from '../../../src/modules/dataset/cin/records.js'
import { englandAndWales, WorkingDayCalendar } from '../../../src/platform/working-days.js'

const YEAR = { from: '2024-04-01', to: '2025-03-31' }
let seq = 0

function episode(parts: Partial<CinEpisodeRow> = {}): CinEpisodeRow {
  seq += 1
  return {
    episodeId: `e${seq}`,
    childId: `c${seq}`,
    referralDate: '2024-06-03',
    referralSource: '6',
    primaryNeedCode: 'N1',
    closureDate: null,
    reasonForClosure: null,
    referralNfa: false,
    dateOfInitialCpc: null,
    section47Count: 0,
    ...parts,
  }
}
function plan(parts: Partial<ProtectionPlanRow> = {}): ProtectionPlanRow {
  seq += 1
  return {
    planId: `p${seq}`,
    childId: `c${seq}`,
    startDate: '2024-06-03',
    endDate: null,
    initialCategory: 'NEG',
    latestCategory: 'NEG',
    numberOfPreviousPlans: null,
    earlierPlansInRecord: 0,
    reviewDates: [],
    endReason: null,
    birthDate: '2015-01-01',
    sex: 'F',
    ethnicity: 'WBRI',
    ...parts,
  }
}
function assessment(parts: Partial<AssessmentRow>): AssessmentRow {
  return {
    episodeId: 'x',
    childId: 'x',
    referralDate: '2024-06-03',
    startDate: '2024-06-03',
    authorisationDate: null,
    factors: [],
    ...parts,
  }
}
function s47(parts: Partial<Section47Row>): Section47Row {
  seq += 1
  return {
    section47Id: `s${seq}`,
    episodeId: `e${seq}`,
    childId: `c${seq}`,
    startDate: '2024-06-03',
    dateOfInitialCpc: null,
    icpcNotRequired: false,
    strategyDiscussionId: null,
    ...parts,
  }
}
function records(parts: Partial<CinRecords>): CinRecords {
  return { episodes: [], assessments: [], section47s: [], plans: [], discussions: [], ...parts }
}
function figuresOf(input: Partial<CinRecords>, calendar = englandAndWales) {
  const set = computeCinFigures(records(input), YEAR, calendar)
  return Object.fromEntries(set.figures.map(f => [f.id, { count: f.count, of: f.of }]))
}

describe('DfE figures at their boundaries', () => {
  it('counts a ceased plan of 729 days as two years or more, and not one of 728', () => {
    const f = figuresOf({
      plans: [
        plan({ startDate: '2022-06-01', endDate: '2024-05-30' }), // 729 days
        plan({ startDate: '2022-06-01', endDate: '2024-05-29' }), // 728 days
      ],
    })
    expect(f.CPPlans2yrs).toEqual({ count: 1, of: 2 })
  })

  it('counts a plan open at 31 March for 729 days as two years or more (CPPlans2yrsActive)', () => {
    const f = figuresOf({
      plans: [plan({ startDate: '2023-04-02' }), plan({ startDate: '2023-04-03' })],
    })
    expect(f.CPPlans2yrsActive).toEqual({ count: 1, of: 2 })
  })

  it('counts an assessment authorised on working day 45 after the referral as in time, not day 46', () => {
    // 3 June 2024 (Monday) + 45 working days = 5 August 2024 (no bank holiday in between)
    const f = figuresOf({
      assessments: [
        assessment({ authorisationDate: '2024-08-05' }),
        assessment({ authorisationDate: '2024-08-06' }),
      ],
    })
    expect(f.Continue_Assess_Comp).toEqual({ count: 1, of: 2 })
  })

  it('counts an initial conference on working day 15 of the enquiry as in time, not day 16', () => {
    const f = figuresOf({
      section47s: [
        s47({ startDate: '2024-06-03', dateOfInitialCpc: '2024-06-24' }),
        s47({ startDate: '2024-06-03', dateOfInitialCpc: '2024-06-25' }),
      ],
    })
    expect(f.CP_conf_15days).toEqual({ count: 1, of: 2 })
    expect(f.ICPC_15days_Local).toBeUndefined()
  })

  it('skips the bank holiday, and a local closure day only on the partnership calendar', () => {
    // Enquiry on 15 May 2024; the late May bank holiday is 27 May: day 15 is 6 June.
    const conference = s47({ startDate: '2024-05-15', dateOfInitialCpc: '2024-06-06' })
    expect(figuresOf({ section47s: [conference] }).CP_conf_15days).toEqual({ count: 1, of: 1 })
    const withoutHoliday = new WorkingDayCalendar([])
    expect(figuresOf({ section47s: [conference] }, withoutHoliday).CP_conf_15days).toEqual({
      count: 0,
      of: 1,
    })
    const localClosure = englandAndWales.withExtraHolidays(['2024-05-20'])
    expect(
      figuresOf(
        { section47s: [s47({ startDate: '2024-05-15', dateOfInitialCpc: '2024-06-07' })] },
        localClosure,
      ).CP_conf_15days,
    ).toEqual({ count: 1, of: 1 })
  })

  it('shows the local reading beside the DfE measure when a later discussion restarts the clock', () => {
    const conference = s47({
      episodeId: 'ep-late',
      startDate: '2024-06-03',
      dateOfInitialCpc: '2024-06-28',
    })
    const f = figuresOf({
      section47s: [conference],
      discussions: [{ episodeId: 'ep-late', heldOn: '2024-06-20' }],
    })
    expect(f.CP_conf_15days).toEqual({ count: 0, of: 1 })
    expect(f.ICPC_15days_Local).toEqual({ count: 1, of: 1 })
  })

  it('counts a transfer-in conference (no Section 47) in the conferences, not in the 15 days', () => {
    const f = figuresOf({
      episodes: [
        episode({ dateOfInitialCpc: '2024-07-01', section47Count: 0 }),
        episode({ dateOfInitialCpc: '2024-07-01', section47Count: 1 }),
      ],
      section47s: [s47({ startDate: '2024-06-20', dateOfInitialCpc: '2024-07-01' })],
    })
    expect(f.ISCP_Conf?.count).toBe(2)
    expect(f.ICPC_TransferIn?.count).toBe(1)
    expect(f.CP_conf_15days).toEqual({ count: 1, of: 1 })
  })

  it('counts a re-referral at exactly 12 months, not one a day earlier, nor a same-day duplicate', () => {
    const f = figuresOf({
      episodes: [
        episode({ childId: 'a', referralDate: '2023-06-03', closureDate: '2023-07-01' }),
        episode({ childId: 'a', referralDate: '2024-06-03' }),
        episode({ childId: 'b', referralDate: '2023-06-02', closureDate: '2023-07-01' }),
        episode({ childId: 'b', referralDate: '2024-06-03' }),
        episode({ childId: 'c', referralDate: '2024-09-01' }),
        episode({ childId: 'c', referralDate: '2024-09-01', referralNfa: true }),
      ],
    })
    expect(f.CPP_Total_NumRef?.count).toBe(4)
    expect(f.ReReferral).toEqual({ count: 1, of: 4 })
    expect(f.CIN_Refferals_NFA).toEqual({ count: 1, of: 4 })
  })

  it('takes second plans from the census or the records, whichever says more', () => {
    const f = figuresOf({
      plans: [
        plan({ numberOfPreviousPlans: 2, earlierPlansInRecord: 0 }),
        plan({ numberOfPreviousPlans: 0, earlierPlansInRecord: 1 }),
        plan({ numberOfPreviousPlans: null, earlierPlansInRecord: 0 }),
      ],
    })
    expect(f.PrevRegCPR).toEqual({ count: 2, of: 3 })
  })

  it('judges DfE reviews in timescale: 3 months then 6 months, none overdue at the end', () => {
    expect(
      reviewsOnTime(
        { startDate: '2024-06-03', reviewDates: ['2024-09-03', '2025-03-03'] },
        '2025-03-31',
      ),
    ).toBe(true)
    expect(
      reviewsOnTime({ startDate: '2024-06-03', reviewDates: ['2024-09-04'] }, '2025-03-31'),
    ).toBe(false)
    expect(
      reviewsOnTime({ startDate: '2024-06-03', reviewDates: ['2024-09-03'] }, '2025-03-31'),
    ).toBe(false)
    const f = figuresOf({
      plans: [
        plan({ startDate: '2024-06-03', reviewDates: ['2024-09-03', '2025-03-03'] }),
        plan({ startDate: '2025-01-15' }), // under 3 months: not counted
      ],
    })
    expect(f.CPP_Reviewed_InReqTimeScl).toEqual({ count: 1, of: 1 })
  })

  it('keeps the identity open at start + started - ended = open at end', () => {
    const f = figuresOf({
      plans: [
        plan({ startDate: '2023-01-01' }),
        plan({ startDate: '2023-01-01', endDate: '2024-05-01' }),
        plan({ startDate: '2024-05-01' }),
        plan({ startDate: '2024-05-01', endDate: '2025-03-31' }),
      ],
    })
    expect(f.CPP_OpenAtStart?.count).toBe(2)
    expect(f.ReRegCPR_Denominator?.count).toBe(2)
    expect(f.DeRegCPR?.count).toBe(2)
    expect(f.CPP_Num?.count).toBe(2)
  })
})
