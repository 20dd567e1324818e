/**
 * The permission matrix: for each role, what it may do to each resource and how widely (its own
 * records, its agency's, or the whole partnership's). `permissions.ts` holds the vocabulary (roles,
 * actions, resources) and the checks; the rules live here, one role to an entry.
 */
import type { Action, Resource, Role, Scope } from './permissions.js'

export type Rules = Partial<Record<Resource, Partial<Record<Action, Scope>>>>

/** Read, add, change and export across the partnership: what the team that runs an area may do. */
const MANAGE_AND_EXPORT = {
  read: 'partnership',
  create: 'partnership',
  update: 'partnership',
  export: 'partnership',
} as const

const OWN_ACCOUNT: Rules = {
  account: { read: 'own', update: 'own' },
  'api-token': { read: 'own', create: 'own', delete: 'own' },
  dashboard: { read: 'partnership' },
}

const READ_DIRECTORY: Rules = { agency: { read: 'partnership' } }

const CHILD_RECORDS: Rules = {
  child: { read: 'partnership', create: 'partnership', update: 'partnership' },
}

/** The business unit runs the board: bodies, meetings, attendance, budget and business plan. */
const GOVERNANCE_EDIT: Rules = {
  governance: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    delete: 'partnership',
    export: 'partnership',
  },
  'governance-budget': MANAGE_AND_EXPORT,
  'business-plan': MANAGE_AND_EXPORT,
}

const GOVERNANCE_READ: Rules = {
  governance: { read: 'partnership', export: 'partnership' },
  'governance-budget': { read: 'partnership', export: 'partnership' },
  'business-plan': { read: 'partnership', export: 'partnership' },
}

/** The front door reads every referral the partnership receives, and triages and decides it. */
const FRONT_DOOR_QUEUE: Rules = {
  referral: { read: 'partnership', export: 'partnership', update: 'partnership' },
  'referral-check': { create: 'partnership' },
}

/**
 * The statutory journey after the front door: strategy discussions, Section 47 enquiries,
 * conferences with their invitations, plans and core groups.
 */
const PROTECTION_WORK: Rules = {
  protection: MANAGE_AND_EXPORT,
  'conference-invitation': { read: 'partnership', create: 'partnership', update: 'partnership' },
  'work-tray': { read: 'own', export: 'own' },
}

/** Child death reviews: notifications, meetings, information from agencies, analysis. */
const CDOP_WORK: Rules = {
  cdop: MANAGE_AND_EXPORT,
}

/** Allegations against people who work with children, managed by the designated officers. */
const LADO_WORK: Rules = {
  lado: MANAGE_AND_EXPORT,
}
/**
 * Registers of children at particular risk (exploitation, missing, FGM, private fostering), for
 * the roles that hold child records; the panels that review them; the public's intelligence.
 */
const REGISTER_WORK: Rules = {
  register: { read: 'partnership', create: 'partnership', update: 'partnership' },
  'register-panel': { read: 'partnership', update: 'partnership' },
  'community-intelligence': { read: 'partnership', update: 'partnership' },
}
/**
 * Panel members who hold no child-record role: 'own' means only the children on the agendas of
 * the panels they are a current member of (registers/panels/access.ts), each view audited.
 */
const PANEL_MEMBER: Rules = { 'register-panel': { read: 'own' } }

/** The multi-agency dataset's figures: counts and rates, no child's details. */
const DATASET_READ: Rules = { dataset: { read: 'partnership', export: 'partnership' } }

/** The training programme: the business unit runs it; trainers mark registers and log delivery. */
const TRAINING_RUN: Rules = {
  training: MANAGE_AND_EXPORT,
  'training-register': { read: 'partnership', update: 'partnership', export: 'partnership' },
  'training-delivery': { read: 'partnership', create: 'partnership', export: 'partnership' },
  'training-figures': { read: 'partnership', export: 'partnership' },
  'training-approval': { read: 'partnership', update: 'partnership' },
}
const TRAINING_TRAINER: Rules = {
  training: { read: 'partnership' },
  'training-register': { read: 'partnership', update: 'partnership' },
  'training-delivery': { read: 'partnership', create: 'partnership', export: 'partnership' },
  'training-figures': { read: 'partnership', export: 'partnership' },
}
const TRAINING_FIGURES: Rules = {
  'training-figures': { read: 'partnership', export: 'partnership' },
}

