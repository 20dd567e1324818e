import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { namedItems } from '../../../platform/forms.js'
import { z } from 'zod'
import type { Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDate, render } from '../../../platform/http/web.js'
import { permission } from '../../../platform/permissions.js'
import { queryObject } from '../../../platform/query.js'
import {
  ACTION_STATUS_NAMES,
  CATEGORY_NAMES,
  IdParams,
  MAX_ROWS,
  dateValues,
  parsePlanVersion,
} from '../schema.js'
import { childName, planContentsForm, printablePlan, recordPlanVersion } from '../service.js'
import type { PlanAction } from '../table.js'
import { afterChange } from './notices.js'
import { pageOf, postForm, renderForm, type PageState } from './forms.js'

const BODY_LIMIT = 256 * 1024
/** Empty action rows offered after the plan's actions. */
const SPARE_ACTION_ROWS = 3
const PrintQuery = queryObject({ version: z.coerce.number().int().min(1).optional() })

type Found = NonNullable<Awaited<ReturnType<typeof planContentsForm>>>

/** The form's fields as the latest version fills them. */
function formFromVersion(found: Found): Record<string, unknown> {
  const latest = found.latest
  if (!latest) return {}
  const form: Record<string, unknown> = { contingency: latest.contingency }
  latest.outcomes.forEach((outcome, row) => (form[`outcome-${String(row)}`] = outcome))
  latest.actions.forEach((action, row) => {
    const field = (part: string) => `action-${String(row)}-${part}`
    form[field('key')] = action.key
    form[field('what')] = action.what
    form[field('ownerName')] = action.ownerName
    form[field('agencyId')] = action.agencyId
    form[field('status')] = action.status
    Object.assign(form, dateValues(field('dueOn'), action.dueOn))
    if (action.doneOn) Object.assign(form, dateValues(field('doneOn'), action.doneOn))
  })
  return form
}

function rowCount(form: Record<string, unknown>, prefix: string, max: number, spare: number) {
  let last = -1
  for (let row = 0; row < max; row++) {
    if (Object.keys(form).some(name => name.startsWith(`${prefix}-${String(row)}-`))) last = row
    if (form[`${prefix}-${String(row)}`]) last = row
  }
  return Math.min(max, last + 1 + spare)
}

/** A plan's outcomes, actions and contingency: recorded as a new version, and printed. */
export const planContentsRoutes: FastifyPluginAsync<{ db: Db }> = async (app, { db }) => {
  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: PageState = {},
  ) {
    const found = await planContentsForm(db, { actor: actorOf(request), id, requestId: request.id })
    if (!found) return reply.callNotFound()
    const form = state.form ?? formFromVersion(found)
    const meetings = [
      ...found.conferences.map(c => ({
        value: `conference:${c.id}`,
        text: `${c.kind === 'initial' ? 'Initial' : 'Review'} conference on ${formatDate(c.heldOn)}`,
      })),
      ...found.coreGroups.map(m => ({
        value: `core-group:${m.id}`,
        text: `Core group meeting on ${formatDate(m.heldOn)}`,
      })),
    ]
    const actionRows = Array.from(
      { length: rowCount(form, 'action', MAX_ROWS.actions, SPARE_ACTION_ROWS) },
      (_, row) => row,
    )
    return renderForm(
      request,
      reply,
      'protection/views/plan-contents.njk',
      {
        title: found.latest ? 'Change the plan' : 'Record what the plan says',
        backLink: `/protection/plans/${id}`,
        name: childName(found.child),
        ...found,
        ended: found.plan.endDate !== null,
        meetingItems: [
          { value: '', text: 'Select the meeting' },
          ...meetings.map(m => ({ ...m, selected: form.agreedAt === m.value })),
        ],
        outcomeRows: Array.from({ length: MAX_ROWS.outcomes }, (_, row) => row).slice(
          0,
          Math.max(3, rowCount(form, 'outcome', MAX_ROWS.outcomes, 1)),
        ),
        actionRows,
        agencyItems: (row: number) =>
          namedItems(found.agencies, form[`action-${String(row)}-agencyId`], 'Select an agency'),
        statusItems: (row: number) =>
          Object.entries(ACTION_STATUS_NAMES).map(([value, text]) => ({
            value,
            text,
            selected: (form[`action-${String(row)}-status`] ?? 'not-started') === value,
          })),
        form,
      },
      state,
    )
  }

  app.get(
    '/protection/plans/:id/contents',
    { config: { access: permission('protection', 'update') } },
    pageOf(showForm),
  )

  app.post(
    '/protection/plans/:id/contents',
    { config: { access: permission('protection', 'update') }, bodyLimit: BODY_LIMIT },
    postForm({
      show: showForm,
      parse: body => parsePlanVersion(body, londonToday()),
      run: (request, planId, input) =>
        recordPlanVersion(db, { actor: actorOf(request), planId, input, requestId: request.id }),
      next: id => afterChange(`/protection/plans/${id}#plan-contents`, 'plan-version-recorded'),
    }),
  )

  app.get(
    '/protection/plans/:id/print',
    { config: { access: permission('protection', 'read') } },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params)
      const query = PrintQuery.safeParse(request.query)
      if (!params.success || !query.success) return reply.callNotFound()
      const found = await printablePlan(db, {
        actor: actorOf(request),
        id: params.data.id,
        version: query.data.version,
        requestId: request.id,
      })
      if (!found) return reply.callNotFound()
      const { plan, version } = found
      return render(request, reply, 'protection/views/plan-print.njk', {
        title: `Child protection plan for ${childName(found.child)}`,
        backLink: `/protection/plans/${plan.id}`,
        ...found,
        category: plan.latestCategory
          ? ((CATEGORY_NAMES as Record<string, string | undefined>)[plan.latestCategory] ??
            plan.latestCategory)
          : 'Not recorded',
        actions: (version?.actions ?? []).map((action: PlanAction) => ({
          ...action,
          agency: found.agencyNames.get(action.agencyId) ?? 'Unknown agency',
          statusText:
            action.status === 'done' && action.doneOn
              ? `Done on ${formatDate(action.doneOn)}`
              : ACTION_STATUS_NAMES[action.status],
        })),
        isLatest: version !== undefined && version.version === found.latestVersion,
      })
    },
  )
}
