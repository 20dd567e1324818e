/**
 * Who may do what: one matrix of role x resource x action, answered with a scope.
 *
 * - own: records the person created or that are about them (their referrals, their tokens)
 * - agency: records of the agency their role grant names
 * - partnership: every record of the partnership
 *
 * A person holds roles per partnership; the widest scope of their roles in the current partnership
 * wins. Anything not in the matrix is refused.
 */

export const ROLES = [
  'partnership-admin',
  'business-officer',
  'board-member',
  'agency-lead',
  'front-door-practitioner',
  'front-door-manager',
  'social-worker',
  'conference-chair',
  'lado',
  'cdop-coordinator',
  'trainer',
  'analyst',
  'auditor',
  'referrer',
  'cdop-panel-member',
  'lado-manager',
] as const
export type Role = (typeof ROLES)[number]

import { ROLE_NAMES } from './role-names.js'

export { ROLE_NAMES }

export const ACTIONS = [
  'read',
  'create',
  'update',
  'delete',
  'export',
  'import',
  'validate',
] as const
export type Action = (typeof ACTIONS)[number]

export const RESOURCES = [
  'account',
  'api-token',
  'dashboard',
  'partnership-settings',
  'agency',
  'user',
  'role-grant',
  'audit',
  'bank-holiday',
  'outbox',
  'child',
  'census',
  'governance',
  'governance-budget',
  'business-plan',
  'referral',
  'referral-authorisation',
  'front-door-settings',
  'referral-check',
  'child-merge',
  'protection',
  'protection-settings',
  'conference-invitation',
  'team',
  'work-tray',
  'dataset',
  'training',
  'training-register',
  'training-approval',
  'training-delivery',
  'training-figures',
  'case-review',
  'case-review-decision',
  'case-review-request',
  'case-review-referral',
  'case-review-report',
  'cdop',
  'lado',
  'register',
  'register-panel',
  'community-intelligence',
  'dataset-settings',
  'return-indicator',
  'agency-return',
  'report-card',
  'assurance',
  'case-file-audit',
] as const
export type Resource = (typeof RESOURCES)[number]

export type Scope = 'own' | 'agency' | 'partnership'
const SCOPE_WIDTH: Record<Scope, number> = { own: 1, agency: 2, partnership: 3 }

type Rules = Partial<Record<Resource, Partial<Record<Action, Scope>>>>

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
  'governance-budget': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
  'business-plan': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
  protection: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
  'conference-invitation': { read: 'partnership', create: 'partnership', update: 'partnership' },
  'work-tray': { read: 'own', export: 'own' },
}

/** Child death reviews: notifications, meetings, information from agencies, analysis. */
const CDOP_WORK: Rules = {
  cdop: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
}

/** Allegations against people who work with children, managed by the designated officers. */
const LADO_WORK: Rules = {
  lado: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
  training: {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
  'case-review': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
  'return-indicator': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
  'agency-return': {
    read: 'partnership',
    create: 'partnership',
    export: 'partnership',
  },
  'report-card': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
  'case-file-audit': {
    read: 'partnership',
    create: 'partnership',
    update: 'partnership',
    export: 'partnership',
  },
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
    {
      user: { read: 'partnership' },
      'bank-holiday': { read: 'partnership', create: 'partnership', delete: 'partnership' },
      census: { validate: 'partnership' },
    },
  ),
  'board-member': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    GOVERNANCE_READ,
    DATASET_READ,
    RETURNS_READ,
    TRAINING_FIGURES,
    {
      'case-review-report': { read: 'partnership', export: 'partnership' },
      assurance: { read: 'partnership', export: 'partnership' },
      'case-file-audit': { read: 'partnership', export: 'partnership' },
    },
  ),
  // Agency leads update the business plan actions their agency leads, and only those.
  'agency-lead': rules(OWN_ACCOUNT, READ_DIRECTORY, CASE_REVIEW_REFERRER, PANEL_MEMBER, {
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
  }),
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
      // Managers merge duplicate child records, see every worker's and team's tray, and run teams.
      'child-merge': { create: 'partnership' },
      'work-tray': { read: 'partnership', export: 'partnership' },
      team: { read: 'partnership', create: 'partnership', update: 'partnership' },
      'protection-settings': { read: 'partnership', update: 'partnership' },
      census: { import: 'partnership', export: 'partnership', validate: 'partnership' },
      // Managers authorise practitioners' decisions and set the front door's timescales.
      'referral-authorisation': { create: 'partnership' },
      'front-door-settings': { read: 'partnership', update: 'partnership' },
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
  analyst: rules(OWN_ACCOUNT, READ_DIRECTORY, DATASET_READ, RETURNS_READ, TRAINING_FIGURES, {
    'case-review-report': { read: 'partnership', export: 'partnership' },
    'bank-holiday': { read: 'partnership' },
    census: { import: 'partnership', export: 'partnership', validate: 'partnership' },
  }),
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

/** The role's name for people; an unknown value is shown as it is. */
export function roleName(role: string): string {
  return isRole(role) ? ROLE_NAMES[role] : role
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** The widest scope any of `roles` has for the action, or null when none may do it. */
export function scopeFor(roles: readonly Role[], resource: Resource, action: Action): Scope | null {
  let widest: Scope | null = null
  for (const role of roles) {
    const scope = PERMISSIONS[role][resource]?.[action]
    if (scope && (!widest || SCOPE_WIDTH[scope] > SCOPE_WIDTH[widest])) widest = scope
  }
  return widest
}

export function can(roles: readonly Role[], resource: Resource, action: Action): boolean {
  return scopeFor(roles, resource, action) !== null
}

/** Roles that can see a child's record must always use multi-factor authentication. */
export function roleSeesChildRecords(role: Role): boolean {
  return PERMISSIONS[role].child?.read !== undefined
}

/** How a route is protected: every route declares one of these, or the app refuses to start. */
export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'session' }
  | { kind: 'permission'; resource: Resource; action: Action }

export const PUBLIC: RouteAccess = { kind: 'public' }
/** Signed in with a password, whether or not the second factor is done yet. */
export const SESSION: RouteAccess = { kind: 'session' }
export function permission(resource: Resource, action: Action): RouteAccess {
  return { kind: 'permission', resource, action }
}

/** The dataset's settings: the local authority, the DfE calendar, populations and targets. */
for (const role of ['business-officer', 'analyst'] as const) {
  PERMISSIONS[role] = rules(PERMISSIONS[role], {
    'dataset-settings': { read: 'partnership', update: 'partnership' },
  })
}
