/** Rules on CIN episodes (CINdetails): referral, closure, no further action, activity. */
import { PRIMARY_NEED_CODES, REASON_FOR_CLOSURE_CODES, REFERRAL_SOURCE_CODES } from '../codes.js'
import { parseYesNo, type CinEpisode } from '../model.js'
import { dayNumberOf, isAfter, isBefore, isOutside } from './dates.js'
import { previousWorkingDay } from './timescales.js'
import { childRule } from './types.js'

const isNoFurtherAction = (episode: CinEpisode) => parseYesNo(episode.referralNfa) === true
const isFurtherAction = (episode: CinEpisode) => parseYesNo(episode.referralNfa) === false
const isOpen = (episode: CinEpisode) => episode.closureDate === undefined
const isClosedAfterAssessment = (episode: CinEpisode) =>
  episode.reasonForClosure === 'RC8' || episode.reasonForClosure === 'RC9'

export const rule8555Q = childRule({
  code: '8555Q',
  message: 'Child cannot be referred after its recorded date of death',
  fields: ['PersonDeathDate', 'CINreferralDate'],
  check({ identifiers: { personDeathDate }, episodes }, _context, report) {
    for (const { referralDate } of episodes) {
      if (isAfter(referralDate, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, CINreferralDate: referralDate })
      }
    }
  },
})

/** Every dated event of an episode that must not come after its closure (rule 8565). */
function activityDates(episode: CinEpisode): [string, string | undefined][] {
  return [
    ['DateOfInitialCPC', episode.dateOfInitialCpc],
    ...episode.assessments.flatMap(a => [
      ['AssessmentActualStartDate', a.startDate] as [string, string | undefined],
      ['AssessmentAuthorisationDate', a.authorisationDate] as [string, string | undefined],
    ]),
    ...episode.section47s.flatMap(s => [
      ['S47ActualStartDate', s.startDate] as [string, string | undefined],
      ['DateOfInitialCPC', s.dateOfInitialCpc] as [string, string | undefined],
    ]),
    ...episode.childProtectionPlans.map(
      p => ['CPPendDate', p.endDate] as [string, string | undefined],
    ),
    ...episode.cinPlans.flatMap(p => [
      ['CINPlanStartDate', p.startDate] as [string, string | undefined],
      ['CINPlanEndDate', p.endDate] as [string, string | undefined],
    ]),
  ]
}

export const rule8565 = childRule({
  code: '8565',
  message: 'Activity shown after a case has been closed',
  fields: [
    'CINclosureDate',
    'DateOfInitialCPC',
    'AssessmentActualStartDate',
    'AssessmentAuthorisationDate',
    'S47ActualStartDate',
    'CPPendDate',
    'CINPlanStartDate',
    'CINPlanEndDate',
  ],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (episode.closureDate === undefined) continue
      const closure = episode.closureDate
      const late = activityDates(episode).find(([, date]) => isAfter(date, closure))
      if (late) report({ CINclosureDate: closure, [late[0]]: late[1] })
    }
  },
})

export const rule8568 = childRule({
  code: '8568',
  message: 'RNFA flag is missing or invalid',
  fields: ['ReferralNFA'],
  check({ episodes }, _context, report) {
    for (const { referralNfa } of episodes) {
      if (parseYesNo(referralNfa) === undefined) report({ ReferralNFA: referralNfa })
    }
  },
})

export const rule8569Q = childRule({
  code: '8569Q',
  message:
    'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
  fields: ['CINreferralDate', 'ReferralNFA'],
  check({ episodes }, { collectionStart, calendar }, report) {
    // The working day before 1 April: Thursday 28 March 2024 when Good Friday and Easter
    // Monday surround the start of the year.
    const cutOff = previousWorkingDay(collectionStart, calendar)
    for (const episode of episodes) {
      if (isNoFurtherAction(episode) && isBefore(episode.referralDate, cutOff)) {
        report({ CINreferralDate: episode.referralDate, ReferralNFA: episode.referralNfa })
      }
    }
  },
})

export const rule8585Q = childRule({
  code: '8585Q',
  message:
    'Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
  fields: ['ReasonForClosure', 'PersonDeathDate'],
  check({ identifiers: { personDeathDate }, episodes }, _context, report) {
    if (personDeathDate !== undefined) return
    for (const { reasonForClosure } of episodes) {
      if (reasonForClosure === 'RC2') {
        report({ ReasonForClosure: reasonForClosure, PersonDeathDate: undefined })
      }
    }
  },
})

export const rule8600 = childRule({
  code: '8600',
  message: 'Child referral date missing or after data collection period',
  fields: ['CINreferralDate'],
  check({ episodes }, { referenceDate }, report) {
    for (const { referralDate } of episodes) {
      if (referralDate === undefined || referralDate > referenceDate) {
        report({ CINreferralDate: referralDate })
      }
    }
  },
})

