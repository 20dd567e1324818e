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
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_NAMES: Record<Role, string> = {
  'partnership-admin': 'Partnership administrator',
  'business-officer': 'Business officer',
  'board-member': 'Board member',
  'agency-lead': 'Agency safeguarding lead',
  'front-door-practitioner': 'Front door practitioner',
  'front-door-manager': 'Front door manager',
  'social-worker': 'Social worker',
  'conference-chair': 'Conference chair',
  lado: 'LADO (designated officer)',
  'cdop-coordinator': 'CDOP coordinator',
  trainer: 'Trainer',
  analyst: 'Analyst',
  auditor: 'Auditor',
  referrer: 'Referrer',
}

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

/** The multi-agency dataset's figures: counts and rates, no child's details. */
const DATASET_READ: Rules = { dataset: { read: 'partnership', export: 'partnership' } }

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
  'partnership-admin': rules(OWN_ACCOUNT, GOVERNANCE_EDIT, {
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
    ASSURANCE_EDIT,
    {
      user: { read: 'partnership' },
      'bank-holiday': { read: 'partnership', create: 'partnership', delete: 'partnership' },
      census: { validate: 'partnership' },
    },
  ),
  'board-member': rules(OWN_ACCOUNT, READ_DIRECTORY, GOVERNANCE_READ, DATASET_READ, {
    assurance: { read: 'partnership', export: 'partnership' },
    'case-file-audit': { read: 'partnership', export: 'partnership' },
  }),
  // Agency leads update the business plan actions their agency leads, and only those.
  'agency-lead': rules(OWN_ACCOUNT, READ_DIRECTORY, {
    user: { read: 'agency' },
    'business-plan': { read: 'partnership', update: 'agency' },
    // They answer the front door's checks asked of their agency, and see only those.
    'referral-check': { read: 'agency', update: 'agency' },
    // Agencies see the conferences they were invited to, and send their reports.
    'conference-invitation': { read: 'agency', update: 'agency' },
    'work-tray': { read: 'agency', export: 'agency' },
    // They answer their agency's self-assessment returns and case file audit forms, only those.
    assurance: { read: 'agency', update: 'agency' },
    'case-file-audit': { read: 'agency', update: 'agency' },
  }),
  'front-door-practitioner': rules(OWN_ACCOUNT, READ_DIRECTORY, CHILD_RECORDS, FRONT_DOOR_QUEUE, {
    protection: { read: 'partnership', create: 'partnership' },
    'work-tray': { read: 'own', export: 'own' },
  }),
  'front-door-manager': rules(
    OWN_ACCOUNT,
    READ_DIRECTORY,
    CHILD_RECORDS,
    FRONT_DOOR_QUEUE,
    PROTECTION_WORK,
    DATASET_READ,
    {
      child: { export: 'partnership' },
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
  'social-worker': rules(OWN_ACCOUNT, READ_DIRECTORY, CHILD_RECORDS, PROTECTION_WORK),
  'conference-chair': rules(OWN_ACCOUNT, READ_DIRECTORY, CHILD_RECORDS, PROTECTION_WORK, {
    'protection-settings': { read: 'partnership' },
  }),
  lado: rules(OWN_ACCOUNT, READ_DIRECTORY),
  'cdop-coordinator': rules(OWN_ACCOUNT, READ_DIRECTORY, { child: { read: 'partnership' } }),
  trainer: rules(OWN_ACCOUNT, READ_DIRECTORY),
  analyst: rules(OWN_ACCOUNT, READ_DIRECTORY, DATASET_READ, {
    'bank-holiday': { read: 'partnership' },
    census: { import: 'partnership', export: 'partnership', validate: 'partnership' },
  }),
  auditor: rules(OWN_ACCOUNT, READ_DIRECTORY, {
    audit: { read: 'partnership', export: 'partnership' },
    user: { read: 'partnership' },
  }),
  // Referrers make referrals and see their own, with their drafts.
  referrer: rules(OWN_ACCOUNT, { referral: { read: 'own', create: 'own' } }),
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
