import * as r from '../../../../src/modules/census/rules/cin-plans.js'
import type { CinPlan } from '../../../../src/modules/census/model.js'
import { child, episode, protectionPlan } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const withPlans = (cinPlans: CinPlan[], parts: Parameters<typeof episode>[0] = {}) =>
  child({ episodes: [episode({ cinPlans, ...parts })] })
const plan = (startDate: string | undefined, endDate?: string): CinPlan => ({ startDate, endDate })
const died = (cinPlans: CinPlan[]) =>
  child({ identifiers: { personDeathDate: '2024-09-01' }, episodes: [episode({ cinPlans })] })

export const cinPlanCases: ChildRuleCase[] = [
  passes(r.rule4000, 'accepts a CIN plan after further action', withPlans([plan('2024-06-10')])),
  fires(
    r.rule4000,
    'rejects a CIN plan on an NFA referral (flag True)',
    withPlans([plan('2024-06-10')], { referralNfa: 'True', assessments: [] }),
  ),
  passes(
    r.rule4001,
    'accepts an open CIN plan after a protection plan ended',
    withPlans([plan('2024-09-01')], {
      childProtectionPlans: [protectionPlan({ endDate: '2024-09-01' })],
    }),
  ),
  fires(
    r.rule4001,
    'rejects an open CIN plan beside an open protection plan',
    withPlans([plan('2024-06-10')], { childProtectionPlans: [protectionPlan()] }),
  ),
  passes(
    r.rule4003,
    'accepts reviews outside the CIN plan',
    withPlans([plan('2024-09-01')], {
      childProtectionPlans: [
        protectionPlan({ endDate: '2024-09-01', reviewDates: ['2024-08-14', '2024-09-01'] }),
      ],
    }),
  ),
  fires(
    r.rule4003,
    'rejects the second of several reviews falling in an open CIN plan',
    withPlans([plan('2024-09-01')], {
      childProtectionPlans: [
        protectionPlan({ endDate: '2024-12-01', reviewDates: ['2024-08-14', '2024-10-14'] }),
      ],
    }),
  ),
  passes(
    r.rule4004,
    'accepts one open plan',
    withPlans([plan('2024-06-10', '2024-07-01'), plan('2024-07-02')]),
  ),
  fires(r.rule4004, 'rejects two open plans', withPlans([plan('2024-06-10'), plan('2024-07-02')])),
  passes(
    r.rule4008,
    'accepts a plan starting on the day of death',
    died([plan('2024-09-01', '2024-09-01')]),
  ),
  fires(
    r.rule4008,
    'rejects a plan starting after death',
    died([plan('2024-09-02', '2024-09-03')]),
  ),
  passes(
    r.rule4009Q,
    'accepts a plan ending on the day of death',
    died([plan('2024-06-10', '2024-09-01')]),
  ),
  fires(r.rule4009Q, 'queries a plan ending after death', died([plan('2024-06-10', '2024-09-02')])),
  fires(
    r.rule4009Q,
    'queries a plan still open after death (the reference misses it)',
    died([plan('2024-06-10')]),
  ),
  passes(
    r.rule4010,
    'accepts a start on the last day of the year',
    withPlans([plan('2025-03-31')]),
  ),
  fires(r.rule4010, 'rejects a missing start', withPlans([plan(undefined, '2024-07-01')])),
  fires(r.rule4010, 'rejects a start after the year', withPlans([plan('2025-04-01')])),
  passes(
    r.rule4011,
    'accepts an end on the start day',
    withPlans([plan('2024-06-10', '2024-06-10')]),
  ),
  fires(
    r.rule4011,
    'rejects an end before the start',
    withPlans([plan('2024-06-10', '2024-06-09')]),
  ),
  passes(r.rule4012Q, 'accepts a plan of two days', withPlans([plan('2024-06-10', '2024-06-11')])),
  fires(r.rule4012Q, 'queries a plan of one day', withPlans([plan('2024-06-10', '2024-06-10')])),
  passes(r.rule4013, 'accepts an end on 31 March', withPlans([plan('2024-06-10', '2025-03-31')])),
  fires(r.rule4013, 'rejects an end after the year', withPlans([plan('2024-06-10', '2025-04-01')])),
  passes(
    r.rule4014,
    'accepts a plan starting the day after another ends',
    withPlans([plan('2024-06-10', '2024-07-01'), plan('2024-07-02')]),
  ),
  fires(
    r.rule4014,
    'rejects a plan starting the day another ends',
    withPlans([plan('2024-06-10', '2024-07-01'), plan('2024-07-01')]),
  ),
  passes(
    r.rule4015,
    'accepts a plan starting on the referral day',
    withPlans([plan('2024-05-01')]),
  ),
  fires(r.rule4015, 'rejects a plan starting before the referral', withPlans([plan('2024-04-30')])),
  passes(
    r.rule4016,
    'accepts a CIN plan starting the day the protection plan ends',
    withPlans([plan('2024-09-01')], {
      childProtectionPlans: [protectionPlan({ endDate: '2024-09-01' })],
    }),
  ),
  fires(
    r.rule4016,
    'rejects a CIN plan starting during a protection plan',
    withPlans([plan('2024-08-31')], {
      childProtectionPlans: [protectionPlan({ endDate: '2024-09-01' })],
    }),
  ),
  passes(
    r.rule4017,
    'accepts a protection plan starting the day the CIN plan ends',
    withPlans([plan('2024-05-10', '2024-05-22')], { childProtectionPlans: [protectionPlan()] }),
  ),
  fires(
    r.rule4017,
    'rejects a protection plan starting during a CIN plan',
    withPlans([plan('2024-05-10', '2024-05-23')], { childProtectionPlans: [protectionPlan()] }),
  ),
]