// 40 weeks of pregnancy.
const DAYS_BEFORE_BIRTH = 280

export const rule8606 = childRule({
  code: '8606',
  message: 'Child referral date is more than 40 weeks before DOB or expected DOB',
  fields: ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
  check({ identifiers, episodes }, _context, report) {
    const { personBirthDate, expectedPersonBirthDate } = identifiers
    const births = [personBirthDate, expectedPersonBirthDate].flatMap(date =>
      date === undefined ? [] : [dayNumberOf(date)],
    )
    if (births.length === 0) return
    const earliest = Math.max(...births) - DAYS_BEFORE_BIRTH
    for (const { referralDate } of episodes) {
      if (referralDate !== undefined && dayNumberOf(referralDate) < earliest) {
        report({
          CINreferralDate: referralDate,
          PersonBirthDate: personBirthDate,
          ExpectedPersonBirthDate: expectedPersonBirthDate,
        })
      }
    }
  },
})

export const rule8610 = childRule({
  code: '8610',
  message: 'Primary Need code is missing for a referral which led to further action.',
  fields: ['ReferralNFA', 'PrimaryNeedCode'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (isFurtherAction(episode) && episode.primaryNeedCode === undefined) {
        report({ ReferralNFA: episode.referralNfa, PrimaryNeedCode: undefined })
      }
    }
  },
})

export const rule8620 = childRule({
  code: '8620',
  message: 'CIN Closure Date present and does not fall within the Census year',
  fields: ['CINclosureDate'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const { closureDate } of episodes) {
      if (isOutside(closureDate, collectionStart, referenceDate)) {
        report({ CINclosureDate: closureDate })
      }
    }
  },
})

export const rule8630 = childRule({
  code: '8630',
  message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
  fields: ['CINreferralDate', 'CINclosureDate'],
  check({ episodes }, _context, report) {
    for (const { referralDate, closureDate } of episodes) {
      if (isBefore(closureDate, referralDate)) {
        report({ CINreferralDate: referralDate, CINclosureDate: closureDate })
      }
    }
  },
})

export const rule8640 = childRule({
  code: '8640',
  message:
    'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
  fields: ['ReasonForClosure'],
  check({ episodes }, _context, report) {
    for (const { reasonForClosure } of episodes) {
      if (reasonForClosure !== undefined && !REASON_FOR_CLOSURE_CODES.has(reasonForClosure)) {
        report({ ReasonForClosure: reasonForClosure })
      }
    }
  },
})

export const rule8650 = childRule({
  code: '8650',
  message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
  fields: ['PrimaryNeedCode'],
  check({ episodes }, _context, report) {
    for (const { primaryNeedCode } of episodes) {
      if (primaryNeedCode !== undefined && !PRIMARY_NEED_CODES.has(primaryNeedCode)) {
        report({ PrimaryNeedCode: primaryNeedCode })
      }
    }
  },
})

export const rule8805 = childRule({
  code: '8805',
  message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
  fields: ['CINclosureDate', 'ReasonForClosure'],
  check({ episodes }, _context, report) {
    for (const { closureDate, reasonForClosure } of episodes) {
      if (closureDate !== undefined && reasonForClosure === undefined) {
        report({ CINclosureDate: closureDate, ReasonForClosure: undefined })
      }
    }
  },
})

export const rule8810 = childRule({
  code: '8810',
  message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
  fields: ['ReasonForClosure', 'CINclosureDate'],
  check({ episodes }, _context, report) {
    for (const { closureDate, reasonForClosure } of episodes) {
      if (closureDate === undefined && reasonForClosure !== undefined) {
        report({ ReasonForClosure: reasonForClosure, CINclosureDate: undefined })
      }
    }
  },
})

export const rule8815 = childRule({
  code: '8815',
  message:
    'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
  fields: ['ReferralNFA', 'CINclosureDate'],
  check({ episodes }, _context, report) {
    const open = episodes.filter(episode => isOpen(episode) && isFurtherAction(episode))
    if (open.length < 2) return
    for (const episode of open) {
      report({ ReferralNFA: episode.referralNfa, CINclosureDate: undefined })
    }
  },
})

export const rule8816 = childRule({
  code: '8816',
  message:
    'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
  fields: ['CINreferralDate', 'ReferralNFA'],
  check({ episodes }, _context, report) {
    const referralDates = episodes.flatMap(e => (e.referralDate ? [e.referralDate] : []))
    const latest = referralDates.reduce((max, date) => (date > max ? date : max), '')
    for (const episode of episodes) {
      if (isOpen(episode) && isFurtherAction(episode) && isBefore(episode.referralDate, latest)) {
        report({ CINreferralDate: episode.referralDate, ReferralNFA: episode.referralNfa })
      }
    }
  },
})

