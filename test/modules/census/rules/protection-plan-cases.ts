import * as r from '../../../../src/modules/census/rules/protection-plans.js'
import type { ChildProtectionPlan } from '../../../../src/modules/census/model.js'
import { child, episode, protectionPlan, section47 } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const withPlans = (plans: ChildProtectionPlan[], parts: Parameters<typeof episode>[0] = {}) =>
  child({
    episodes: [episode({ childProtectionPlans: plans, section47s: [section47()], ...parts })],
  })
const died = (plans: ChildProtectionPlan[]) =>
  child({
    identifiers: { personDeathDate: '2024-09-01' },
    episodes: [episode({ childProtectionPlans: plans, section47s: [section47()] })],
  })

export const protectionPlanCases: ChildRuleCase[] = [
  passes(
    r.rule1105,
    'accepts a plan starting on the referral day',
    withPlans([protectionPlan({ startDate: '2024-05-01' })]),
  ),
  fires(
    r.rule1105,
    'rejects a plan starting before the referral',
    withPlans([protectionPlan({ startDate: '2024-04-30' })]),
  ),
  passes(
    r.rule2885,
    'accepts a plan starting on the day of the Section 47 conference',
    withPlans([protectionPlan()]),
  ),
  fires(
    r.rule2885,
    'rejects a plan starting on another day',
    withPlans([protectionPlan({ startDate: '2024-05-23' })]),
  ),
  passes(
    r.rule2885,
    'uses the episode conference when there is no Section 47',
    withPlans([protectionPlan()], { section47s: [], dateOfInitialCpc: '2024-05-22' }),
  ),
  passes(
    r.rule8720,
    'accepts a start on 31 March',
    withPlans([protectionPlan({ startDate: '2025-03-31', reviewDates: [] })]),
  ),
  fires(
    r.rule8720,
    'rejects a missing start',
    withPlans([protectionPlan({ startDate: undefined })]),
  ),
  passes(
    r.rule8730,
    'accepts 0 previous plans',
    withPlans([protectionPlan({ numberOfPreviousCpp: '0' })]),
  ),
  fires(
    r.rule8730,
    'rejects a missing number',
    withPlans([protectionPlan({ numberOfPreviousCpp: undefined })]),
  ),
  passes(r.rule8832, 'accepts a plan after further action', withPlans([protectionPlan()])),
  fires(
    r.rule8832,
    'rejects a plan on an NFA referral (flag TRUE)',
    withPlans([protectionPlan()], { referralNfa: 'TRUE' }),
  ),
  passes(
    r.rule8840,
    'accepts a plan ending the next day',
    withPlans([protectionPlan({ endDate: '2024-05-23', reviewDates: [] })]),
  ),
  fires(
    r.rule8840,
    'rejects a plan ending on its start day',
    withPlans([protectionPlan({ endDate: '2024-05-22', reviewDates: [] })]),
  ),
  passes(
    r.rule8841,
    'accepts several reviews after the start',
    withPlans([protectionPlan({ reviewDates: ['2024-05-23', '2024-08-14', '2025-02-10'] })]),
  ),
  fires(
    r.rule8841,
    'rejects the third of several reviews on the start day',
    withPlans([protectionPlan({ reviewDates: ['2024-08-14', '2025-02-10', '2024-05-22'] })]),
  ),
  passes(r.rule8842Q, 'accepts dated reviews', withPlans([protectionPlan()])),
  fires(
    r.rule8842Q,
    'queries a review with no date among dated ones',
    withPlans([protectionPlan({ reviewDates: ['2024-08-14', undefined] })]),
  ),
  passes(r.rule8905, 'accepts MUL', withPlans([protectionPlan({ initialCategoryOfAbuse: 'MUL' })])),
  fires(
    r.rule8905,
    'rejects a missing category',
    withPlans([protectionPlan({ initialCategoryOfAbuse: undefined })]),
  ),
  passes(r.rule8910, 'accepts EMO', withPlans([protectionPlan({ latestCategoryOfAbuse: 'EMO' })])),
  fires(
    r.rule8910,
    'rejects neg in lower case',
    withPlans([protectionPlan({ latestCategoryOfAbuse: 'neg' })]),
  ),
  passes(
    r.rule8915,
    'accepts a plan starting on the day of death',
    died([protectionPlan({ startDate: '2024-09-01', endDate: '2024-09-01' })]),
  ),
  fires(
    r.rule8915,
    'rejects a plan starting after death',
    died([protectionPlan({ startDate: '2024-09-02', endDate: '2024-09-03' })]),
  ),
  passes(
    r.rule8920,
    'accepts a plan ending on the day of death',
    died([protectionPlan({ endDate: '2024-09-01' })]),
  ),
  fires(
    r.rule8920,
    'rejects a plan ending after death',
    died([protectionPlan({ endDate: '2024-09-02' })]),
  ),
  fires(
    r.rule8920,
    'rejects a plan still open after death (the reference misses it)',
    died([protectionPlan()]),
  ),
  passes(
    r.rule8925,
    'accepts an end after the start',
    withPlans([protectionPlan({ endDate: '2024-09-01' })]),
  ),
  fires(
    r.rule8925,
    'rejects an end before the start',
    withPlans([protectionPlan({ endDate: '2024-05-21', reviewDates: [] })]),
  ),
  passes(
    r.rule8930,
    'accepts an end on 1 April',
    withPlans([
      protectionPlan({ startDate: '2024-01-10', endDate: '2024-04-01', reviewDates: [] }),
    ]),
  ),
  fires(
    r.rule8930,
    'rejects an end on 31 March of the year before',
    withPlans([
      protectionPlan({ startDate: '2024-01-10', endDate: '2024-03-31', reviewDates: [] }),
    ]),
  ),
  passes(
    r.rule8935,
    'accepts one open plan',
    withPlans([
      protectionPlan({ endDate: '2024-05-30' }),
      protectionPlan({ startDate: '2024-06-03' }),
    ]),
  ),
  fires(
    r.rule8935,
    'rejects two open plans in one episode (the reference misses them)',
    withPlans([protectionPlan(), protectionPlan({ startDate: '2024-06-03' })]),
  ),
  passes(
    r.rule8940,
    'accepts a plan starting the day after another ends',
    withPlans([
      protectionPlan({ endDate: '2024-06-02' }),
      protectionPlan({ startDate: '2024-06-03' }),
    ]),
  ),
  fires(
    r.rule8940,
    'rejects a plan starting on the day another ends',
    withPlans([
      protectionPlan({ endDate: '2024-06-03' }),
      protectionPlan({ startDate: '2024-06-03' }),
    ]),
  ),
  fires(
    r.rule8940,
    'compares the first plans of two episodes (the reference does not)',
    child({
      episodes: [
        episode({ childProtectionPlans: [protectionPlan()] }),
        episode({
          referralDate: '2024-06-01',
          childProtectionPlans: [protectionPlan({ startDate: '2024-06-05' })],
        }),
      ],
    }),
  ),
]
