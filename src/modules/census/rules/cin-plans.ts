/** Rules on child in need plans (CINPlanDates) and how they sit beside protection plans. */
import { parseYesNo } from '../model.js'
import { isAfter, isBefore, isOutside, isSameDay, outlivesChild } from './dates.js'
import { childProtectionPlansOf, cinPlansOf } from './child-records.js'
import { childRule } from './types.js'

export const rule4000 = childRule({
  code: '4000',
  message: 'CIN Plan details provided for a referral with no further action',
  fields: ['ReferralNFA', 'CINPlanStartDate'],
  check({ episodes }, _context, report) {
    for (const { referralNfa, cinPlans } of episodes) {
      const [plan] = cinPlans
      if (plan && parseYesNo(referralNfa) === true) {
        report({ ReferralNFA: referralNfa, CINPlanStartDate: plan.startDate })
      }
    }
  },
})

export const rule4001 = childRule({
  code: '4001',
  message: 'A CIN Plan cannot run concurrently with a Child Protection Plan',
  fields: ['CINPlanEndDate', 'CPPendDate'],
  check({ episodes }, _context, report) {
    for (const { cinPlans, childProtectionPlans } of episodes) {
      const openCinPlan = cinPlans.find(p => p.startDate !== undefined && p.endDate === undefined)
      const openCpPlan = childProtectionPlans.find(p => p.endDate === undefined)
      if (openCinPlan && openCpPlan) report({ CINPlanEndDate: undefined, CPPendDate: undefined })
    }
  },
})

export const rule4003 = childRule({
  code: '4003',
  message: 'A CPP review date is shown as being held at the same time as an open CIN Plan.',
  fields: ['CINPlanStartDate', 'CINPlanEndDate', 'CPPreviewDate'],
  check(child, _context, report) {
    const cinPlans = cinPlansOf(child)
    if (cinPlans.length === 0) return
    for (const cpPlan of childProtectionPlansOf(child)) {
      for (const review of cpPlan.reviewDates) {
        // A review on the day the protection plan ends may step the child down to a CIN plan.
        if (review === undefined || review === cpPlan.endDate) continue
        const during = cinPlans.find(
          p =>
            p.startDate !== undefined &&
            review >= p.startDate &&
            (p.endDate === undefined || review < p.endDate),
        )
        if (during) {
          report({
            CINPlanStartDate: during.startDate,
            CINPlanEndDate: during.endDate,
            CPPreviewDate: review,
          })
        }
      }
    }
  },
})

export const rule4004 = childRule({
  code: '4004',
  message: 'This child is showing more than one open CIN Plan, i.e. with no End Date',
  fields: ['CINPlanEndDate'],
  check({ episodes }, _context, report) {
    for (const { cinPlans } of episodes) {
      if (cinPlans.filter(p => p.endDate === undefined).length > 1) {
        report({ CINPlanEndDate: undefined })
      }
    }
  },
})

export const rule4008 = childRule({
  code: '4008',
  message: 'CIN Plan shown as starting after the child’s Date of Death.',
  fields: ['PersonDeathDate', 'CINPlanStartDate'],
  check(child, _context, report) {
    const { personDeathDate } = child.identifiers
    if (personDeathDate === undefined) return
    for (const { startDate } of cinPlansOf(child)) {
      if (isAfter(startDate, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, CINPlanStartDate: startDate })
      }
    }
  },
})

export const rule4009Q = childRule({
  code: '4009Q',
  message: 'CIN Plan cannot end after the child’s Date of Death',
  fields: ['PersonDeathDate', 'CINPlanEndDate'],
  check(child, _context, report) {
    const { personDeathDate } = child.identifiers
    if (personDeathDate === undefined) return
    for (const plan of cinPlansOf(child)) {
      if (outlivesChild(plan, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, CINPlanEndDate: plan.endDate })
      }
    }
  },
})

export const rule4010 = childRule({
  code: '4010',
  message: 'CIN Plan start date is missing or out of data collection period',
  fields: ['CINPlanStartDate'],
  check(child, { referenceDate }, report) {
    for (const { startDate } of cinPlansOf(child)) {
      if (startDate === undefined || startDate > referenceDate) {
        report({ CINPlanStartDate: startDate })
      }
    }
  },
})