export const rule8820 = childRule({
  code: '8820',
  message: 'The dates on the CIN episodes for this child overlap',
  fields: ['CINreferralDate', 'CINclosureDate'],
  check({ episodes }, { referenceDate }, report) {
    // An episode may start on the day the previous one closed.
    for (const [i, later] of episodes.entries()) {
      const start = later.referralDate
      if (start === undefined) continue
      const overlapped = episodes.find((earlier, j) => {
        if (i === j || earlier.referralDate === undefined || start < earlier.referralDate) {
          return false
        }
        if (earlier.closureDate !== undefined) return start < earlier.closureDate
        return start < referenceDate && isFurtherAction(earlier)
      })
      if (overlapped) {
        report({ CINreferralDate: start, CINclosureDate: overlapped.closureDate })
      }
    }
  },
})

export const rule8825Q = childRule({
  code: '8825Q',
  message:
    'Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.',
  fields: ['ReasonForClosure'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (isClosedAfterAssessment(episode) && episode.assessments.length === 0) {
        report({ ReasonForClosure: episode.reasonForClosure })
      }
    }
  },
})

export const rule8831 = childRule({
  code: '8831',
  message: 'Activity is recorded against a case marked as a referral with no further action',
  fields: [
    'AssessmentActualStartDate',
    'AssessmentAuthorisationDate',
    'S47ActualStartDate',
    'DateOfInitialCPC',
  ],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (!isNoFurtherAction(episode)) continue
      const s47 = episode.section47s.find(s => s.startDate !== undefined)
      const assessment = episode.assessments.find(
        a => a.startDate !== undefined || a.authorisationDate !== undefined,
      )
      if (episode.dateOfInitialCpc !== undefined || s47 || assessment) {
        report({
          AssessmentActualStartDate: assessment?.startDate,
          AssessmentAuthorisationDate: assessment?.authorisationDate,
          S47ActualStartDate: s47?.startDate,
          DateOfInitialCPC: episode.dateOfInitialCpc,
        })
      }
    }
  },
})

// Referral sources have been collected since the 2013/14 census.
const REFERRAL_SOURCE_FIRST_COLLECTED = '2013-04-01'

export const rule8866 = childRule({
  code: '8866',
  message: 'Source of Referral is missing or an invalid code',
  fields: ['CINreferralDate', 'ReferralSource'],
  check({ episodes }, _context, report) {
    for (const { referralDate, referralSource } of episodes) {
      if (referralDate === undefined || referralDate < REFERRAL_SOURCE_FIRST_COLLECTED) continue
      if (referralSource === undefined || !REFERRAL_SOURCE_CODES.has(referralSource)) {
        report({ CINreferralDate: referralDate, ReferralSource: referralSource })
      }
    }
  },
})

export const rule8867 = childRule({
  code: '8867',
  message: 'CIN episode is shown as closed, however Assessment is not shown as completed',
  fields: ['CINclosureDate', 'AssessmentAuthorisationDate'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (isOpen(episode)) continue
      if (episode.assessments.some(a => a.authorisationDate === undefined)) {
        report({ CINclosureDate: episode.closureDate, AssessmentAuthorisationDate: undefined })
      }
    }
  },
})

export const rule8868 = childRule({
  code: '8868',
  message:
    'CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag',
  fields: ['ICPCnotRequired', 'CINclosureDate', 'DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (isOpen(episode)) continue
      // Completed means exactly one of: a conference date, or "conference not required".
      const unfinished = episode.section47s.find(
        s => (s.dateOfInitialCpc !== undefined) === (parseYesNo(s.icpcNotRequired) === true),
      )
      if (unfinished) {
        report({
          ICPCnotRequired: unfinished.icpcNotRequired,
          CINclosureDate: episode.closureDate,
          DateOfInitialCPC: unfinished.dateOfInitialCpc,
        })
      }
    }
  },
})

export const rule2990 = childRule({
  code: '2990',
  message:
    "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
  fields: ['ReasonForClosure', 'DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      if (!isClosedAfterAssessment(episode)) continue
      const hasActivity =
        episode.dateOfInitialCpc !== undefined ||
        episode.section47s.length > 0 ||
        episode.cinPlans.length > 0 ||
        episode.childProtectionPlans.length > 0
      if (hasActivity) {
        report({
          ReasonForClosure: episode.reasonForClosure,
          DateOfInitialCPC: episode.dateOfInitialCpc,
        })
      }
    }
  },
})

export const rule2991Q = childRule({
  code: '2991Q',
  message:
    'Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode',
  fields: ['CINreferralDate', 'S47ActualStartDate'],
  check({ episodes }, _context, report) {
    for (const episode of episodes) {
      const [s47] = episode.section47s
      if (s47 && episode.assessments.length === 0) {
        report({ CINreferralDate: episode.referralDate, S47ActualStartDate: s47.startDate })
      }
    }
  },
})
