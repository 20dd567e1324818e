/** Rules on child protection plans, their categories and their reviews. */
import { CATEGORY_OF_ABUSE_CODES } from '../codes.js'
import { parseYesNo } from '../model.js'
import { isAfter, isBefore, isOutside, isSameDay, outlivesChild } from './dates.js'
import { childProtectionPlansOf } from './child-records.js'
import { childRule } from './types.js'

export const rule1105 = childRule({
  code: '1105',
  message: 'The child protection plan start date cannot be before the referral date',
  fields: ['CPPstartDate', 'CINreferralDate'],
  check({ episodes }, _context, report) {
    for (const { referralDate, childProtectionPlans } of episodes) {
      for (const { startDate } of childProtectionPlans) {
        if (isBefore(startDate, referralDate)) {
          report({ CPPstartDate: startDate, CINreferralDate: referralDate })
        }
      }
    }
  },
})

export const rule2885 = childRule({
  code: '2885',
  message:
    'Child protection plan shown as starting a different day to the initial child protection conference.',
  fields: ['CPPstartDate', 'DateOfInitialCPC'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const episode of episodes) {
      // The conference is recorded on the Section 47 when there is one, else on the episode.
      const enquiries = episode.section47s.filter(s => parseYesNo(s.icpcNotRequired) !== true)
      const conferenceDates =
        enquiries.length > 0 ? enquiries.map(s => s.dateOfInitialCpc) : [episode.dateOfInitialCpc]
      for (const { startDate } of episode.childProtectionPlans) {
        if (startDate === undefined || isOutside(startDate, collectionStart, referenceDate))
          continue
        if (!conferenceDates.includes(startDate)) {
          report({ CPPstartDate: startDate, DateOfInitialCPC: conferenceDates.find(Boolean) })
        }
      }
    }
  },
})

export const rule8720 = childRule({
  code: '8720',
  message: 'Child Protection Plan Start Date missing or out of data collection period',
  fields: ['CPPstartDate', 'ReferenceDate'],
  check(child, { referenceDate }, report) {
    for (const { startDate } of childProtectionPlansOf(child)) {
      if (startDate === undefined || startDate > referenceDate) {
        report({ CPPstartDate: startDate, ReferenceDate: referenceDate })
      }
    }
  },
})

export const rule8730 = childRule({
  code: '8730',
  message: 'Total Number of previous Child Protection Plans missing',
  fields: ['NumberOfPreviousCPP'],
  check(child, _context, report) {
    for (const { numberOfPreviousCpp } of childProtectionPlansOf(child)) {
      if (numberOfPreviousCpp === undefined || !/^\d+$/.test(numberOfPreviousCpp)) {
        report({ NumberOfPreviousCPP: numberOfPreviousCpp })
      }
    }
  },
})

export const rule8832 = childRule({
  code: '8832',
  message: 'Child Protection details provided for a referral with no further action.',
  fields: ['ReferralNFA', 'CPPstartDate'],
  check({ episodes }, _context, report) {
    for (const { referralNfa, childProtectionPlans } of episodes) {
      const [plan] = childProtectionPlans
      if (plan && parseYesNo(referralNfa) === true) {
        report({ ReferralNFA: referralNfa, CPPstartDate: plan.startDate })
      }
    }
  },
})

export const rule8840 = childRule({
  code: '8840',
  message: 'Child Protection Plan cannot start and end on the same day',
  fields: ['CPPstartDate', 'CPPendDate'],
  check(child, _context, report) {
    for (const { startDate, endDate } of childProtectionPlansOf(child)) {
      if (isSameDay(startDate, endDate)) report({ CPPstartDate: startDate, CPPendDate: endDate })
    }
  },
})

export const rule8841 = childRule({
  code: '8841',
  message:
    'The review date cannot be on the same day or before the Child protection Plan start date.',
  fields: ['CPPstartDate', 'CPPreviewDate'],
  check(child, _context, report) {
    for (const { startDate, reviewDates } of childProtectionPlansOf(child)) {
      if (startDate === undefined) continue
      for (const review of reviewDates) {
        if (review !== undefined && review <= startDate) {
          report({ CPPstartDate: startDate, CPPreviewDate: review })
        }
      }
    }
  },
})

