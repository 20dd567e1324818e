import * as r from '../../../../src/modules/census/rules/assessments.js'
import { assessment, child, contextFor, episode } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const withAssessments = (...assessments: ReturnType<typeof assessment>[]) =>
  child({ episodes: [episode({ assessments })] })
const open = (startDate: string) =>
  withAssessments(assessment({ startDate, authorisationDate: undefined, factors: undefined }))
// 31 March 2024 is a Sunday, between Good Friday and Easter Monday.
const EASTER_2024 = contextFor('2024-03-31')

export const assessmentCases: ChildRuleCase[] = [
  passes(
    r.rule1103,
    'accepts an assessment starting on the referral day',
    withAssessments(assessment({ startDate: '2024-05-01' })),
  ),
  fires(
    r.rule1103,
    'rejects an assessment starting before the referral',
    withAssessments(assessment({ startDate: '2024-04-30' })),
  ),
  passes(
    r.rule8608,
    'accepts completion on the start day',
    withAssessments(assessment({ authorisationDate: '2024-05-02' })),
  ),
  fires(
    r.rule8608,
    'rejects completion before the start',
    withAssessments(assessment({ authorisationDate: '2024-05-01' })),
  ),
  passes(r.rule8614, 'accepts factors on a completed assessment', withAssessments(assessment())),
  fires(
    r.rule8614,
    'rejects factors on an open assessment',
    withAssessments(assessment({ authorisationDate: undefined })),
  ),
  // Counting 31 March (Monday) as working day 1, the 45th is Tuesday 28 January 2025.
  passes(
    r.rule8670Q,
    'accepts an open assessment started on the 45th working day back',
    open('2025-01-28'),
  ),
  fires(r.rule8670Q, 'queries one started the working day before that', open('2025-01-27')),
  passes(
    r.rule8670Q,
    'accepts the 45th working day back over Easter 2024',
    open('2024-01-29'),
    EASTER_2024,
  ),
  fires(r.rule8670Q, 'queries the day before, over Easter 2024', open('2024-01-26'), EASTER_2024),
  passes(
    r.rule8696,
    'accepts completion on 1 April',
    withAssessments(assessment({ startDate: '2024-03-20', authorisationDate: '2024-04-01' })),
  ),
  fires(
    r.rule8696,
    'rejects completion on 31 March of the previous year',
    withAssessments(assessment({ startDate: '2024-03-20', authorisationDate: '2024-03-31' })),
  ),
  passes(r.rule8736, 'accepts an open assessment started in the year', open('2024-04-01')),
  fires(r.rule8736, 'rejects an open assessment started the year before', open('2024-03-31')),
  passes(
    r.rule8863Q,
    'accepts an assessment starting after another completed',
    withAssessments(
      assessment(),
      assessment({ startDate: '2024-06-11', authorisationDate: '2024-07-01' }),
    ),
  ),
  fires(
    r.rule8863Q,
    'queries an assessment starting while another is open',
    withAssessments(
      assessment({ authorisationDate: undefined, factors: undefined }),
      assessment({ startDate: '2024-06-11', authorisationDate: '2024-07-01' }),
    ),
  ),
  passes(r.rule8869, 'accepts 21 alone', withAssessments(assessment({ factors: ['21'] }))),
  fires(
    r.rule8869,
    'rejects 21 with another factor',
    withAssessments(assessment({ factors: ['21', '3A'] })),
  ),
  passes(
    r.rule8873Q,
    'accepts factor 21 and closure RC8',
    child({
      episodes: [
        episode({
          assessments: [assessment({ factors: ['21'] })],
          closureDate: '2024-06-20',
          reasonForClosure: 'RC8',
        }),
      ],
    }),
  ),
  fires(
    r.rule8873Q,
    'queries factor 21 and closure RC7',
    child({
      episodes: [
        episode({
          assessments: [assessment({ factors: ['21'] })],
          closureDate: '2024-06-20',
          reasonForClosure: 'RC7',
        }),
      ],
    }),
  ),
  passes(
    r.rule8873Q,
    'does not apply when there are two assessments',
    withAssessments(
      assessment({ factors: ['21'] }),
      assessment({ startDate: '2024-07-01', authorisationDate: '2024-07-20' }),
    ),
  ),
  passes(r.rule8896, 'accepts one open assessment', open('2024-06-01')),
  fires(
    r.rule8896,
    'rejects two open assessments',
    withAssessments(
      assessment({ authorisationDate: undefined, factors: undefined }),
      assessment({ startDate: '2024-06-01', authorisationDate: undefined, factors: undefined }),
    ),
  ),
  passes(r.rule8897Q, 'accepts a completed assessment with factors', withAssessments(assessment())),
  fires(
    r.rule8897Q,
    'queries a completed assessment with no factors',
    withAssessments(assessment({ factors: undefined })),
  ),
  passes(
    r.rule8897Q,
    'does not apply to one completed before the year',
    withAssessments(
      assessment({ startDate: '2024-03-01', authorisationDate: '2024-03-31', factors: undefined }),
    ),
  ),
  passes(
    r.rule8898,
    'accepts different factors',
    withAssessments(assessment({ factors: ['3A', '4B'] })),
  ),
  fires(
    r.rule8898,
    'rejects the same factor twice',
    withAssessments(assessment({ factors: ['3A', '3A'] })),
  ),
  passes(r.rule8945Q, 'accepts 18B', withAssessments(assessment({ factors: ['18B'] }))),
  fires(
    r.rule8945Q,
    'queries 18A among other factors',
    withAssessments(assessment({ factors: ['3A', '18A'] })),
  ),
  passes(r.rule8950Q, 'accepts 19C', withAssessments(assessment({ factors: ['19C'] }))),
  fires(
    r.rule8950Q,
    'queries 19a in lower case',
    withAssessments(assessment({ factors: ['19a'] })),
  ),
]
