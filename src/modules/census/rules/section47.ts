/** Rules on Section 47 enquiries and initial child protection conferences. */
import { parseYesNo, type Section47 } from '../model.js'
import { isBefore, isOutside, isWeekend } from './dates.js'
import { overdueCutOff } from './timescales.js'
import { childRule } from './types.js'

const isConferenceRequired = (s47: Section47) => parseYesNo(s47.icpcNotRequired) === false
const isConferenceNotRequired = (s47: Section47) => parseYesNo(s47.icpcNotRequired) === true

export const rule1104 = childRule({
  code: '1104',
  message: 'The date of the initial child protection conference cannot be before the referral date',
  fields: ['CINreferralDate', 'DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const { referralDate, section47s } of episodes) {
      for (const { dateOfInitialCpc } of section47s) {
        if (isBefore(dateOfInitialCpc, referralDate)) {
          report({ CINreferralDate: referralDate, DateOfInitialCPC: dateOfInitialCpc })
        }
      }
    }
  },
})

export const rule2884 = childRule({
  code: '2884',
  message:
    'An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one',
  fields: ['DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const { dateOfInitialCpc, section47s } of episodes) {
      if (dateOfInitialCpc === undefined) continue
      if (section47s.some(s47 => s47.dateOfInitialCpc === dateOfInitialCpc)) {
        report({ DateOfInitialCPC: dateOfInitialCpc })
      }
    }
  },
})

export const rule2889 = childRule({
  code: '2889',
  message: 'The S47 start date cannot be before the referral date.',
  fields: ['S47ActualStartDate', 'CINreferralDate'],
  check({ episodes }, _context, report) {
    for (const { referralDate, section47s } of episodes) {
      for (const { startDate } of section47s) {
        if (isBefore(startDate, referralDate)) {
          report({ S47ActualStartDate: startDate, CINreferralDate: referralDate })
        }
      }
    }
  },
})

export const rule8615 = childRule({
  code: '8615',
  message:
    'Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference',
  fields: ['S47ActualStartDate', 'DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const { section47s } of episodes) {
      for (const { startDate, dateOfInitialCpc } of section47s) {
        const isMissingStart = startDate === undefined && dateOfInitialCpc !== undefined
        if (isMissingStart || isBefore(dateOfInitialCpc, startDate)) {
          report({ S47ActualStartDate: startDate, DateOfInitialCPC: dateOfInitialCpc })
        }
      }
    }
  },
})

export const rule8675Q = childRule({
  code: '8675Q',
  message:
    'Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.',
  fields: ['DateOfInitialCPC', 'S47ActualStartDate', 'ICPCnotRequired'],
  check({ episodes }, { referenceDate, calendar }, report) {
    const cutOff = overdueCutOff(referenceDate, 15, calendar)
    for (const { section47s } of episodes) {
      for (const s47 of section47s) {
        if (s47.dateOfInitialCpc !== undefined || !isConferenceRequired(s47)) continue
        if (isBefore(s47.startDate, cutOff)) {
          report({
            DateOfInitialCPC: undefined,
            S47ActualStartDate: s47.startDate,
            ICPCnotRequired: s47.icpcNotRequired,
          })
        }
      }
    }
  },
})

export const rule8715 = childRule({
  code: '8715',
  message: 'Date of Initial Child Protection Conference must fall within the census year',
  fields: ['DateOfInitialCPC', 'ReferenceDate'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const { section47s } of episodes) {
      for (const { dateOfInitialCpc } of section47s) {
        if (isOutside(dateOfInitialCpc, collectionStart, referenceDate)) {
          report({ DateOfInitialCPC: dateOfInitialCpc, ReferenceDate: referenceDate })
        }
      }
    }
  },
})

export const rule8740 = childRule({
  code: '8740',
  message:
    'For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year',
  fields: ['S47ActualStartDate', 'DateOfInitialCPC', 'ICPCnotRequired'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const { section47s } of episodes) {
      for (const s47 of section47s) {
        if (s47.dateOfInitialCpc !== undefined || !isConferenceRequired(s47)) continue
        if (isOutside(s47.startDate, collectionStart, referenceDate)) {
          report({
            S47ActualStartDate: s47.startDate,
            DateOfInitialCPC: undefined,
            ICPCnotRequired: s47.icpcNotRequired,
          })
        }
      }
    }
  },
})

export const rule8839 = childRule({
  code: '8839',
  message: 'Within one CINDetails group there are 2 or more open S47 Assessments',
  fields: ['DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const { section47s } of episodes) {
      const open = section47s.filter(
        s47 => s47.dateOfInitialCpc === undefined && !isConferenceNotRequired(s47),
      )
      if (open.length > 1) report({ DateOfInitialCPC: undefined })
    }
  },
})

export const rule8870Q = childRule({
  code: '8870Q',
  message:
    'Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend',
  fields: ['InitialCPCtarget'],
  check({ episodes }, _context, report) {
    for (const { section47s } of episodes) {
      for (const { icpcTargetDate } of section47s) {
        if (icpcTargetDate !== undefined && isWeekend(icpcTargetDate)) {
          report({ InitialCPCtarget: icpcTargetDate })
        }
      }
    }
  },
})

export const rule8875 = childRule({
  code: '8875',
  message: 'The Date of Initial Child Protection Conference cannot be a weekend',
  fields: ['DateOfInitialCPC'],
  check({ episodes }, _context, report) {
    for (const { section47s } of episodes) {
      for (const { dateOfInitialCpc } of section47s) {
        if (dateOfInitialCpc !== undefined && isWeekend(dateOfInitialCpc)) {
          report({ DateOfInitialCPC: dateOfInitialCpc })
        }
      }
    }
  },
})

export const rule8890 = childRule({
  code: '8890',
  message:
    'A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing',
  fields: ['S47ActualStartDate', 'DateOfInitialCPC'],
  check({ episodes }, { referenceDate }, report) {
    for (const { section47s } of episodes) {
      for (const [i, later] of section47s.entries()) {
        const start = later.startDate
        if (start === undefined) continue
        // An enquiry is ongoing from its start to its conference, both days included, or to
        // the end of the year when a conference is still to come.
        const ongoing = section47s.find((other, j) => {
          if (i === j || other.startDate === undefined || start < other.startDate) return false
          if (other.dateOfInitialCpc !== undefined) return start <= other.dateOfInitialCpc
          return start <= referenceDate && !isConferenceNotRequired(other)
        })
        if (ongoing) {
          report({ S47ActualStartDate: start, DateOfInitialCPC: ongoing.dateOfInitialCpc })
        }
      }
    }
  },
})