export const rule4011 = childRule({
  code: '4011',
  message: 'CIN Plan End Date earlier than Start Date',
  fields: ['CINPlanEndDate', 'CINPlanStartDate'],
  check(child, _context, report) {
    for (const { startDate, endDate } of cinPlansOf(child)) {
      if (isBefore(endDate, startDate)) {
        report({ CINPlanEndDate: endDate, CINPlanStartDate: startDate })
      }
    }
  },
})

export const rule4012Q = childRule({
  code: '4012Q',
  message:
    'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
  fields: ['CINPlanStartDate', 'CINPlanEndDate'],
  check(child, _context, report) {
    for (const { startDate, endDate } of cinPlansOf(child)) {
      if (isSameDay(startDate, endDate)) {
        report({ CINPlanStartDate: startDate, CINPlanEndDate: endDate })
      }
    }
  },
})

export const rule4013 = childRule({
  code: '4013',
  message: 'CIN Plan end date must fall within the census year',
  fields: ['CINPlanEndDate', 'ReferenceDate'],
  check(child, { collectionStart, referenceDate }, report) {
    for (const { endDate } of cinPlansOf(child)) {
      if (isOutside(endDate, collectionStart, referenceDate)) {
        report({ CINPlanEndDate: endDate, ReferenceDate: referenceDate })
      }
    }
  },
})

export const rule4014 = childRule({
  code: '4014',
  message: 'CIN Plan data contains overlapping dates',
  fields: ['CINPlanStartDate', 'CINPlanEndDate'],
  check(child, { referenceDate }, report) {
    const plans = cinPlansOf(child)
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
      if (overlapped) report({ CINPlanStartDate: start, CINPlanEndDate: overlapped.endDate })
    }
  },
})

export const rule4015 = childRule({
  code: '4015',
  message: 'The CIN Plan start date cannot be before the referral date',
  fields: ['CINPlanStartDate', 'CINreferralDate'],
  check({ episodes }, _context, report) {
    for (const { referralDate, cinPlans } of episodes) {
      for (const { startDate } of cinPlans) {
        if (isBefore(startDate, referralDate)) {
          report({ CINPlanStartDate: startDate, CINreferralDate: referralDate })
        }
      }
    }
  },
})

export const rule4016 = childRule({
  code: '4016',
  message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  fields: ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'],
  check(child, { referenceDate }, report) {
    const cpPlans = childProtectionPlansOf(child)
    if (cpPlans.length === 0) return
    // A CIN plan may start on the day a protection plan ends (stepping down), not before.
    for (const { startDate } of cinPlansOf(child)) {
      if (startDate === undefined) continue
      const during = cpPlans.find(
        p =>
          p.startDate !== undefined &&
          startDate >= p.startDate &&
          (p.endDate === undefined ? startDate <= referenceDate : startDate < p.endDate),
      )
      if (during) {
        report({
          CINPlanStartDate: startDate,
          CPPstartDate: during.startDate,
          CPPendDate: during.endDate,
        })
      }
    }
  },
})

export const rule4017 = childRule({
  code: '4017',
  message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  fields: ['CINPlanStartDate', 'CINPlanEndDate', 'CPPstartDate'],
  check(child, { referenceDate }, report) {
    const cinPlans = cinPlansOf(child)
    if (cinPlans.length === 0) return
    // A protection plan may start on the day a CIN plan ends (stepping up), not before.
    for (const { startDate } of childProtectionPlansOf(child)) {
      if (startDate === undefined) continue
      const during = cinPlans.find(
        p =>
          p.startDate !== undefined &&
          startDate >= p.startDate &&
          (p.endDate === undefined ? startDate <= referenceDate : startDate < p.endDate),
      )
      if (during) {
        report({
          CINPlanStartDate: during.startDate,
          CINPlanEndDate: during.endDate,
          CPPstartDate: startDate,
        })
      }
    }
  },
})
