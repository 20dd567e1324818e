import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { actorOf } from '../../../platform/http/access.js'
import { fieldError, formBody, type GovukErrors } from '../../../platform/forms.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { londonToday } from '../../../platform/calendar.js'
import type { PlanVersion } from '../repo.js'
import {
  ACTION_STATUS_NAMES,
  CORE_GROUP_ATTENDANCE_NAMES,
  CATEGORY_NAMES,
  CONFERENCE_OUTCOME_NAMES,
  CONFERENCE_STATUS_NAMES,
  END_REASON_NAMES,
  IdParams,
  dateValues,
  list,
  parseCoreGroup,
  parseEndPlan,
  type FormResult,
} from '../schema.js'
import { childName, endPlan, planPage, recordCoreGroup, type PlanChange } from '../service.js'
import { afterChange, type ProtectionNotice } from './notices.js'

const BODY_LIMIT = 256 * 1024
const NO_ERRORS: GovukErrors = { summary: [], fields: {} }
/** Rows for the people at a core group meeting; empty rows are ignored. */
const ATTENDEE_ROWS_SHOWN = 8

interface PageState {
  form?: Record<string, unknown>
  errors?: GovukErrors
  statusCode?: number
}

/** A child protection plan: its reviews, core groups, and its end outside a conference. */
export const planRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showPlan(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: PageState = {},
  ) {
    const actor = actorOf(request)
    const found = await planPage(db, { actor, id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const { plan, reviews, coreGroups, agencyNames } = found
    const form = state.form ?? doneDates(found.versions.at(-1))
    const today = londonToday()
    const heldReviews = reviews.filter(review => review.status === 'held')
    const nextReview = reviews.find(
      review => review.status === 'to-schedule' || review.status === 'scheduled',
    )
    const canUpdate = can(actor.roles, 'protection', 'update') && plan.endDate === null
    const chosen = list(form, 'agencyIds')
    return render(
      request,
      reply,
      'protection/views/plan.njk',
      {
        title: 'Child protection plan',
        backLink: `/protection/children/${found.child.id}`,
        name: childName(found.child),
        ...found,
        canUpdate,
        canRecordCoreGroup: can(actor.roles, 'protection', 'create') && plan.endDate === null,
        summaryRows: [
          ['Initial category', categoryName(plan.initialCategory)],
          ['Latest category', categoryName(plan.latestCategory)],
          ['Started', formatDate(plan.startDate)],
          ['Pre-birth plan', plan.preBirth ? 'Yes' : 'No'],
          ['Lead worker', found.leadWorkerName ?? 'Not allocated'],
          ['Previous plans', String(plan.numberOfPreviousPlans ?? 0)],
          [
            'Next review due',
            nextReview
              ? `${formatDate(nextReview.targetDate)}${nextReview.targetDate < today ? ' (overdue)' : ''}`
              : 'None',
          ],
          [
            'First core group due',
            `${formatDate(found.firstCoreGroupDue)}${
              found.firstCoreGroupMet === null
                ? found.firstCoreGroupDue < today
                  ? ' (overdue: not yet held)'
                  : ' (not yet held)'
                : found.firstCoreGroupMet
                  ? ' (met)'
                  : ' (missed)'
            }`,
          ],
          ...(plan.endDate
            ? [
                ['Ended', formatDate(plan.endDate)],
                ['Why it ended', plan.endReason ? END_REASON_NAMES[plan.endReason] : ''],
                ...(plan.endReasonNotes ? [['Notes on the end', plan.endReasonNotes]] : []),
              ]
            : []),
        ].map(([key = '', value = '']) => ({ key: { text: key }, value: { text: value } })),
        reviews: reviews.map(review => ({
          ...review,
          timeliness:
            review.heldOn === null
              ? review.status === 'cancelled'
                ? 'Cancelled'
                : review.targetDate < today
                  ? 'Overdue'
                  : 'Not yet held'
              : review.heldOn <= review.targetDate
                ? 'On time'
                : 'Late',
        })),
        heldReviews: heldReviews.length,
        nextReview,
        coreGroups: coreGroups.map(meeting => ({
          ...meeting,
          agencies: meeting.agenciesPresent.map(agencyId => agencyNames.get(agencyId) ?? 'Unknown'),
          people: found.attendees
            .filter(person => person.meetingId === meeting.id)
            .map(
              person =>
                `${person.personName} (${agencyNames.get(person.agencyId) ?? 'Unknown'}): ${CORE_GROUP_ATTENDANCE_NAMES[person.attendance]}`,
            ),
        })),
        ...planContents(found.versions, agencyNames, coreGroups),
        attendeeRows: Array.from({ length: ATTENDEE_ROWS_SHOWN }, (_, row) => ({
          index: row,
          agencyItems: [
            { value: '', text: 'Select an agency' },
            ...found.agencies.map(agency => ({
              value: agency.id,
              text: agency.name,
              selected: form[`attendee-${String(row)}-agency`] === agency.id,
            })),
          ],
          attendanceItems: Object.entries(CORE_GROUP_ATTENDANCE_NAMES).map(([value, text]) => ({
            value,
            text,
            selected: (form[`attendee-${String(row)}-attendance`] ?? 'attended') === value,
          })),
        })),
        statusItems: (key: string, current: string) =>
          Object.entries(ACTION_STATUS_NAMES).map(([value, text]) => ({
            value,
            text,
            selected: (form[`update-${key}-status`] ?? current) === value,
          })),
        agencyItems: found.agencies.map(agency => ({
          value: agency.id,
          text: agency.name,
          checked: chosen.includes(agency.id),
        })),
        endReasonItems: Object.entries(END_REASON_NAMES).map(([value, text]) => ({
          value,
          text,
          checked: form.reason === value,
        })),
        statusNames: CONFERENCE_STATUS_NAMES,
        outcomeNames: CONFERENCE_OUTCOME_NAMES,
        form,
        errors: state.errors ?? NO_ERRORS,
      },
      state.statusCode ?? 200,
    )
  }

  app.get(
    '/protection/plans/:id',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      return showPlan(request, reply, params.data.id)
    },
  )

  function planForm<T>(
    parse: (body: Record<string, unknown>) => FormResult<T>,
    change: (request: FastifyRequest, id: string, input: T) => Promise<PlanChange>,
    anchor: string,
    notice: ProtectionNotice,
  ) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const params = IdParams.safeParse(request.params)
      if (!params.success) return reply.callNotFound()
      const { id } = params.data
      const body = formBody(request.body)
      const refuse = (errors: GovukErrors) =>
        showPlan(request, reply, id, { form: body, errors, statusCode: 400 })
      const form = parse(body)
      if (!form.success) return refuse(form.errors)
      const outcome = await change(request, id, form.data)
      if (outcome.kind === 'not-found') return reply.callNotFound()
      if (outcome.kind === 'refused') return refuse(fieldError(outcome.field, outcome.message))
      return reply.redirect(afterChange(`/protection/plans/${id}${anchor}`, notice), 303)
    }
  }

  app.post(
    '/protection/plans/:id/core-groups',
    { config: { access: permission('protection', 'create') }, bodyLimit: BODY_LIMIT },
    planForm(
      body => parseCoreGroup(body, londonToday()),
      (request, planId, input) =>
        recordCoreGroup(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      '#core-groups',
      'core-group-recorded',
    ),
  )

  app.post(
    '/protection/plans/:id/end',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    planForm(
      body => parseEndPlan(body, londonToday()),
      (request, planId, input) =>
        endPlan(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      '',
      'plan-ended',
    ),
  )
}

/** The done dates of done actions, so that a core group keeps them without typing them again. */
function doneDates(latest: PlanVersion | undefined): Record<string, unknown> {
  const form: Record<string, unknown> = {}
  for (const action of latest?.actions ?? []) {
    if (action.doneOn) Object.assign(form, dateValues(`update-${action.key}-doneOn`, action.doneOn))
  }
  return form
}

/** What the latest version says, and the history of versions, as the plan page shows them. */
function planContents(
  versions: PlanVersion[],
  agencyNames: Map<string, string>,
  coreGroups: { id: string; heldOn: string }[],
) {
  const latest = versions.at(-1)
  const meetingDate = new Map(coreGroups.map(meeting => [meeting.id, meeting.heldOn]))
  return {
    latest,
    latestActions: (latest?.actions ?? []).map(action => ({
      ...action,
      agency: agencyNames.get(action.agencyId) ?? 'Unknown agency',
      statusText:
        action.status === 'done' && action.doneOn
          ? `Done on ${formatDate(action.doneOn)}`
          : ACTION_STATUS_NAMES[action.status],
    })),
    history: [...versions].reverse().map(version => ({
      ...version,
      agreedAt: version.coreGroupMeetingId
        ? `Core group meeting on ${formatDate(meetingDate.get(version.coreGroupMeetingId) ?? '')}`
        : 'Conference',
    })),
  }
}

function categoryName(code: string | null): string {
  if (!code) return 'Not recorded'
  return code in CATEGORY_NAMES ? CATEGORY_NAMES[code as keyof typeof CATEGORY_NAMES] : code
}
