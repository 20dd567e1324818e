/** The forms of a plan's contents, a core group's people and updates, and a conference's family. */
import { toGovukErrors } from '../../../platform/forms.js'
import type { ActionStatus, ChildViews, CoreGroupAttendance, FamilyRelationship } from '../table.js'
import { UUID, readDate, text, type Body, type FormResult } from './forms.js'

export const ACTION_STATUS_NAMES: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  'not-done': 'Not done',
}

export const CORE_GROUP_ATTENDANCE_NAMES: Record<CoreGroupAttendance, string> = {
  attended: 'Attended',
  apologies: 'Sent apologies',
  'did-not-attend': 'Did not attend',
}

export const RELATIONSHIP_NAMES: Record<FamilyRelationship, string> = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  carer: 'Carer',
  child: 'The child',
  'other-family': 'Other family member',
}

export const CHILD_VIEWS_NAMES: Record<ChildViews, string> = {
  attended: 'The child attended',
  'in-writing': 'In writing',
  advocate: 'Through an advocate',
  'social-worker': 'Through the social worker',
  'not-given': 'Not given',
}

/** Most rows a form may send: outcomes, actions, attendees. */
export const MAX_ROWS = { outcomes: 8, actions: 20, attendees: 12 } as const

const LIMITS = { outcome: 2000, what: 2000, name: 200, contingency: 10_000 }

type Errors = Record<string, { text: string }>

function isOneOf<T extends string>(names: Record<T, string>, value: string): value is T {
  return Object.hasOwn(names, value)
}

/** A date's boxes: the date, null when empty, or the message when it is not a real date. */
function optionalDate(body: Body, name: string, what: string, errors: Errors, today?: string) {
  const read = readDate(body, name)
  if (read.kind === 'empty') return null
  if (read.kind === 'invalid') {
    errors[`${name}-day`] ??= { text: `The ${what} must be a real date` }
    return null
  }
  if (today !== undefined && read.date > today) {
    errors[`${name}-day`] ??= { text: `The ${what} must be today or in the past` }
    return null
  }
  return read.date
}

function done<T>(errors: Errors, data: T): FormResult<T> {
  return Object.keys(errors).length
    ? { success: false, errors: toGovukErrors(errors) }
    : { success: true, data }
}

// ---- A version of the plan --------------------------------------------------------------------

export interface ActionInput {
  /** The form row, for a message next to the right field. */
  row: number
  key: string | null
  what: string
  ownerName: string
  agencyId: string
  dueOn: string
  status: ActionStatus
  doneOn: string | null
}

export interface PlanVersionInput {
  agreedAt: { kind: 'conference' | 'core-group'; id: string }
  outcomes: string[]
  actions: ActionInput[]
  contingency: string
}

function readAgreedAt(body: Body, errors: Errors): PlanVersionInput['agreedAt'] {
  const [kind = '', id = ''] = text(body, 'agreedAt').split(':')
  if ((kind === 'conference' || kind === 'core-group') && UUID.test(id)) return { kind, id }
  errors.agreedAt = { text: 'Select the conference or core group that agreed this plan' }
  return { kind: 'conference', id: '' }
}

function readOutcomes(body: Body, errors: Errors): string[] {
  const outcomes: string[] = []
  for (let row = 0; row < MAX_ROWS.outcomes; row++) {
    const outcome = text(body, `outcome-${String(row)}`)
    if (outcome.length > LIMITS.outcome) {
      errors[`outcome-${String(row)}`] = {
        text: `Outcome ${String(row + 1)} must be ${String(LIMITS.outcome)} characters or fewer`,
      }
    }
    if (outcome) outcomes.push(outcome)
  }
  if (outcomes.length === 0) {
    errors['outcome-0'] = { text: 'Enter at least one outcome for the child: what must change' }
  }
  return outcomes
}