export const rule8842Q = childRule({
  code: '8842Q',
  message: 'Please check and either amend or provide a reason: Review Record has a missing date',
  fields: ['CPPreviewDate'],
  check(child, _context, report) {
    for (const { reviewDates } of childProtectionPlansOf(child)) {
      if (reviewDates.includes(undefined)) report({ CPPreviewDate: undefined })
    }
  },
})

function categoryRule(code: '8905' | '8910', which: 'Initial' | 'Latest') {
  const field = `${which}CategoryOfAbuse`
  return childRule({
    code,
    message: `${which} Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)`,
    fields: [field],
    check(child, _context, report) {
      for (const plan of childProtectionPlansOf(child)) {
        const category =
          which === 'Initial' ? plan.initialCategoryOfAbuse : plan.latestCategoryOfAbuse
        if (category === undefined || !CATEGORY_OF_ABUSE_CODES.has(category)) {
          report({ [field]: category })
        }
      }
    },
  })
}

export const rule8905 = categoryRule('8905', 'Initial')
export const rule8910 = categoryRule('8910', 'Latest')

export const rule8915 = childRule({
  code: '8915',
  message: 'Child Protection Plan shown as starting after the child’s Date of Death',
  fields: ['CPPstartDate', 'PersonDeathDate'],
  check(child, _context, report) {
    const { personDeathDate } = child.identifiers
    for (const { startDate } of childProtectionPlansOf(child)) {
      if (isAfter(startDate, personDeathDate)) {
        report({ CPPstartDate: startDate, PersonDeathDate: personDeathDate })
      }
    }
  },
})

export const rule8920 = childRule({
  code: '8920',
  message: 'Child Protection Plan cannot end after the child’s Date of Death',
  fields: ['PersonDeathDate', 'CPPendDate'],
  check(child, _context, report) {
    const { personDeathDate } = child.identifiers
    if (personDeathDate === undefined) return
    for (const plan of childProtectionPlansOf(child)) {
      if (outlivesChild(plan, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, CPPendDate: plan.endDate })
      }
    }
  },
})

export const rule8925 = childRule({
  code: '8925',
  message: 'Child Protection Plan End Date earlier than Start Date',
  fields: ['CPPstartDate', 'CPPendDate'],
  check(child, _context, report) {
    for (const { startDate, endDate } of childProtectionPlansOf(child)) {
      if (isBefore(endDate, startDate)) report({ CPPstartDate: startDate, CPPendDate: endDate })
    }
  },
})

export const rule8930 = childRule({
  code: '8930',
  message: 'Child Protection Plan End Date must fall within the census year',
  fields: ['CPPendDate', 'ReferenceDate'],
  check(child, { collectionStart, referenceDate }, report) {
    for (const { endDate } of childProtectionPlansOf(child)) {
      if (isOutside(endDate, collectionStart, referenceDate)) {
        report({ CPPendDate: endDate, ReferenceDate: referenceDate })
      }
    }
  },
})

export const rule8935 = childRule({
  code: '8935',
  message: 'This child is showing more than one open Child Protection plan, i.e. with no End Date',
  fields: ['CPPendDate'],
  check(child, _context, report) {
    const open = childProtectionPlansOf(child).filter(plan => plan.endDate === undefined)
    if (open.length > 1) report({ CPPendDate: undefined })
  },
})

export const rule8940 = childRule({
  code: '8940',
  message: 'Child Protection Plan data contains overlapping dates',
  fields: ['CPPstartDate', 'CPPendDate'],
  check(child, { referenceDate }, report) {
    const plans = childProtectionPlansOf(child)
    if (plans.length < 2) return
    // A plan may not start on the day another ends: both days are days of a plan.
    for (const [i, later] of plans.entries()) {
      const start = later.startDate
      if (start === undefined) continue
      const overlapped = plans.find(
        (other, j) =>
          i !== j &&
          other.startDate !== undefined &&
          start >= other.startDate &&
          start <= (other.endDate ?? referenceDate),
      )
      if (overlapped) report({ CPPstartDate: start, CPPendDate: overlapped.endDate })
    }
  },
})