/**
 * Case reviews: a narrow audience. The business unit runs screening and reviews; the partnership
 * administrator also records the chair's decision; auditors read. Any professional may refer a case
 * and see what they referred; agency leads answer their agency's information requests; the board
 * reads the report card, which names no child.
 */
const CASE_REVIEW_WORK: Rules = {
  'case-review': MANAGE_AND_EXPORT,
  'case-review-request': { read: 'partnership', update: 'partnership' },
  'case-review-referral': { read: 'partnership', create: 'partnership' },
  'case-review-report': { read: 'partnership', export: 'partnership' },
}
const CASE_REVIEW_REFERRER: Rules = { 'case-review-referral': { read: 'own', create: 'own' } }

/**
 * Agency returns and report cards: the business unit keeps the indicator catalogue, requests
 * returns and writes report cards; agency leads fill in and sign off their own agency's returns.
 */
const RETURNS_MANAGE: Rules = {
  'return-indicator': MANAGE_AND_EXPORT,
  'agency-return': {
    read: 'partnership',
    create: 'partnership',
    export: 'partnership',
  },
  'report-card': MANAGE_AND_EXPORT,
}
const RETURNS_READ: Rules = {
  'return-indicator': { read: 'partnership' },
  'agency-return': { read: 'partnership', export: 'partnership' },
  'report-card': { read: 'partnership', export: 'partnership' },
}

/**
 * Assurance: the business unit runs self-assessment cycles and case file audits; agency leads
 * answer their own agency's returns and audit forms, and see only those.
 */
const ASSURANCE_EDIT: Rules = {
  assurance: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
    import: 'partnership',
  },
  'case-file-audit': MANAGE_AND_EXPORT,
}

/** The dataset's settings: the local authority, the DfE calendar, populations and targets. */
const DATASET_SETTINGS: Rules = {
  'dataset-settings': { read: 'partnership', update: 'partnership' },
}

/** The annual report: the business unit builds it, asks for sections, and submits it. */
const REPORT_CONTRIBUTOR: Rules = { 'report-contribution': { read: 'own', update: 'own' } }
const REPORT_BUILD: Rules = {
  ...REPORT_CONTRIBUTOR,
  report: MANAGE_AND_EXPORT,
}
/** Board members (the independent chair) approve the report; 'validate' is the sign-off. */
const REPORT_APPROVE: Rules = {
  report: { read: 'partnership', validate: 'partnership', export: 'partnership' },
}

/**
 * Engagement: the business unit runs surveys, the bulletin, campaigns and priority exercises. The
 * young people's panel is 'own': only the coordinators the partnership administrator names
 * (engagement/panel) see its members.
 */
const ENGAGEMENT_RUN: Rules = {
  engagement: MANAGE_AND_EXPORT,
  'engagement-panel': { read: 'own', create: 'own', update: 'own' },
}
/** Board members read the engagement work and rank candidate priorities. */
const ENGAGEMENT_BOARD: Rules = {
  engagement: { read: 'partnership' },
  'engagement-ballot': { read: 'partnership', create: 'partnership' },
}

function rules(...parts: Rules[]): Rules {
  const merged: Rules = {}
  for (const part of parts) {
    for (const [resource, actions] of Object.entries(part) as [Resource, Rules[Resource]][]) {
      merged[resource] = { ...merged[resource], ...actions }
    }
  }
  return merged
}