function readAction(body: Body, row: number, today: string, errors: Errors): ActionInput | null {
  const field = (part: string) => `action-${String(row)}-${part}`
  const n = String(row + 1)
  const what = text(body, field('what'))
  const ownerName = text(body, field('ownerName'))
  const agencyId = text(body, field('agencyId'))
  const due = readDate(body, field('dueOn'))
  if (!what && !ownerName && !agencyId && due.kind === 'empty') return null
  if (!what) errors[field('what')] = { text: `Enter what action ${n} is` }
  else if (what.length > LIMITS.what) {
    errors[field('what')] = {
      text: `Action ${n} must be ${String(LIMITS.what)} characters or fewer`,
    }
  }
  if (!ownerName) errors[field('ownerName')] = { text: `Enter who will do action ${n}` }
  else if (ownerName.length > LIMITS.name) {
    errors[field('ownerName')] = { text: 'The name must be 200 characters or fewer' }
  }
  if (!UUID.test(agencyId)) {
    errors[field('agencyId')] = { text: `Select the agency of who will do action ${n}` }
  }
  if (due.kind !== 'date') {
    errors[field('dueOn-day')] = {
      text:
        due.kind === 'empty'
          ? `Enter the date action ${n} is due by`
          : `The date action ${n} is due by must be a real date`,
    }
  }
  const status = text(body, field('status')) || 'not-started'
  if (!isOneOf(ACTION_STATUS_NAMES, status)) {
    errors[field('status')] = { text: `Select how far action ${n} has got` }
  }
  const doneOn = readDoneOn(body, field(''), `action ${n}`, status, today, errors)
  const key = text(body, field('key'))
  return {
    row,
    key: UUID.test(key) ? key : null,
    what,
    ownerName,
    agencyId,
    dueOn: due.kind === 'date' ? due.date : '',
    status: status as ActionStatus,
    doneOn,
  }
}

/** The date an action was done: needed when it is done, kept only then. */
function readDoneOn(
  body: Body,
  prefix: string,
  what: string,
  status: string,
  today: string,
  errors: Errors,
): string | null {
  const name = `${prefix}doneOn`
  const doneOn = optionalDate(body, name, `date ${what} was done`, errors, today)
  if (status !== 'done') return null
  if (doneOn === null) errors[`${name}-day`] ??= { text: `Enter the date ${what} was done` }
  return doneOn
}

export function parsePlanVersion(body: Body, today: string): FormResult<PlanVersionInput> {
  const errors: Errors = {}
  const agreedAt = readAgreedAt(body, errors)
  const outcomes = readOutcomes(body, errors)
  const actions: ActionInput[] = []
  for (let row = 0; row < MAX_ROWS.actions; row++) {
    const action = readAction(body, row, today, errors)
    if (action) actions.push(action)
  }
  if (actions.length === 0) {
    errors['action-0-what'] ??= { text: 'Enter at least one action: what, who and by when' }
  }
  const contingency = text(body, 'contingency')
  if (!contingency) {
    errors.contingency = {
      text: 'Enter the contingency plan: what happens if the plan does not work',
    }
  } else if (contingency.length > LIMITS.contingency) {
    errors.contingency = { text: 'The contingency plan must be 10000 characters or fewer' }
  }
  return done(errors, { agreedAt, outcomes, actions, contingency })
}

// ---- A core group's people and the actions it updates -------------------------------------------

export interface AttendeeInput {
  personName: string
  agencyId: string
  attendance: CoreGroupAttendance
}

export interface ActionUpdate {
  key: string
  status: ActionStatus
  doneOn: string | null
}

export function readAttendees(body: Body, errors: Errors): AttendeeInput[] {
  const attendees: AttendeeInput[] = []
  for (let row = 0; row < MAX_ROWS.attendees; row++) {
    const field = (part: string) => `attendee-${String(row)}-${part}`
    const personName = text(body, field('name'))
    const agencyId = text(body, field('agency'))
    const attendance = text(body, field('attendance'))
    if (!personName && !agencyId) continue
    const n = String(row + 1)
    if (!personName) errors[field('name')] = { text: `Enter the name of person ${n}` }
    else if (personName.length > LIMITS.name) {
      errors[field('name')] = { text: 'The name must be 200 characters or fewer' }
    }
    if (!UUID.test(agencyId)) errors[field('agency')] = { text: `Select the agency of person ${n}` }
    if (!isOneOf(CORE_GROUP_ATTENDANCE_NAMES, attendance)) {
      errors[field('attendance')] = { text: `Select whether person ${n} attended` }
      continue
    }
    attendees.push({ personName, agencyId, attendance })
  }
  return attendees
}

