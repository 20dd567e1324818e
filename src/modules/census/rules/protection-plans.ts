/** Rules on child protection plans, their categories and their reviews. */
import { CATEGORY_OF_ABUSE_CODES } from '../codes.js'
import { parseYesNo } from '../model.js'
import { isOutside } from './dates.js'
import { childProtectionPlansOf } from './child-records.js'
import {
  PROTECTION_PLANS,
  planAfterNoFurtherAction,
  planEndsAfterDeath,
  planEndsBeforeStart,
  planEndsOutsideYear,
  plansOverlap,
  planStartMissingOrLate,
  planStartsAfterDeath,
  planStartsAndEndsSameDay,
  planStartsBeforeReferral,
} from './plan-rules.js'
import { childRule } from './types.js'

export const rule1105 = planStartsBeforeReferral(PROTECTION_PLANS, {
  code: '1105',
  message: 'The child protection plan start date cannot be before the referral date',
  fields: ['CPPstartDate', 'CINreferralDate'],
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

export const rule8720 = planStartMissingOrLate(PROTECTION_PLANS, {
  code: '8720',
  message: 'Child Protection Plan Start Date missing or out of data collection period',
  fields: ['CPPstartDate', 'ReferenceDate'],
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

export const rule8832 = planAfterNoFurtherAction(PROTECTION_PLANS, {
  code: '8832',
  message: 'Child Protection details provided for a referral with no further action.',
  fields: ['ReferralNFA', 'CPPstartDate'],
})

export const rule8840 = planStartsAndEndsSameDay(PROTECTION_PLANS, {
  code: '8840',
  message: 'Child Protection Plan cannot start and end on the same day',
  fields: ['CPPstartDate', 'CPPendDate'],
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

export const rule8915 = planStartsAfterDeath(PROTECTION_PLANS, {
  code: '8915',
  message: 'Child Protection Plan shown as starting after the child’s Date of Death',
  fields: ['CPPstartDate', 'PersonDeathDate'],
})

export const rule8920 = planEndsAfterDeath(PROTECTION_PLANS, {
  code: '8920',
  message: 'Child Protection Plan cannot end after the child’s Date of Death',
  fields: ['PersonDeathDate', 'CPPendDate'],
})

export const rule8925 = planEndsBeforeStart(PROTECTION_PLANS, {
  code: '8925',
  message: 'Child Protection Plan End Date earlier than Start Date',
  fields: ['CPPstartDate', 'CPPendDate'],
})

export const rule8930 = planEndsOutsideYear(PROTECTION_PLANS, {
  code: '8930',
  message: 'Child Protection Plan End Date must fall within the census year',
  fields: ['CPPendDate', 'ReferenceDate'],
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

export const rule8940 = plansOverlap(PROTECTION_PLANS, {
  code: '8940',
  message: 'Child Protection Plan data contains overlapping dates',
  fields: ['CPPstartDate', 'CPPendDate'],
})
