import { inPartnership, type Db } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { enqueueJob } from '../../../platform/jobs.js'
import { refuse } from '../../../platform/refusal.js'
import type { ReportContent } from '../content.js'
import { renderReport } from '../render/output.js'
import * as repo from '../repo.js'
import * as progressRepo from '../repo/progress.js'
import { liveContent } from './reports.js'
import { audit, command, scopeOf, type Ctx } from './shared.js'

export const BUILD_JOB = 'report-build'

/** What a section still needs before the report can be submitted, in words. */
function sectionState(
  section: { kind: string; body: string; id: string },
  owed: { sectionId: string; status: string }[],
) {
  if (section.kind === 'figures' || section.kind === 'module')
    return { outstanding: false, text: 'Drawn from records' }
  const asked = owed.find(c => c.sectionId === section.id)
  if (asked && asked.status !== 'accepted')
    return { outstanding: true, text: 'Waiting for the contribution' }
  return section.body.trim()
    ? { outstanding: false, text: 'Written' }
    : { outstanding: true, text: 'Not written yet' }
}

/** The build progress page: sections outstanding, who owes what by when, and document builds. */
export function buildProgress(db: Db, actor: Actor, reportId: string) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const report = await repo.findReport(trx, reportId)
    if (!report) return null
    const [sections, asked, owed, builds] = await Promise.all([
      repo.listSections(trx, reportId),
      repo.listContributions(trx, { reportId }),
      progressRepo.listOwed(trx, reportId),
      progressRepo.listBuilds(trx, reportId),
    ])
    const today = londonToday()
    const states = sections.map(s => ({ ...s, state: sectionState(s, asked) }))
    return {
      report,
      sections: states,
      outstanding: states.filter(s => s.state.outstanding).length,
      owed: owed.map(c => ({
        ...c,
        overdue: c.dueOn < today && (c.status === 'requested' || c.status === 'returned'),
      })),
      builds,
    }
  })
}

/** Queues a document build on the jobs table; the progress page shows its state. */
export function requestBuild(
  db: Db,
  ctx: Ctx,
  reportId: string,
  input: { format: 'html' | 'pdf' | 'docx'; version: 'live' | 'latest' },
) {
  return command(db, ctx, async trx => {
    const report = await repo.findReport(trx, reportId)
    if (!report) refuse('format', 'There is no such report')
    if (input.version === 'latest' && !(await repo.latestVersion(trx, reportId, false)))
      refuse('version', 'The report has no approved version yet: build the draft')
    const { id } = await progressRepo.insertBuild(trx, {
      partnershipId: ctx.actor.partnershipId,
      reportId,
      ...input,
      requestedBy: ctx.actor.userId,
    })
    await enqueueJob(trx, {
      kind: BUILD_JOB,
      partnershipId: ctx.actor.partnershipId,
      runAt: new Date(),
      payload: { buildId: id },
      dedupeKey: `${BUILD_JOB}:${id}`,
    })
    await audit(trx, ctx, {
      action: 'report.build.requested',
      resourceType: 'report',
      id: reportId,
      detail: { build: id, ...input },
    })
    return { id, reportId }
  })
}

/** The build job: reads the report (frozen or live), renders it, keeps the bytes. */
export async function runBuild(db: Db, partnershipId: string, buildId: string) {
  const scope = { partnershipId, userId: null }
  const start = await inPartnership(db, scope, async trx => {
    const build = await progressRepo.findBuild(trx, buildId)
    const report = build ? await repo.findReport(trx, build.reportId) : undefined
    if (!build || !report || build.status === 'done') return null
    await progressRepo.setBuild(trx, buildId, { status: 'running' })
    const frozen =
      build.version === 'latest' ? await repo.latestVersion(trx, report.id, false) : undefined
    const content = frozen ? (frozen.content as ReportContent) : await liveContent(trx, report)
    return { content, format: build.format }
  })
  if (!start) return
  try {
    const bytes = await renderReport(start.content, start.format)
    await inPartnership(db, scope, trx =>
      progressRepo.setBuild(trx, buildId, {
        status: 'done',
        finishedAt: new Date(),
        content: bytes,
        byteSize: bytes.length,
      }),
    )
  } catch (error) {
    // The report's text never goes into the error: only what kind of failure it was.
    await inPartnership(db, scope, trx =>
      progressRepo.setBuild(trx, buildId, {
        status: 'failed',
        finishedAt: new Date(),
        error: `The build failed (${error instanceof Error ? error.name : 'unknown error'})`,
      }),
    )
  }
}

/** A finished build's file. */
export function buildFile(db: Db, actor: Actor, buildId: string) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const build = await progressRepo.findBuild(trx, buildId)
    if (build?.status !== 'done' || !build.content) return null
    const report = await repo.findReport(trx, build.reportId)
    return { build, year: report ? `${report.startYear}` : '' }
  })
}