const UPDATE_FIELD = /^update-([0-9a-f-]{36})-status$/i

export function readActionUpdates(body: Body, today: string, errors: Errors): ActionUpdate[] {
  const updates: ActionUpdate[] = []
  for (const name of Object.keys(body)) {
    const key = UPDATE_FIELD.exec(name)?.[1]
    if (!key) continue
    const status = text(body, name)
    if (!isOneOf(ACTION_STATUS_NAMES, status)) {
      errors[name] = { text: 'Select how far the action has got' }
      continue
    }
    const doneOn = readDoneOn(body, `update-${key}-`, 'the action', status, today, errors)
    updates.push({ key, status, doneOn })
  }
  return updates
}

// ---- The family at a conference ---------------------------------------------------------------

export interface FamilyAttendanceInput {
  attended: boolean | null
  childViews: ChildViews | null
  viewsNotGivenReason: string | null
}

export interface FamilyMemberInput extends FamilyAttendanceInput {
  name: string
  relationship: FamilyRelationship
  invited: boolean
}

function yesNo(value: string): boolean | null {
  return value === 'yes' ? true : value === 'no' ? false : null
}

function readFamilyAttendance(body: Body, isChild: boolean, errors: Errors): FamilyAttendanceInput {
  const attended = yesNo(text(body, 'attended'))
  if (!isChild) return { attended, childViews: null, viewsNotGivenReason: null }
  const views = text(body, 'childViews')
  if (views && !isOneOf(CHILD_VIEWS_NAMES, views)) {
    errors.childViews = { text: 'Select how the child’s views were given' }
  }
  const childViews = views && isOneOf(CHILD_VIEWS_NAMES, views) ? views : null
  const reason = text(body, 'viewsNotGivenReason')
  if (childViews === 'not-given' && !reason) {
    errors.viewsNotGivenReason = { text: 'Enter why the child’s views were not given' }
  } else if (reason.length > 2000) {
    errors.viewsNotGivenReason = { text: 'The reason must be 2000 characters or fewer' }
  }
  if (childViews === 'attended' && attended === false) {
    errors.childViews = {
      text: 'The child did not attend: select how the child’s views were given',
    }
  }
  return {
    attended,
    childViews,
    viewsNotGivenReason: childViews === 'not-given' ? reason : null,
  }
}

export function parseFamilyMember(body: Body): FormResult<FamilyMemberInput> {
  const errors: Errors = {}
  const name = text(body, 'name')
  if (!name) errors.name = { text: 'Enter the person’s name' }
  else if (name.length > LIMITS.name)
    errors.name = { text: 'The name must be 200 characters or fewer' }
  const relationship = text(body, 'relationship')
  if (!isOneOf(RELATIONSHIP_NAMES, relationship)) {
    errors.relationship = { text: 'Select the person’s relationship to the child' }
  }
  const invited = yesNo(text(body, 'invited'))
  if (invited === null) errors.invited = { text: 'Select whether the person was invited' }
  const attendance = readFamilyAttendance(body, relationship === 'child', errors)
  return done(errors, {
    name,
    relationship: relationship as FamilyRelationship,
    invited: invited ?? false,
    ...attendance,
  })
}

export function parseFamilyAttendance(
  body: Body,
  isChild: boolean,
): FormResult<FamilyAttendanceInput> {
  const errors: Errors = {}
  const attendance = readFamilyAttendance(body, isChild, errors)
  if (attendance.attended === null) errors.attended = { text: 'Select whether the person attended' }
  return done(errors, attendance)
}
