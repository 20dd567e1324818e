import type { ChildIdentifiers } from '../../../../src/modules/census/model.js'
import * as r from '../../../../src/modules/census/rules/child-identifiers.js'
import { child, episode, PERMANENT_UPN, TEMPORARY_UPN } from '../helpers.js'
import { fires, passes, type ChildRuleCase } from './cases.js'

const ids = (identifiers: Partial<ChildIdentifiers>) => child({ identifiers })

export const identifierCases: ChildRuleCase[] = [
  passes(r.rule1510, 'accepts a UPN with the right check letter', ids({ upn: PERMANENT_UPN })),
  fires(r.rule1510, 'rejects a UPN with the wrong check letter', ids({ upn: 'A201123456789' })),
  passes(
    r.rule1510,
    'accepts a temporary UPN with the right check letter',
    ids({ upn: TEMPORARY_UPN }),
  ),
  fires(
    r.rule1510,
    'checks temporary UPNs too (the reference skips them)',
    ids({ upn: 'A20112345678A' }),
  ),
  passes(r.rule1530, 'accepts LA code 201', ids({ upn: PERMANENT_UPN })),
  fires(r.rule1530, 'rejects LA code 999', ids({ upn: 'A999123456789' })),
  passes(r.rule1530, 'accepts 942 (Cumberland) from 2023-24', ids({ upn: 'A942123456789' })),
  fires(r.rule1530For2022, 'rejects 942 in 2022-23', ids({ upn: 'A942123456789' })),
  passes(r.rule1530For2022, 'accepts 941 in 2022-23', ids({ upn: 'A941123456789' })),
  passes(r.rule1540, 'accepts digits in 5 to 12', ids({ upn: PERMANENT_UPN })),
  fires(r.rule1540, 'rejects a letter in 5 to 12', ids({ upn: 'P2011234X6789' })),
  passes(r.rule1550, 'accepts a temporary UPN ending in a letter', ids({ upn: TEMPORARY_UPN })),
  fires(r.rule1550, 'rejects I as the 13th character', ids({ upn: 'M20112345678I' })),
  passes(r.rule1560Q, 'accepts a temporary former UPN', ids({ formerUpn: TEMPORARY_UPN })),
  fires(r.rule1560Q, 'queries a former UPN of the wrong length', ids({ formerUpn: 'A12345' })),
  passes(r.rule1570, 'accepts 20 characters', ids({ laChildId: 'A'.repeat(20) })),
  fires(r.rule1570, 'rejects 21 characters', ids({ laChildId: 'A'.repeat(21) })),
  passes(r.rule1580, 'accepts letters and digits', ids({ laChildId: 'Child123' })),
  fires(r.rule1580, 'rejects an underscore', ids({ laChildId: 'child_1' })),
  passes(r.rule4180, 'accepts Sex M', ids({ sexElement: 'M' })),
  fires(
    r.rule4180,
    'rejects a missing Sex (GenderCurrent only)',
    ids({ sexElement: undefined, genderCurrent: '1' }),
  ),
  fires(r.rule4180, 'rejects Sex 1', ids({ sexElement: '1' })),
  passes(
    r.rule4180BeforeSex,
    'accepts GenderCurrent 9 before 2024-25',
    ids({ genderCurrent: '9' }),
  ),
  fires(
    r.rule4180BeforeSex,
    'rejects a missing GenderCurrent before 2024-25',
    ids({ genderCurrent: undefined }),
  ),
  passes(r.rule4220, 'accepts WBRI', child({ ethnicity: 'WBRI' })),
  fires(r.rule4220, 'rejects a missing ethnicity', child({ ethnicity: undefined })),
  fires(r.rule4220, 'rejects an unknown ethnicity', child({ ethnicity: 'XXXX' })),
  passes(r.rule8500, 'accepts a child ID', ids({ laChildId: 'C1' })),
  fires(r.rule8500, 'rejects an empty child ID', ids({ laChildId: undefined })),
  passes(
    r.rule8520,
    'accepts birth on the last day of the year',
    ids({ personBirthDate: '2025-03-31' }),
  ),
  fires(r.rule8520, 'rejects birth after the year', ids({ personBirthDate: '2025-04-01' })),
  passes(r.rule8525Q, 'accepts a date of birth alone', ids({ personBirthDate: '2015-06-01' })),
  fires(r.rule8525Q, 'queries both dates', ids({ expectedPersonBirthDate: '2025-05-01' })),
  fires(r.rule8525Q, 'queries neither date', ids({ personBirthDate: undefined })),
  passes(
    r.rule8530Q,
    'accepts exactly ReferenceDate minus 30 days',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-03-01' }),
  ),
  passes(
    r.rule8530Q,
    'accepts exactly ReferenceDate plus 9 months',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-12-31' }),
  ),
  fires(
    r.rule8530Q,
    'queries 31 days before',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-02-28' }),
  ),
  fires(
    r.rule8530Q,
    'queries after 9 months',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2026-01-01' }),
  ),
  passes(r.rule8535Q, 'accepts death after birth', ids({ personDeathDate: '2024-06-01' })),
  fires(r.rule8535Q, 'queries death before birth', ids({ personDeathDate: '2015-05-31' })),
  passes(r.rule8540, 'accepts NONE', child({ disabilities: ['NONE'] })),
  fires(
    r.rule8540,
    'rejects no disability for a child referred for further action',
    child({ disabilities: [] }),
  ),
  fires(r.rule8540, 'rejects an unknown disability', child({ disabilities: ['XYZ'] })),
  passes(
    r.rule8540,
    'does not apply to a referral with no further action',
    child({ disabilities: [], episodes: [episode({ referralNfa: 'TRUE', assessments: [] })] }),
  ),
  passes(
    r.rule8545Q,
    'accepts death on the first day of the year',
    ids({ personDeathDate: '2024-04-01' }),
  ),
  fires(
    r.rule8545Q,
    'queries death the day before the year',
    ids({ personDeathDate: '2024-03-31' }),
  ),
  passes(r.rule8590, 'accepts a child with an episode', child()),
  fires(r.rule8590, 'rejects a child with no episode', child({ episodes: [] })),
  passes(
    r.rule8750,
    'accepts an unborn child with Sex U',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-05-01', sexElement: 'U' }),
  ),
  fires(
    r.rule8750,
    'rejects an unborn child with Sex F',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-05-01', sexElement: 'F' }),
  ),
  passes(
    r.rule8750BeforeSex,
    'accepts an unborn child with GenderCurrent 0',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-05-01', genderCurrent: '0' }),
  ),
  fires(
    r.rule8750BeforeSex,
    'rejects an unborn child with GenderCurrent 2',
    ids({ personBirthDate: undefined, expectedPersonBirthDate: '2025-05-01', genderCurrent: '2' }),
  ),
  passes(
    r.rule8770Q,
    'accepts a school-age child with a UPN',
    ids({ personBirthDate: '2019-08-31' }),
  ),
  fires(
    r.rule8770Q,
    'queries a child born 31 August six years before with no UPN',
    ids({ personBirthDate: '2019-08-31', upn: undefined }),
  ),
  passes(
    r.rule8770Q,
    'does not apply to a child born 1 September',
    ids({ personBirthDate: '2019-09-01', upn: undefined }),
  ),
  passes(
    r.rule8770Q,
    'accepts a reason UN3 (lower case allowed)',
    ids({ personBirthDate: '2015-01-01', upn: undefined, upnUnknown: 'un3' }),
  ),
  fires(
    r.rule8770Q,
    'queries reason UN1',
    ids({ personBirthDate: '2015-01-01', upn: undefined, upnUnknown: 'UN1' }),
  ),
  fires(
    r.rule8770QBeforeSchoolAge,
    'queries a six-year-old with no UPN before 2024-25',
    ids({ personBirthDate: '2019-03-31', upn: undefined }),
  ),
  passes(
    r.rule8770QBeforeSchoolAge,
    'does not apply to a child under six before 2024-25',
    ids({ personBirthDate: '2019-04-01', upn: undefined }),
  ),
  passes(
    r.rule8772,
    'accepts UN7 when every referral was NFA',
    child({
      identifiers: { upnUnknown: 'UN7' },
      episodes: [episode({ referralNfa: 'true', assessments: [] })],
    }),
  ),
  fires(r.rule8772, 'rejects UN7 with a referral for further action', ids({ upnUnknown: 'UN7' })),
  passes(r.rule8775Q, 'accepts a child of 24', ids({ personBirthDate: '2000-06-01' })),
  fires(
    r.rule8775Q,
    'queries an open case of someone over 25',
    ids({ personBirthDate: '1999-01-01' }),
  ),
  passes(
    r.rule8775Q,
    'accepts a case closed before the 25th birthday',
    child({
      identifiers: { personBirthDate: '1999-06-01' },
      episodes: [episode({ closureDate: '2024-05-30', reasonForClosure: 'RC7' })],
    }),
  ),
  passes(r.rule8790, 'accepts NONE alone', child({ disabilities: ['NONE'] })),
  fires(r.rule8790, 'rejects NONE with another code', child({ disabilities: ['NONE', 'VIS'] })),
  fires(r.rule8790, 'treats none in lower case as NONE', child({ disabilities: ['none', 'VIS'] })),
  passes(r.rule8794, 'accepts different codes', child({ disabilities: ['VIS', 'HEAR'] })),
  fires(r.rule8794, 'rejects the same code twice', child({ disabilities: ['VIS', 'VIS'] })),
]
