import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { namedItems } from '../../../platform/forms.js'
import type { Db } from '../../../db/database.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate } from '../../../platform/http/web.js'
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
  dateValues,
  list,
  parseCoreGroup,
  parseEndPlan,
} from '../schema.js'
import { childName, endPlan, planPage, recordCoreGroup } from '../service.js'
import { afterChange } from './notices.js'
import { pageOf, postForm, renderForm, type PageState } from './forms.js'

const BODY_LIMIT = 256 * 1024
/** Rows for the people at a core group meeting; empty rows are ignored. */
const ATTENDEE_ROWS_SHOWN = 8

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
    return renderForm(
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
          agencyItems: namedItems(
            found.agencies,
            form[`attendee-${String(row)}-agency`],
            'Select an agency',
          ),
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
      },
      state,
    )
  }

  app.get(
    '/protection/plans/:id',
    { config: { access: permission('protection', 'read') } },
    pageOf(showPlan),
  )

  app.post(
    '/protection/plans/:id/core-groups',
    { config: { access: permission('protection', 'create') }, bodyLimit: BODY_LIMIT },
    postForm({
      show: showPlan,
      parse: body => parseCoreGroup(body, londonToday()),
      run: (request, planId, input) =>
        recordCoreGroup(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      next: id => afterChange(`/protection/plans/${id}#core-groups`, 'core-group-recorded'),
    }),
  )

  app.post(
    '/protection/plans/:id/end',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    postForm({
      show: showPlan,
      parse: body => parseEndPlan(body, londonToday()),
      run: (request, planId, input) =>
        endPlan(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      next: id => afterChange(`/protection/plans/${id}`, 'plan-ended'),
    }),
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
