import * as r from '../../../../src/modules/census/rules/episodes.js'
import { assessment, child, contextFor, episode, protectionPlan, section47 } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const one = (parts: Parameters<typeof episode>[0]) => child({ episodes: [episode(parts)] })
const closed = { closureDate: '2024-07-01', reasonForClosure: 'RC7' }
const nfa = { referralNfa: 'true', assessments: [] }
// The 2024-25 year starts on Easter Monday 1 April 2024, after Good Friday 29 March.
const EASTER_2024 = contextFor('2025-03-31')

export const episodeCases: ChildRuleCase[] = [
  passes(
    r.rule8555Q,
    'accepts a referral on the day of death',
    child({ identifiers: { personDeathDate: '2024-05-01' } }),
  ),
  fires(
    r.rule8555Q,
    'queries a referral after death',
    child({ identifiers: { personDeathDate: '2024-04-30' } }),
  ),
  passes(
    r.rule8565,
    'accepts activity on the closure day',
    one({ closureDate: '2024-06-10', reasonForClosure: 'RC7' }),
  ),
  fires(
    r.rule8565,
    'rejects an assessment completed after closure',
    one({ closureDate: '2024-06-09', reasonForClosure: 'RC7' }),
  ),
  fires(
    r.rule8565,
    'rejects a protection plan ending after closure',
    one({ ...closed, childProtectionPlans: [protectionPlan({ endDate: '2024-07-02' })] }),
  ),
  fires(
    r.rule8565,
    'rejects a CIN plan ending after closure',
    one({ ...closed, cinPlans: [{ startDate: '2024-06-11', endDate: '2024-07-05' }] }),
  ),
  passes(r.rule8568, 'accepts TRUE in capitals', one({ referralNfa: 'TRUE' })),
  fires(r.rule8568, 'rejects a missing flag', one({ referralNfa: undefined })),
  fires(r.rule8568, 'rejects yes', one({ referralNfa: 'yes' })),
  fires(
    r.rule8569Q,
    'queries an NFA referral before the working day before the year',
    one({ ...nfa, referralDate: '2024-03-27' }),
    EASTER_2024,
  ),
  passes(
    r.rule8569Q,
    'accepts an NFA referral on Thursday 28 March 2024, the working day before Easter',
    one({ ...nfa, referralDate: '2024-03-28' }),
    EASTER_2024,
  ),
  passes(
    r.rule8569Q,
    'accepts an NFA referral on Easter Monday, the first day of the year',
    one({ ...nfa, referralDate: '2024-04-01' }),
    EASTER_2024,
  ),
  passes(
    r.rule8569Q,
    'does not apply when the referral led to further action',
    one({ referralDate: '2024-01-10' }),
    EASTER_2024,
  ),
  passes(
    r.rule8585Q,
    'accepts RC2 with a date of death',
    child({
      identifiers: { personDeathDate: '2024-06-30' },
      episodes: [episode({ closureDate: '2024-07-01', reasonForClosure: 'RC2' })],
    }),
  ),
  fires(
    r.rule8585Q,
    'queries RC2 with no date of death',
    one({ closureDate: '2024-07-01', reasonForClosure: 'RC2' }),
  ),
  passes(
    r.rule8600,
    'accepts a referral on the last day of the year',
    one({ referralDate: '2025-03-31', assessments: [] }),
  ),
  fires(
    r.rule8600,
    'rejects a referral after the year',
    one({ referralDate: '2025-04-01', assessments: [] }),
  ),
  fires(r.rule8600, 'rejects a missing referral date', one({ referralDate: undefined })),
  passes(
    r.rule8606,
    'accepts a referral 280 days before the expected birth',
    child({
      identifiers: { personBirthDate: undefined, expectedPersonBirthDate: '2025-02-05' },
      episodes: [episode({ referralDate: '2024-05-01' })],
    }),
  ),
  fires(
    r.rule8606,
    'rejects a referral 281 days before the expected birth',
    child({
      identifiers: { personBirthDate: undefined, expectedPersonBirthDate: '2025-02-06' },
      episodes: [episode({ referralDate: '2024-05-01' })],
    }),
  ),
  passes(r.rule8610, 'accepts a primary need on a further-action referral', one({})),
  fires(
    r.rule8610,
    'rejects a missing primary need when the flag is FALSE',
    one({ referralNfa: 'FALSE', primaryNeedCode: undefined }),
  ),
  passes(
    r.rule8610,
    'does not apply to an NFA referral',
    one({ ...nfa, primaryNeedCode: undefined }),
  ),
  passes(
    r.rule8620,
    'accepts closure on 1 April, the first day of the year',
    one({
      referralDate: '2024-04-01',
      assessments: [],
      closureDate: '2024-04-01',
      reasonForClosure: 'RC7',
    }),
  ),
  passes(
    r.rule8620,
    'accepts closure on 31 March, the last day',
    one({ closureDate: '2025-03-31', reasonForClosure: 'RC7' }),
  ),
  fires(
    r.rule8620,
    'rejects closure on 31 March of the year before',
    one({
      referralDate: '2024-03-01',
      assessments: [],
      closureDate: '2024-03-31',
      reasonForClosure: 'RC7',
    }),
  ),
  passes(
    r.rule8630,
    'accepts closure on the referral day',
    one({ assessments: [], closureDate: '2024-05-01', reasonForClosure: 'RC7' }),
  ),
  fires(
    r.rule8630,
    'rejects closure before referral',
    one({ assessments: [], closureDate: '2024-04-30', reasonForClosure: 'RC7' }),
  ),
  passes(r.rule8640, 'accepts RC9', one({ ...closed, reasonForClosure: 'RC9' })),
  fires(r.rule8640, 'rejects RC10', one({ ...closed, reasonForClosure: 'RC10' })),
  passes(r.rule8650, 'accepts N0', one({ primaryNeedCode: 'N0' })),
  fires(r.rule8650, 'rejects N10', one({ primaryNeedCode: 'N10' })),
  passes(r.rule8805, 'accepts closure with a reason', one(closed)),
  fires(r.rule8805, 'rejects closure with no reason', one({ closureDate: '2024-07-01' })),
  passes(r.rule8810, 'accepts an open case with no reason', one({})),
  fires(r.rule8810, 'rejects a reason with no closure date', one({ reasonForClosure: 'RC7' })),
  passes(
    r.rule8815,
    'accepts one open episode after a closed one',
    child({ episodes: [episode(closed), episode({ referralDate: '2024-08-01' })] }),
  ),
  fires(
    r.rule8815,
    'rejects two open further-action episodes',
    child({ episodes: [episode(), episode({ referralDate: '2024-08-01' })] }),
  ),
  passes(
    r.rule8815,
    'allows an open NFA referral beside an open episode',
    child({ episodes: [episode(), episode({ ...nfa, referralDate: '2024-08-01' })] }),
  ),
  passes(
    r.rule8816,
    'accepts an open latest episode',
    child({ episodes: [episode(closed), episode({ referralDate: '2024-08-01' })] }),
  ),
  fires(
    r.rule8816,
    'rejects an open episode that is not the latest',
    child({
      episodes: [
        episode(),
        episode({ ...closed, referralDate: '2024-06-01', closureDate: '2024-06-20' }),
      ],
    }),
  ),
  passes(
    r.rule8820,
    'accepts an episode starting the day the previous one closed',
    child({ episodes: [episode(closed), episode({ referralDate: '2024-07-01' })] }),
  ),
  fires(
    r.rule8820,
    'rejects an episode starting before the previous one closed',
    child({ episodes: [episode(closed), episode({ referralDate: '2024-06-30' })] }),
  ),
  passes(
    r.rule8825Q,
    'accepts RC8 after an assessment',
    one({ ...closed, reasonForClosure: 'RC8' }),
  ),
  fires(
    r.rule8825Q,
    'queries RC8 with no assessment',
    one({ ...closed, reasonForClosure: 'RC8', assessments: [] }),
  ),
  passes(r.rule8831, 'accepts an NFA referral with no activity', one(nfa)),
  fires(
    r.rule8831,
    'rejects an assessment on an NFA referral (flag TRUE)',
    one({ referralNfa: 'TRUE' }),
  ),
  fires(
    r.rule8831,
    'rejects a conference date on an NFA referral (flag 1)',
    one({ ...nfa, referralNfa: '1', dateOfInitialCpc: '2024-05-20' }),
  ),
  passes(r.rule8866, 'accepts source 5D', one({ referralSource: '5D' })),
  fires(r.rule8866, 'rejects a missing source', one({ referralSource: undefined })),
  passes(r.rule8867, 'accepts a closed episode with a completed assessment', one(closed)),
  fires(
    r.rule8867,
    'rejects a closed episode with an open assessment',
    one({
      ...closed,
      assessments: [assessment({ authorisationDate: undefined, factors: undefined })],
    }),
  ),
  passes(
    r.rule8868,
    'accepts a closed episode whose enquiry held a conference',
    one({ ...closed, section47s: [section47()] }),
  ),
  passes(
    r.rule8868,
    'accepts ICPCnotRequired TRUE with no conference',
    one({
      ...closed,
      section47s: [section47({ dateOfInitialCpc: undefined, icpcNotRequired: 'TRUE' })],
    }),
  ),
  fires(
    r.rule8868,
    'rejects an enquiry with neither',
    one({ ...closed, section47s: [section47({ dateOfInitialCpc: undefined })] }),
  ),
  passes(
    r.rule2990,
    'accepts RC8 with only an assessment',
    one({ ...closed, reasonForClosure: 'RC8' }),
  ),
  fires(
    r.rule2990,
    'rejects RC9 with a Section 47',
    one({ ...closed, reasonForClosure: 'RC9', section47s: [section47()] }),
  ),
  passes(
    r.rule2991Q,
    'accepts a Section 47 after an assessment',
    one({ section47s: [section47()] }),
  ),
  fires(
    r.rule2991Q,
    'queries a Section 47 with no assessment',
    one({ assessments: [], section47s: [section47()] }),
  ),
]
