/** Rules on child in need plans (CINPlanDates) and how they sit beside protection plans. */
import { childProtectionPlansOf, cinPlansOf } from './child-records.js'
import {
  CIN_PLANS,
  planAfterNoFurtherAction,
  planEndsAfterDeath,
  planEndsBeforeStart,
  planEndsOutsideYear,
  plansOverlap,
  planStartMissingOrLate,
  planStartsAfterDeath,
  planStartsAndEndsSameDay,
  planStartsBeforeReferral,
  planStartsDuringOther,
  PROTECTION_PLANS,
} from './plan-rules.js'
import { childRule } from './types.js'

export const rule4000 = planAfterNoFurtherAction(CIN_PLANS, {
  code: '4000',
  message: 'CIN Plan details provided for a referral with no further action',
  fields: ['ReferralNFA', 'CINPlanStartDate'],
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

export const rule4008 = planStartsAfterDeath(CIN_PLANS, {
  code: '4008',
  message: 'CIN Plan shown as starting after the child’s Date of Death.',
  fields: ['PersonDeathDate', 'CINPlanStartDate'],
})

export const rule4009Q = planEndsAfterDeath(CIN_PLANS, {
  code: '4009Q',
  message: 'CIN Plan cannot end after the child’s Date of Death',
  fields: ['PersonDeathDate', 'CINPlanEndDate'],
})

export const rule4010 = planStartMissingOrLate(CIN_PLANS, {
  code: '4010',
  message: 'CIN Plan start date is missing or out of data collection period',
  fields: ['CINPlanStartDate'],
})

export const rule4011 = planEndsBeforeStart(CIN_PLANS, {
  code: '4011',
  message: 'CIN Plan End Date earlier than Start Date',
  fields: ['CINPlanEndDate', 'CINPlanStartDate'],
})

export const rule4012Q = planStartsAndEndsSameDay(CIN_PLANS, {
  code: '4012Q',
  message:
    'Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day',
  fields: ['CINPlanStartDate', 'CINPlanEndDate'],
})

export const rule4013 = planEndsOutsideYear(CIN_PLANS, {
  code: '4013',
  message: 'CIN Plan end date must fall within the census year',
  fields: ['CINPlanEndDate', 'ReferenceDate'],
})

export const rule4014 = plansOverlap(CIN_PLANS, {
  code: '4014',
  message: 'CIN Plan data contains overlapping dates',
  fields: ['CINPlanStartDate', 'CINPlanEndDate'],
})

export const rule4015 = planStartsBeforeReferral(CIN_PLANS, {
  code: '4015',
  message: 'The CIN Plan start date cannot be before the referral date',
  fields: ['CINPlanStartDate', 'CINreferralDate'],
})

// A CIN plan may start on the day a protection plan ends (stepping down), not before.
export const rule4016 = planStartsDuringOther(CIN_PLANS, PROTECTION_PLANS, {
  code: '4016',
  message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  fields: ['CINPlanStartDate', 'CPPstartDate', 'CPPendDate'],
})

// A protection plan may start on the day a CIN plan ends (stepping up), not before.
export const rule4017 = planStartsDuringOther(PROTECTION_PLANS, CIN_PLANS, {
  code: '4017',
  message: 'A CIN Plan has been reported as open at the same time as a Child Protection Plan.',
  fields: ['CINPlanStartDate', 'CINPlanEndDate', 'CPPstartDate'],
})
