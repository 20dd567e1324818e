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

import { PERMISSIONS } from './permission-matrix.js'
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
  'register-settings', // registers (issue 13): risk levels, repeat-missing rule
  'dataset-settings',
  'return-indicator',
  'agency-return',
  'report-card',
  'assurance',
  'case-file-audit',
  // reports: the annual report, and the sections asked of contributors
  'report',
  'report-contribution',
  // engagement (issue 14)
  'engagement',
  'engagement-panel',
  'engagement-ballot',
  // early help register (issue 10)
  'early-help',
  // privacy (issue 16 point 17): contacts, retention rules, subject access exports
  'privacy',
  // journey (issue 10): a manager authorises an assessment
  'assessment-authorisation',
  // pages (issue 19 point 10): the business unit's calendar of the year
  'business-calendar',
] as const
export type Resource = (typeof RESOURCES)[number]

export type Scope = 'own' | 'agency' | 'partnership'
export { PERMISSIONS }

const SCOPE_WIDTH: Record<Scope, number> = { own: 1, agency: 2, partnership: 3 }

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

/**
 * Two-factor is forced on every role that can see who a child is (issue 19.11): readers of child
 * records, child deaths, allegations, and of the checks and invitations where agency leads see them.
 */
const NAMES_CHILDREN = ['child', 'cdop', 'lado', 'referral-check', 'conference-invitation'] as const
export function roleSeesChildIdentity(role: Role): boolean {
  return NAMES_CHILDREN.some(resource => PERMISSIONS[role][resource]?.read !== undefined)
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
