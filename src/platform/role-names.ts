import type { Role } from './permissions.js'

/** Each role's name as people read it. */
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
  'cdop-panel-member': 'CDOP panel member',
  'lado-manager': 'LADO manager',
}
