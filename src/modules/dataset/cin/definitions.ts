/**
 * What each DfE-comparable figure counts, in our words, following the LAIT data dictionary
 * (../shared/data/lait/lait_csc_dictionary.csv). Keys are LAIT measure names where LAIT has the
 * figure, so comparators and targets line up; our own additions have names LAIT does not use.
 */

export interface Definition {
  label: string
  text: string
  /** Shown as a rate per 10,000 children aged 0 to 17 when the population is known. */
  per10k?: boolean
  /** The age band whose population the rate is per 10,000 of, when not all children (0-17). */
  populationBand?: string
  /** The LAIT measure to compare with, and whether LAIT gives it per 10,000 or as a percentage. */
  comparator?: { measure: string; as: 'rate' | 'percent' }
}

export const DEFINITIONS = {
  CPP_Total_NumRef: {
    label: 'Referrals to children’s social care',
    text: 'CIN referrals with a referral date in the period (CINreferralDate). A child referred more than once counts each time. Contacts to the front door that did not become referrals are not counted here.',
    per10k: true,
    comparator: { measure: 'CPP_Total_Rateper10,000', as: 'rate' },
  },
  CIN_Refferals_NFA: {
    label: 'Referrals that ended in no further action',
    text: 'Referrals in the period recorded as no further action (ReferralNFA), out of all referrals in the period.',
    comparator: { measure: 'CIN_Refferals_NFA', as: 'percent' },
  },
  Referrals_AssessedNotNeed: {
    label: 'Referrals assessed as not in need',
    text: 'Referrals in the period whose episode closed after assessment with no further action (reason for closure RC8), out of all referrals in the period.',
    comparator: { measure: 'Referrals_AssessedNotNeed', as: 'percent' },
  },
  ReReferral: {
    label: 'Re-referrals within 12 months',
    text: 'Referrals in the period where the same child had another referral in the 12 months before it (a referral exactly 12 months earlier counts; a second referral on the same day does not), out of all referrals in the period. Referrals from a census import count as much as the front door’s.',
    comparator: { measure: 'ReReferral', as: 'percent' },
  },
  RefBySource: {
    label: 'Referrals by source',
    text: 'Referrals in the period by the census referral source, grouped as DfE publishes them, each out of all referrals in the period.',
  },
  CIN: {
    label: 'Children in need at the end of the period',
    text: 'Children with a CIN episode open on the last day of the period (referred by then, not closed by then), not counting referrals that ended in no further action. A child with two open episodes counts once.',
    per10k: true,
    comparator: { measure: 'CIN', as: 'rate' },
  },
  Assessments: {
    label: 'Assessments completed',
    text: 'Assessments authorised in the period (AssessmentAuthorisationDate).',
  },
  Continue_Assess_Comp: {
    label: 'Assessments completed within 45 working days',
    text: 'Assessments authorised in the period within 45 working days of the referral (working days after the referral date up to and including the authorisation date, on the DfE-comparable calendar), out of all assessments authorised in the period.',
    comparator: { measure: 'Continue_Assess_Comp', as: 'percent' },
  },
  Exploitation_Assessed: {
    label: 'Assessments that identified child sexual or criminal exploitation',
    text: 'Assessments authorised in the period that recorded child sexual exploitation (factor 11A) or child criminal exploitation (24A), whatever the child’s age; the rate is per 10,000 children aged 11 to 17 (the ages nearly all of them are), shown when an ONS estimate for ages 11-17 has been imported.',
    per10k: true,
    populationBand: '11-17',
  },
  AssessmentFactors: {
    label: 'Factors identified at assessment',
    text: 'Each factor recorded on an assessment authorised in the period (codes as in the CIN census guide; one assessment may record several), out of the assessments authorised.',
  },
  Section_47: {
    label: 'Section 47 enquiries started',
    text: 'Section 47 enquiries whose start date (the strategy discussion that initiated the enquiry) is in the period.',
    per10k: true,
    comparator: { measure: 'Section_47', as: 'rate' },
  },
  ISCP_Conf: {
    label: 'Initial child protection conferences',
    text: 'Initial conferences held in the period: those of Section 47 enquiries, and those recorded on a CIN episode with no Section 47 enquiry (a child transferred in on a plan from another authority). A child with two conferences counts twice.',
    per10k: true,
    comparator: { measure: 'ISCP_Conf', as: 'rate' },
  },
  ICPC_TransferIn: {
    label: 'of which with no Section 47 enquiry (transfer-in)',
    text: 'Initial conferences recorded on a CIN episode that has no Section 47 enquiry, held in the period. They have no enquiry start date, so they are not in the 15 working days figure.',
  },
  CP_conf_15days: {
    label: 'Initial conferences within 15 working days (DfE measure)',
    text: 'Initial conferences of Section 47 enquiries held in the period within 15 working days of the start of the enquiry, that is of the strategy discussion that initiated it (working days after the start up to and including the conference day, on the DfE-comparable calendar), out of those conferences.',
    comparator: { measure: 'CP_conf_15days', as: 'percent' },
  },
  ICPC_15days_Local: {
    label:
      'Initial conferences within 15 working days of the last strategy discussion (local reading)',
    text: 'The same conferences, counting from the last strategy discussion held before the conference, as the protection module’s conference target does under the local reading of Working Together. Shown only when it differs from the DfE measure.',
  },
  CPP_OpenAtStart: {
    label: 'Child protection plans open at the start of the period',
    text: 'Plans that started before the first day of the period and had not ended before it.',
  },
  ReRegCPR_Denominator: {
    label: 'Child protection plans started',
    text: 'Plans that started in the period. A child with two plans in the period counts twice.',
    per10k: true,
  },
  PrevRegCPR: {
    label: 'Plans started that were a second or subsequent plan',
    text: 'Plans started in the period where the child had a plan before, at any time and anywhere: an earlier plan in the records, or a previous plan a census reported (NumberOfPreviousCPP), never fewer than the records hold. Out of plans started.',
    comparator: { measure: 'PrevRegCPR', as: 'percent' },
  },
  DeRegCPR: {
    label: 'Child protection plans ended',
    text: 'Plans that ended in the period.',
  },
  CPPlans2yrs: {
    label: 'Plans ended that had lasted two years or more',
    text: 'Plans that ended in the period having lasted more than 729 days including the day they ended (end date minus start date of 729 days or more), out of plans ended.',
    comparator: { measure: 'CPPlans2yrs', as: 'percent' },
  },
  CPP_Num: {
    label: 'Children on a child protection plan at the end of the period',
    text: 'Plans open on the last day of the period (started by then, not ended by then). Open at the start + started - ended = open at the end.',
    per10k: true,
    comparator: { measure: 'CPP_rate', as: 'rate' },
  },
  CPPlans2yrsActive: {
    label: 'Plans open at the end of the period for two years or more',
    text: 'Plans open on the last day of the period that had lasted more than 729 days including that day, out of plans open at the end.',
    comparator: { measure: 'CPPlans2yrsActive', as: 'percent' },
  },
  CPP_Reviewed_InReqTimeScl: {
    label: 'Plans reviewed on time (DfE measure)',
    text: 'Children on a plan at the end of the period who had been on it for at least 3 months, whose reviews were all within timescale: the first within 3 months of the plan starting, each later one within 6 months of the one before, and none overdue at the end. Out of those children. The event-based figure (reviews held on time) is in the protection section below.',
    comparator: { measure: 'RevCP', as: 'percent' },
  },
} satisfies Record<string, Definition>

export type FigureId = keyof typeof DEFINITIONS

export function definitionOf(id: string): Definition | undefined {
  return (DEFINITIONS as Record<string, Definition>)[id]
}
