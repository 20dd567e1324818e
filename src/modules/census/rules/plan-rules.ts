/**
 * The checks DfE makes twice, once on CIN plans and once on child protection plans, each time
 * with its own code, wording and field names. A rule file states the code, the message and the
 * fields it reports (in DfE's order, which is the order of the reported values); the check is here.
 */
import type { CensusChild, CinEpisode, IsoDate } from '../model.js'
import { parseYesNo } from '../model.js'
import { isAfter, isBefore, isOutside, isSameDay, outlivesChild } from './dates.js'
import { childProtectionPlansOf, cinPlansOf } from './child-records.js'
import { childRule, type ChildRule, type Report, type RuleContext } from './types.js'

interface PlanDates {
  startDate?: IsoDate
  endDate?: IsoDate
}

/** One kind of plan: the XML names of its dates and where a child's record holds it. */
export interface PlanKind {
  start: string
  end: string
  ofChild(child: CensusChild): PlanDates[]
  ofEpisode(episode: CinEpisode): PlanDates[]
}

export const CIN_PLANS: PlanKind = {
  start: 'CINPlanStartDate',
  end: 'CINPlanEndDate',
  ofChild: cinPlansOf,
  ofEpisode: episode => episode.cinPlans,
}

export const PROTECTION_PLANS: PlanKind = {
  start: 'CPPstartDate',
  end: 'CPPendDate',
  ofChild: childProtectionPlansOf,
  ofEpisode: episode => episode.childProtectionPlans,
}

interface PlanRuleInfo {
  code: string
  message: string
  fields: readonly string[]
}

/** The rule's fields, in its order, from the values the check found. */
function reporting(fields: readonly string[], report: Report): Report {
  return values => report(Object.fromEntries(fields.map(field => [field, values[field]])))
}

function planRule(
  info: PlanRuleInfo,
  check: (child: CensusChild, context: RuleContext, report: Report) => void,
): ChildRule {
  return childRule({
    ...info,
    check: (child, context, report) => check(child, context, reporting(info.fields, report)),
  })
}

/** The plan it names starts before the episode's referral. */
export function planStartsBeforeReferral(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, ({ episodes }, _context, report) => {
    for (const episode of episodes) {
      for (const { startDate } of kind.ofEpisode(episode)) {
        if (isBefore(startDate, episode.referralDate)) {
          report({ [kind.start]: startDate, CINreferralDate: episode.referralDate })
        }
      }
    }
  })
}

/** A referral with no further action has a plan all the same. */
export function planAfterNoFurtherAction(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, ({ episodes }, _context, report) => {
    for (const episode of episodes) {
      const [plan] = kind.ofEpisode(episode)
      if (plan && parseYesNo(episode.referralNfa) === true) {
        report({ ReferralNFA: episode.referralNfa, [kind.start]: plan.startDate })
      }
    }
  })
}

export function planStartsAfterDeath(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, _context, report) => {
    const { personDeathDate } = child.identifiers
    for (const { startDate } of kind.ofChild(child)) {
      if (isAfter(startDate, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, [kind.start]: startDate })
      }
    }
  })
}

export function planEndsAfterDeath(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, _context, report) => {
    const { personDeathDate } = child.identifiers
    if (personDeathDate === undefined) return
    for (const plan of kind.ofChild(child)) {
      if (outlivesChild(plan, personDeathDate)) {
        report({ PersonDeathDate: personDeathDate, [kind.end]: plan.endDate })
      }
    }
  })
}

export function planStartMissingOrLate(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, { referenceDate }, report) => {
    for (const { startDate } of kind.ofChild(child)) {
      if (startDate === undefined || startDate > referenceDate) {
        report({ [kind.start]: startDate, ReferenceDate: referenceDate })
      }
    }
  })
}

export function planEndsBeforeStart(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, _context, report) => {
    for (const { startDate, endDate } of kind.ofChild(child)) {
      if (isBefore(endDate, startDate)) report({ [kind.start]: startDate, [kind.end]: endDate })
    }
  })
}

export function planStartsAndEndsSameDay(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, _context, report) => {
    for (const { startDate, endDate } of kind.ofChild(child)) {
      if (isSameDay(startDate, endDate)) report({ [kind.start]: startDate, [kind.end]: endDate })
    }
  })
}

export function planEndsOutsideYear(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, { collectionStart, referenceDate }, report) => {
    for (const { endDate } of kind.ofChild(child)) {
      if (isOutside(endDate, collectionStart, referenceDate)) {
        report({ [kind.end]: endDate, ReferenceDate: referenceDate })
      }
    }
  })
}

export function plansOverlap(kind: PlanKind, info: PlanRuleInfo): ChildRule {
  return planRule(info, (child, { referenceDate }, report) => {
    const plans = kind.ofChild(child)
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
      if (overlapped) report({ [kind.start]: start, [kind.end]: overlapped.endDate })
    }
  })
}

/** A plan of one kind starts while one of the other kind is open. */
export function planStartsDuringOther(
  starting: PlanKind,
  open: PlanKind,
  info: PlanRuleInfo,
): ChildRule {
  return planRule(info, (child, { referenceDate }, report) => {
    const openPlans = open.ofChild(child)
    if (openPlans.length === 0) return
    for (const { startDate } of starting.ofChild(child)) {
      if (startDate === undefined) continue
      const during = planOpenOn(openPlans, startDate, referenceDate)
      if (during) {
        report({
          [starting.start]: startDate,
          [open.start]: during.startDate,
          [open.end]: during.endDate,
        })
      }
    }
  })
}

/**
 * The plan open on `day`: one still open at the end of the year counts to the ReferenceDate, and
 * one that ends that day does not (the other plan may start the day this one ends).
 */
function planOpenOn(plans: readonly PlanDates[], day: IsoDate, referenceDate: IsoDate) {
  return plans.find(
    p =>
      p.startDate !== undefined &&
      day >= p.startDate &&
      (p.endDate === undefined ? day <= referenceDate : day < p.endDate),
  )
}
