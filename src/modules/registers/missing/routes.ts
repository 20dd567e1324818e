import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../../db/database.js'
import { sendCsv } from '../../../platform/csv.js'
import { type GovukErrors, fieldError, formBody } from '../../../platform/forms.js'
import { actorOf } from '../../../platform/http/access.js'
import { formatDateTime, render } from '../../../platform/http/web.js'
import { can, permission } from '../../../platform/permissions.js'
import {
  audit,
  childName,
  ctxOf,
  items,
  radioItems,
  scoped,
  singleQuery,
  view,
  savedNotice,
  viewEntry,
  type EntryPage,
  type NewEntryPage,
  registerEntryRoutes,
  registerListRoute,
} from '../shared.js'
import { entryPanelHistory } from '../panels/service.js'
import { IMPORT_COLUMNS, type RowError, importPoliceEpisodes } from './police-import.js'
import { interviewDueAt } from './clocks.js'
import * as repo from './repo.js'
import {
  EpisodeForm,
  FoundForm,
  INTERVIEW_OUTCOMES,
  InterviewForm,
  MISSING_FROM,
  MissingListQuery,
} from './schema.js'
import {
  episodeView,
  recordEpisode,
  recordFound,
  recordInterview,
  repeatMissingChildren,
} from './service.js'
import { renderFormPage } from '../../../platform/http/form-page.js'

const BASE = '/registers/missing'
const v = (name: string) => view('missing', name)

/** Missing episodes: the list, a new episode, found, the return home interview, police import. */
export function registerMissingRoutes(app: FastifyInstance, db: Db): void {
  registerListRoute(app, {
    path: BASE,
    resource: 'register',
    query: MissingListQuery,
    handler: async (request, reply, { show, format }, ctx) => {
      const { actor } = ctx
      const { episodes, repeat } = await scoped(db, actor, async trx => {
        const all = (await repo.listEpisodes(trx)).map(episodeView)
        const repeatSet = await repeatMissingChildren(
          trx,
          [...new Set(all.map(e => e.childId))],
          new Date(),
        )
        await audit(trx, ctx, {
          action: format ? 'register.missing.exported' : 'register.missing.listed',
          resourceType: 'missing-episode',
          resourceId: 'list',
          detail: { show, count: all.length },
        })
        return { episodes: all, repeat: repeatSet }
      })
      const shown = episodes.filter(e =>
        show === 'open' ? !e.foundAt : show === 'repeat' ? repeat.has(e.childId) : true,
      )
      if (format === 'csv') {
        return sendCsv(
          reply,
          'missing-episodes.csv',
          [
            'LA child ID',
            'Child',
            'Missing from',
            'Reported',
            'Found',
            'Police reference',
            'Interview offered',
            'Offered within 72 hours',
            'Interview',
            'Repeat missing',
          ],
          shown.map(e => [
            e.laChildId,
            childName(e),
            MISSING_FROM[e.missingFrom],
            formatDateTime(e.reportedAt),
            formatDateTime(e.foundAt),
            e.policeReference,
            formatDateTime(e.interviewOfferedAt),
            e.interviewOnTime === null ? '' : e.interviewOnTime ? 'Yes' : 'No',
            e.interviewOutcome ? INTERVIEW_OUTCOMES[e.interviewOutcome] : '',
            repeat.has(e.childId) ? 'Yes' : 'No',
          ]),
        )
      }
      return render(request, reply, v('list'), {
        title: 'Missing episodes',
        episodes: shown.map(e => ({
          ...e,
          name: childName(e),
          repeat: repeat.has(e.childId),
          from: MISSING_FROM[e.missingFrom],
        })),
        show,
        showItems: items(
          { all: 'All episodes', open: 'Still missing', repeat: 'Repeatedly missing children' },
          show,
        ),
        canCreate: can(actor.roles, 'register', 'create'),
        canExport: can(actor.roles, 'register', 'export'),
        canImport: can(actor.roles, 'register', 'import'),
      })
    },
  })

  const formPage: NewEntryPage = (request, reply, form, errors) =>
    renderFormPage(
      request,
      reply,
      v('new'),
      {
        title: 'Record a missing episode',
        fromItems: radioItems(MISSING_FROM, form.missingFrom),
      },
      { form, errors },
    )

  const showPage: EntryPage = async (request, reply, extra = {}) => {
    const loaded = await viewEntry(db, request, {
      action: 'register.missing.viewed',
      resourceType: 'missing-episode',
      load: async (trx, id) => {
        const episode = await repo.findEpisode(trx, id)
        if (!episode) return null
        const repeat = await repeatMissingChildren(trx, [episode.childId], new Date())
        return {
          episode: episodeView(episode),
          repeat: repeat.has(episode.childId),
          actions: (await entryPanelHistory(trx, episode.id)).actions,
        }
      },
      entryOf: found => found.episode,
    })
    if (!loaded) return reply.callNotFound()
    const actor = actorOf(request)
    const { episode } = loaded
    return renderFormPage(
      request,
      reply,
      v('show'),
      {
        title: `Missing episode: ${childName(episode)}`,
        episode,
        name: childName(episode),
        repeat: loaded.repeat,
        from: MISSING_FROM[episode.missingFrom],
        outcomeName: episode.interviewOutcome ? INTERVIEW_OUTCOMES[episode.interviewOutcome] : null,
        saved: savedNotice(request, {
          episode: 'Missing episode recorded',
          found: 'Found recorded',
          interview: 'Return home interview recorded',
          action: 'Action marked as done',
        }),
        actions: loaded.actions,
        canMarkDone: can(actor.roles, 'register', 'update'),
        canUpdate: can(actor.roles, 'register', 'update'),
        outcomeItems: items(INTERVIEW_OUTCOMES, extra.form?.outcome, 'Not yet known'),
        dueAt: episode.foundAt ? interviewDueAt(episode.foundAt) : null,
      },
      extra,
    )
  }

  const post = registerEntryRoutes(app, db, {
    base: BASE,
    schema: EpisodeForm,
    create: recordEpisode,
    created: 'episode',
    newPage: formPage,
    page: showPage,
  })
  post('found', FoundForm, recordFound)

  post('interview', InterviewForm, recordInterview)

  const importPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: GovukErrors; rowErrors?: RowError[]; imported?: string } = {},
  ) =>
    render(
      request,
      reply,
      v('import'),
      { title: 'Import missing episodes from the police', columns: IMPORT_COLUMNS, ...extra },
      extra.errors ? 400 : 200,
    )

  app.get(
    `${BASE}/import`,
    { config: { access: permission('register', 'import') } },
    (request, reply) => importPage(request, reply, { imported: singleQuery(request)?.imported }),
  )

  app.post(
    `${BASE}/import`,
    { config: { access: permission('register', 'import') } },
    async (request, reply) => {
      const file = formBody(request.body).file
      if (!Buffer.isBuffer(file) || file.length === 0)
        return importPage(request, reply, { errors: fieldError('file', 'Select a CSV file') })
      const outcome = await importPoliceEpisodes(db, ctxOf(request), file)
      if (outcome.kind === 'refused')
        return importPage(request, reply, { errors: fieldError('file', outcome.message) })
      if (outcome.kind === 'rejected') {
        const count = outcome.errors.length
        return importPage(request, reply, {
          errors: fieldError(
            'file',
            `The file has ${count} ${count === 1 ? 'problem' : 'problems'}: nothing was imported. Correct the rows listed below and upload the file again`,
          ),
          rowErrors: outcome.errors,
        })
      }
      return reply.redirect(`${BASE}/import?imported=${outcome.count}`, 303)
    },
  )
}
