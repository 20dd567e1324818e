import { londonToday } from '../../../platform/calendar.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { attachment, sendCsv } from '../../../platform/csv.js'
import type { GovukErrors } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import { IMPORTS } from '../imports.js'
import * as repo from '../repo.js'
import {
  ActionUpdateForm,
  EvidenceForm,
  PlanActionForm,
  PlanForm,
  PlanStepForm,
  RAG_RATINGS,
  STEP_STATUSES,
  StepUpdateForm,
  VersionForm,
  formatDueLabel,
} from '../schema.js'
import {
  agencyItems,
  ctxOf,
  idOf,
  recordFromUrl,
  items,
  query,
  registerAddForm,
  recordPage,
  registerListPage,
  registerPageForm,
  registerRecordForm,
  requireExport,
  view,
} from './shared.js'
import {
  type PlanSnapshotAction,
  addEvidence,
  addPlanAction,
  addPlanStep,
  createPlan,
  issueVersion,
  planLayout,
  readEvidence,
  updateAction,
  updateStep,
  versionDifferences,
} from '../service/plan.js'
import { scoped } from '../service/shared.js'
import { sendXlsx } from '../../../platform/spreadsheets.js'
import { afterChange } from './notices.js'

/** Business plan: plans, their priorities, actions and steps, evidence and issued versions. */
export function registerPlanRoutes(app: FastifyInstance, db: Db): void {
  registerListPage(app, {
    path: '/plans',
    resource: 'business-plan',
    filter: () => ({}),
    load: actor => scoped(db, actor, trx => repo.listPlans(trx, actor.partnershipId)),
    exportName: 'plans',
    columns: { title: p => p.title, starts_on: p => p.startsOn, ends_on: p => p.endsOn },
    view: 'plans',
    model: plans => ({ title: 'Business plans', plans }),
  })

  registerAddForm(app, {
    path: '/plans',
    resource: 'business-plan',
    view: 'plan-form',
    title: 'Add a business plan',
    schema: PlanForm,
    add: (ctx, input) => createPlan(db, ctx, input),
  })

  const planPage = recordPage({
    load: (actor, id) => planLayout(db, actor, id),
    exportAs: (reply, layout, format, actor) => {
      const rowsFor = layout.priorities.flatMap(p =>
        p.actions.map(a => ({ priority: p, action: a })),
      )
      requireExport(actor, 'business-plan')
      if (format === 'xlsx') {
        return sendXlsx(
          reply,
          `${layout.plan.title}.xlsx`,
          [
            'Action',
            'Specific action',
            'Lead',
            'Success indicators',
            'Actions and Timescales for work',
            'Risk RAG rating',
            'Impact and evidence',
          ],
          rowsFor.map(({ action }) => sevenColumns(action)),
          [10, 40, 25, 45, 60, 12, 40],
        )
      }
      // The CSV is the import template's shape, so a plan goes out and comes back in unchanged.
      const rows = rowsFor.flatMap(({ priority: p, action: a }) =>
        (a.steps.length ? a.steps : [null]).map(step => [
          layout.plan.title,
          p.number,
          p.title,
          a.reference,
          a.specificAction,
          a.leads.join('\n'),
          a.leadAgencyName,
          a.successIndicators.join('\n'),
          a.sourceTags.join('\n'),
          a.rag,
          a.impactAndEvidence,
          step?.text,
          step?.dueLabel,
          step?.revisedDueLabel,
          step?.status,
        ]),
      )
      return sendCsv(reply, `${layout.plan.title}.csv`, [...IMPORTS.plan.columns], rows)
    },
    show: async (request, layout, form = {}, actor) => {
      const { priority = '', status = '' } = query(request)
      const priorities = layout.priorities
        .filter(p => !priority || String(p.number) === priority)
        .map(p => ({
          ...p,
          actions: p.actions.filter(
            a =>
              !status || a.steps.some(s => (s.status ?? '') === (status === 'none' ? '' : status)),
          ),
        }))
      const versions = layout.versions.map((v, index) => {
        const previous = layout.versions[index - 1]
        return {
          ...v,
          differences: previous
            ? versionDifferences(
                previous.snapshot as PlanSnapshotAction[],
                v.snapshot as PlanSnapshotAction[],
              )
            : [],
        }
      })
      const sinceLatest = layout.versions.at(-1)
      return {
        view: 'plan',
        model: {
          title: layout.plan.title,
          ...layout,
          today: londonToday(),
          priorities,
          versions,
          unissued: sinceLatest
            ? versionDifferences(sinceLatest.snapshot as PlanSnapshotAction[], layout.snapshot)
            : [],
          filter: { priority, status },
          priorityItems: [
            { value: '', text: 'All priorities' },
            ...layout.priorities.map(p => ({
              value: String(p.number),
              text: `Priority ${p.number}`,
              selected: String(p.number) === priority,
            })),
          ],
          statusItems: [
            ...items(STEP_STATUSES, status, 'Any status'),
            { value: 'none', text: 'No status', selected: status === 'none' },
          ],
          statuses: STEP_STATUSES,
          rags: RAG_RATINGS,
          dueText: formatDueLabel,
          form,
          agencyItems: await agencyItems(db, actor, 'No lead agency', form.leadAgencyId),
          canEdit: can(actor.roles, 'business-plan', 'create'),
          canUpdate: can(actor.roles, 'business-plan', 'update'),
          canExport: can(actor.roles, 'business-plan', 'export'),
        },
      }
    },
  })

  app.get(
    '/plans/:id',
    { config: { access: permission('business-plan', 'read') } },
    (request, reply) => planPage(request, reply),
  )

  registerPageForm(app, '/plans/:id/versions', permission('business-plan', 'create'), {
    schema: VersionForm,
    page: planPage,
    save: (ctx, planId, version) => issueVersion(db, ctx, planId, version),
    savedUrl: planId => afterChange(`/governance/plans/${planId}`, 'plan-version-saved'),
  })

  const loadStep = (request: FastifyRequest) => recordFromUrl(db, request, repo.findStep)

  type Step = NonNullable<Awaited<ReturnType<typeof loadStep>>>
  const stepPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    step: Step,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('step-form'),
      {
        title: `Update step of action ${step.reference}`,
        step,
        form,
        errors,
        dueText: formatDueLabel(step.dueLabel),
        statusItems: items(STEP_STATUSES, form.status ?? '', 'No status'),
      },
      errors ? 400 : 200,
    )

  registerRecordForm(app, '/plans/steps/:id', permission('business-plan', 'update'), {
    load: loadStep,
    current: step => ({ status: step.status ?? '', revisedDue: step.revisedDueLabel ?? '' }),
    schema: StepUpdateForm,
    page: stepPage,
    save: (ctx, step, input) => updateStep(db, ctx, step.id, input),
    savedUrl: (_step, outcome) =>
      afterChange(`/governance/plans/${outcome.planId}`, 'plan-step-updated'),
  })

  const loadAction = (request: FastifyRequest) => recordFromUrl(db, request, repo.findPlanAction)

  type Action = NonNullable<Awaited<ReturnType<typeof loadAction>>>
  const actionPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    action: Action,
    form: Record<string, unknown>,
    errors?: GovukErrors,
  ) =>
    render(
      request,
      reply,
      view('action-form'),
      {
        title: `Update action ${action.reference}`,
        action,
        form,
        errors,
        ragItems: items(RAG_RATINGS, form.rag ?? '', 'Not rated'),
        stepStatusItems: items(STEP_STATUSES, form.status ?? '', 'No status'),
        canAddSteps: can(actorOf(request).roles, 'business-plan', 'create'),
      },
      errors ? 400 : 200,
    )

  registerPageForm(app, '/plans/:id/actions', permission('business-plan', 'create'), {
    schema: PlanActionForm,
    page: planPage,
    save: (ctx, planId, action) => addPlanAction(db, ctx, planId, action),
    savedUrl: planId => afterChange(`/governance/plans/${planId}`, 'plan-action-added'),
  })

  // The action's page shows its own rating and impact unless the form posts others.
  const actionValues = (action: Action, body: Record<string, unknown>) => ({
    rag: action.rag ?? '',
    impactAndEvidence: action.impactAndEvidence ?? '',
    ...body,
  })

  registerRecordForm(app, '/plans/actions/:id/steps', permission('business-plan', 'create'), {
    load: loadAction,
    schema: PlanStepForm,
    values: actionValues,
    page: actionPage,
    save: (ctx, action, step) => addPlanStep(db, ctx, action.id, step),
    savedUrl: action => afterChange(`/governance/plans/${action.planId}`, 'plan-step-added'),
  })

  registerRecordForm(app, '/plans/actions/:id/evidence', permission('business-plan', 'update'), {
    load: loadAction,
    schema: EvidenceForm,
    values: actionValues,
    page: actionPage,
    save: (ctx, action, evidence, { file }) =>
      addEvidence(db, ctx, action.id, {
        ...evidence,
        attachment: Buffer.isBuffer(file) && file.length > 0 ? file : null,
      }),
    savedUrl: action => afterChange(`/governance/plans/${action.planId}`, 'plan-evidence-added'),
  })

  app.get(
    '/plans/evidence/:id',
    { config: { access: permission('business-plan', 'read') } },
    async (request, reply) => {
      const id = idOf(request)
      const evidence = id ? await readEvidence(db, ctxOf(request), id) : null
      if (!evidence?.content) return reply.callNotFound()
      return reply
        .header('content-type', evidence.contentType ?? 'application/octet-stream')
        .header('content-disposition', attachment(evidence.filename ?? 'evidence'))
        .header('cache-control', 'no-store')
        .send(evidence.content)
    },
  )

  registerRecordForm(app, '/plans/actions/:id', permission('business-plan', 'update'), {
    load: loadAction,
    current: action => actionValues(action, {}),
    schema: ActionUpdateForm,
    page: actionPage,
    save: (ctx, action, update) => updateAction(db, ctx, action.id, update),
    savedUrl: (_action, outcome) =>
      afterChange(`/governance/plans/${outcome.planId}`, 'plan-action-updated'),
  })
}

/** One action as the plan prints it: Medway's seven columns, steps with their timescales. */
function sevenColumns(action: {
  reference: string
  specificAction: string
  leads: string[]
  successIndicators: string[]
  rag: string | null
  impactAndEvidence: string | null
  evidence?: { recordedOn: string; text: string }[]
  steps: { text: string; dueLabel: string; revisedDueLabel: string | null; status: string | null }[]
}): string[] {
  return [
    action.reference,
    action.specificAction,
    action.leads.join('\n'),
    action.successIndicators.join('\n'),
    action.steps
      .map(step => {
        const status = step.status
          ? ` ${STEP_STATUSES[step.status as keyof typeof STEP_STATUSES]}`
          : ''
        const revised = step.revisedDueLabel
          ? ` (revised ${formatDueLabel(step.revisedDueLabel)})`
          : ''
        return `${step.text}: ${formatDueLabel(step.dueLabel)}${revised}${status}`
      })
      .join('\n'),
    action.rag ? RAG_RATINGS[action.rag as keyof typeof RAG_RATINGS] : '',
    [action.impactAndEvidence, ...(action.evidence ?? []).map(e => `${e.recordedOn}: ${e.text}`)]
      .filter(Boolean)
      .join('\n'),
  ]
}