export const PERMISSIONS: Record<Role, Rules> = {
  'partnership-admin': rules(OWN_ACCOUNT, GOVERNANCE_EDIT, CASE_REVIEW_WORK, {
    'case-review-decision': { create: 'partnership' },
    team: { read: 'partnership', create: 'partnership', update: 'partnership' },
    'partnership-settings': { read: 'partnership', update: 'partnership' },
    agency: { read: 'partnership', create: 'partnership', update: 'partnership' },
    user: { read: 'partnership', create: 'partnership', update: 'partnership' },
    'role-grant': { read: 'partnership', create: 'partnership', delete: 'partnership' },
    'bank-holiday': { read: 'partnership', create: 'partnership', delete: 'partnership' },
    outbox: { read: 'partnership' },
    // The administrator names the young people's panel's coordinators.
    'engagement-panel': { update: 'partnership' },
    // The administrator keeps the privacy notice's contacts and the retention rules.
    privacy: { read: 'partnership', update: 'partnership', export: 'partnership' },
  }),
  'business-officer': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    GOVERNANCE_EDIT,
    DATASET_READ,
    CASE_REVIEW_WORK,
    RETURNS_MANAGE,
    ASSURANCE_EDIT,
    TRAINING_RUN,
    DATASET_SETTINGS,
    REPORT_BUILD,
    ENGAGEMENT_RUN,
    {
      user: { read: 'partnership' },
      'bank-holiday': { read: 'partnership', create: 'partnership', delete: 'partnership' },
      census: { validate: 'partnership' },
      'business-calendar': { read: 'partnership', export: 'partnership' },
    },
  ),
  'board-member': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    GOVERNANCE_READ,
    DATASET_READ,
    RETURNS_READ,
    TRAINING_FIGURES,
    REPORT_APPROVE,
    ENGAGEMENT_BOARD,
    {
      'case-review-report': { read: 'partnership', export: 'partnership' },
      assurance: { read: 'partnership', export: 'partnership' },
      'case-file-audit': { read: 'partnership', export: 'partnership' },
    },
  ),
  // Agency leads update the business plan actions their agency leads, and only those.
  'agency-lead': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CASE_REVIEW_REFERRER,
    PANEL_MEMBER,
    REPORT_CONTRIBUTOR,
    {
      // They approve their own staff's bookings where a course needs a manager's approval.
      'training-approval': { read: 'agency', update: 'agency' },
      // They answer case review information requests asked of their agency, and see only those.
      'case-review-request': { read: 'agency', update: 'agency' },
      user: { read: 'agency' },
      'business-plan': { read: 'partnership', update: 'agency' },
      // They answer the front door's checks asked of their agency, and see only those.
      'referral-check': { read: 'agency', update: 'agency' },
      // Agencies see the conferences they were invited to, and send their reports.
      'conference-invitation': { read: 'agency', update: 'agency' },
      'work-tray': { read: 'agency', export: 'agency' },
      // They fill in and sign off their own agency's returns, and see the report cards.
      'return-indicator': { read: 'partnership' },
      'agency-return': { read: 'agency', update: 'agency', export: 'agency' },
      'report-card': { read: 'partnership' },
      // They answer their agency's self-assessment returns and case file audit forms, only those.
      assurance: { read: 'agency', update: 'agency' },
      'case-file-audit': { read: 'agency', update: 'agency' },
    },
  ),
  'front-door-practitioner': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CHILD_RECORDS,
    FRONT_DOOR_QUEUE,
    CASE_REVIEW_REFERRER,
    REGISTER_WORK,
    {
      protection: { read: 'partnership', create: 'partnership' },
      'work-tray': { read: 'own', export: 'own' },
    },
  ),
  'front-door-manager': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CHILD_RECORDS,
    FRONT_DOOR_QUEUE,
    PROTECTION_WORK,
    DATASET_READ,
    CASE_REVIEW_REFERRER,
    REGISTER_WORK,
    {
      child: { export: 'partnership' },
      register: { export: 'partnership', import: 'partnership' },
      'register-panel': { export: 'partnership' },
      'community-intelligence': { export: 'partnership' },
      'register-settings': { read: 'partnership', update: 'partnership' },
      // Managers merge duplicate child records, see every worker's and team's tray, and run teams.
      'child-merge': { create: 'partnership' },
      'work-tray': { read: 'partnership', export: 'partnership' },
      team: { read: 'partnership', create: 'partnership', update: 'partnership' },
      'protection-settings': { read: 'partnership', update: 'partnership' },
      census: { import: 'partnership', export: 'partnership', validate: 'partnership' },
      // Managers authorise practitioners' decisions and set the front door's timescales.
      'referral-authorisation': { create: 'partnership' },
      'front-door-settings': { read: 'partnership', update: 'partnership' },
      // journey (issue 10): managers authorise assessments.
      'assessment-authorisation': { create: 'partnership' },
    },
  ),
  'social-worker': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CHILD_RECORDS,
    PROTECTION_WORK,
    CASE_REVIEW_REFERRER,
    REGISTER_WORK,
  ),
  'conference-chair': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CHILD_RECORDS,
    PROTECTION_WORK,
    CASE_REVIEW_REFERRER,
    REGISTER_WORK,
    {
      'protection-settings': { read: 'partnership' },
    },
  ),
  lado: rules(OWN_ACCOUNT, READ_DIRECTORY, CASE_REVIEW_REFERRER, LADO_WORK, PANEL_MEMBER),
  'cdop-coordinator': rules(OWN_ACCOUNT, READ_DIRECTORY, CASE_REVIEW_REFERRER, CDOP_WORK, {
    child: { read: 'partnership' },
  }),
  trainer: rules(OWN_ACCOUNT, READ_DIRECTORY, TRAINING_TRAINER),
  analyst: rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    DATASET_READ,
    DATASET_SETTINGS,
    RETURNS_READ,
    TRAINING_FIGURES,
    {
      'case-review-report': { read: 'partnership', export: 'partnership' },
      'bank-holiday': { read: 'partnership' },
      census: { import: 'partnership', export: 'partnership', validate: 'partnership' },
    },
  ),
  auditor: rules(OWN_ACCOUNT, READ_DIRECTORY, {
    audit: { read: 'partnership', export: 'partnership' },
    cdop: { read: 'partnership' },
    lado: { read: 'partnership' },
    user: { read: 'partnership' },
    // Auditors read case reviews, and change nothing.
    'case-review': { read: 'partnership', export: 'partnership' },
    'case-review-request': { read: 'partnership' },
    'case-review-referral': { read: 'partnership' },
    'case-review-report': { read: 'partnership', export: 'partnership' },
  }),
  // Referrers make referrals and see their own, with their drafts.
  referrer: rules(OWN_ACCOUNT, { referral: { read: 'own', create: 'own' } }),
  // Panel members read the reviews they discuss; the coordinator records them.
  'cdop-panel-member': rules(OWN_ACCOUNT, READ_DIRECTORY, {
    cdop: { read: 'partnership', export: 'partnership' },
  }),
  // The designated officers' manager oversees and covers their allegations.
  'lado-manager': rules(OWN_ACCOUNT, READ_DIRECTORY, LADO_WORK),
}

// Early help register (issue 10): the front door and social workers keep it; managers also export.
const EARLY_HELP_WORK: Rules = {
  'early-help': { read: 'partnership', create: 'partnership', update: 'partnership' },
}
for (const role of ['front-door-practitioner', 'front-door-manager', 'social-worker'] as const) {
  PERMISSIONS[role] = rules(PERMISSIONS[role], EARLY_HELP_WORK)
}
PERMISSIONS['front-door-manager'] = rules(PERMISSIONS['front-door-manager'], {
  'early-help': { export: 'partnership' },
})
// Agency leads see and keep the episodes whose lead professional is from their agency, only those,
// and open episodes with their own agency as the lead.
PERMISSIONS['agency-lead'] = rules(PERMISSIONS['agency-lead'], {
  'early-help': { read: 'agency', create: 'agency', update: 'agency', export: 'agency' },
})
