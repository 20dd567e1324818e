import * as r from '../../../../src/modules/census/rules/section47.js'
import type { Section47 } from '../../../../src/modules/census/model.js'
import { child, contextFor, episode, section47 } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const withEnquiries = (section47s: Section47[], parts: Parameters<typeof episode>[0] = {}) =>
  child({ episodes: [episode({ section47s, ...parts })] })
const awaiting = (startDate: string, icpcNotRequired = 'false') =>
  withEnquiries([section47({ startDate, dateOfInitialCpc: undefined, icpcNotRequired })])
const EASTER_2024 = contextFor('2024-03-31')

export const section47Cases: ChildRuleCase[] = [
  passes(
    r.rule1104,
    'accepts a conference on the referral day',
    withEnquiries([section47({ startDate: '2024-05-01', dateOfInitialCpc: '2024-05-01' })]),
  ),
  fires(
    r.rule1104,
    'rejects a conference before the referral',
    withEnquiries([section47({ startDate: '2024-04-20', dateOfInitialCpc: '2024-04-30' })]),
  ),
  passes(
    r.rule2884,
    'accepts a conference recorded on the Section 47 only',
    withEnquiries([section47()]),
  ),
  fires(
    r.rule2884,
    'rejects the same conference at both levels',
    withEnquiries([section47()], { dateOfInitialCpc: '2024-05-22' }),
  ),
  passes(
    r.rule2889,
    'accepts an enquiry starting on the referral day',
    withEnquiries([section47({ startDate: '2024-05-01' })]),
  ),
  fires(
    r.rule2889,
    'rejects an enquiry starting before the referral',
    withEnquiries([section47({ startDate: '2024-04-30' })]),
  ),
  passes(
    r.rule8615,
    'accepts a conference on the start day',
    withEnquiries([section47({ dateOfInitialCpc: '2024-05-03' })]),
  ),
  fires(
    r.rule8615,
    'rejects a conference before the start',
    withEnquiries([section47({ dateOfInitialCpc: '2024-05-02' })]),
  ),
  fires(
    r.rule8615,
    'rejects a conference with no start',
    withEnquiries([section47({ startDate: undefined })]),
  ),
  // Counting Monday 31 March 2025 as working day 1, the 15th is Tuesday 11 March.
  passes(
    r.rule8675Q,
    'accepts an enquiry started on the 15th working day back',
    awaiting('2025-03-11'),
  ),
  fires(r.rule8675Q, 'queries one started the working day before', awaiting('2025-03-10')),
  passes(
    r.rule8675Q,
    'does not apply when no conference is required',
    awaiting('2025-01-10', 'true'),
  ),
  passes(
    r.rule8675Q,
    'skips Good Friday: 15th working day back from Sunday 31 March 2024 is 11 March',
    awaiting('2024-03-11'),
    EASTER_2024,
  ),
  fires(r.rule8675Q, 'queries 8 March 2024', awaiting('2024-03-08'), EASTER_2024),
  passes(
    r.rule8715,
    'accepts a conference on 31 March',
    withEnquiries([section47({ startDate: '2025-03-20', dateOfInitialCpc: '2025-03-31' })]),
  ),
  fires(
    r.rule8715,
    'rejects a conference after the year',
    withEnquiries([section47({ startDate: '2025-03-20', dateOfInitialCpc: '2025-04-01' })]),
  ),
  passes(
    r.rule8740,
    'accepts an awaited conference on an enquiry started in the year',
    awaiting('2024-04-01'),
  ),
  fires(
    r.rule8740,
    'rejects one started the year before (flag false)',
    awaiting('2024-03-31', 'false'),
  ),
  fires(
    r.rule8740,
    'rejects one started the year before (flag FALSE)',
    awaiting('2024-03-31', 'FALSE'),
  ),
  fires(r.rule8740, 'rejects one started the year before (flag 0)', awaiting('2024-03-31', '0')),
  passes(r.rule8839, 'accepts one open enquiry', awaiting('2024-06-01')),
  fires(
    r.rule8839,
    'rejects two open enquiries',
    withEnquiries([
      section47({ dateOfInitialCpc: undefined }),
      section47({ startDate: '2024-06-01', dateOfInitialCpc: undefined }),
    ]),
  ),
  passes(
    r.rule8870Q,
    'accepts a target date on a bank holiday Monday',
    withEnquiries([section47({ icpcTargetDate: '2024-05-27' })]),
  ),
  fires(
    r.rule8870Q,
    'queries a target date on a Sunday',
    withEnquiries([section47({ icpcTargetDate: '2024-05-26' })]),
  ),
  passes(
    r.rule8875,
    'accepts a conference on a Friday',
    withEnquiries([section47({ dateOfInitialCpc: '2024-05-24' })]),
  ),
  fires(
    r.rule8875,
    'rejects a conference on a Saturday',
    withEnquiries([section47({ dateOfInitialCpc: '2024-05-25' })]),
  ),
  passes(
    r.rule8890,
    'accepts an enquiry starting after the last conference',
    withEnquiries([
      section47(),
      section47({ startDate: '2024-05-23', dateOfInitialCpc: '2024-06-05' }),
    ]),
  ),
  fires(
    r.rule8890,
    'rejects an enquiry starting on the day of another conference',
    withEnquiries([
      section47(),
      section47({ startDate: '2024-05-22', dateOfInitialCpc: '2024-06-05' }),
    ]),
  ),
]
