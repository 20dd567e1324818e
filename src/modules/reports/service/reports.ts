import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import { refuse } from '../../../platform/refusal.js'
import { BLOCKS, readBlock, yearLabel } from '../blocks.js'
import { publishContent, type ContentSection, type ReportContent } from '../content.js'
import { diffContents } from '../diff.js'
import * as repo from '../repo.js'
import type { ReportKind, SectionKind } from '../table.js'
import { TEMPLATES } from '../templates.js'
import { audit, command, scopeOf, type Ctx } from './shared.js'

const RESOURCE = 'report'
type Report = NonNullable<Awaited<ReturnType<typeof repo.findReport>>>
type Section = Awaited<ReturnType<typeof repo.listSections>>[number]

async function partnershipName(trx: Trx, partnershipId: string): Promise<string> {
  const row = await trx
    .selectFrom('partnership')
    .select('name')
    .where('id', '=', partnershipId)
    .executeTakeFirst()
  return row?.name ?? ''
}

/** The report as its blocks read today: live figures, narrative as written. */
export async function liveContent(trx: Trx, report: Report): Promise<ReportContent> {
  const sections: ContentSection[] = []
  for (const section of await repo.listSections(trx, report.id)) {
    const block =
      section.kind === 'figures' || section.kind === 'module'
        ? await readBlock(trx, section.block, {
            partnershipId: report.partnershipId,
            startYear: report.startYear,
          })
        : { summary: [], tables: [], charts: [], notes: [] }
    sections.push({
      id: section.id,
      kind: section.kind,
      title: section.title,
      markdown: section.body,
      ...block,
    })
  }
  return {
    title: report.title,
    partnershipName: await partnershipName(trx, report.partnershipId),
    year: yearLabel(report.startYear),
    kind: report.kind,
    published: false,
    sections,
  }
}

async function loadDraft(trx: Trx, id: string, what: string): Promise<Report> {
  const report = await repo.findReport(trx, id)
  if (!report) refuse('report', 'There is no such report')
  if (report.status !== 'draft')
    refuse('report', `The report has been ${report.status}: ${what} only while it is a draft`)
  return report
}

async function loadSection(trx: Trx, id: string): Promise<{ report: Report; section: Section }> {
  const section = await repo.findSection(trx, id)
  if (!section) refuse('section', 'There is no such section')
  const report = await loadDraft(trx, section.reportId, 'sections can be changed')
  return { report, section }
}

export function listReports(db: Db, actor: Actor) {
  return inPartnership(db, scopeOf(actor), trx => repo.listReports(trx))
}

export function createReport(db: Db, ctx: Ctx, input: { startYear: number; kind: ReportKind }) {
  return command(db, ctx, async trx => {
    if (await repo.findReportByYear(trx, input.startYear, input.kind))
      refuse('startYear', `There is already a report for ${yearLabel(input.startYear)}`)
    const title =
      input.kind === 'full'
        ? `Annual report ${yearLabel(input.startYear)}`
        : `Our year ${yearLabel(input.startYear)}: the young people’s report`
    const { id } = await repo.insertReport(trx, {
      partnershipId: ctx.actor.partnershipId,
      ...input,
      title,
    })
    await repo.insertSections(
      trx,
      TEMPLATES[input.kind].map((s, index) => ({
        partnershipId: ctx.actor.partnershipId,
        reportId: id,
        position: index + 1,
        kind: s.kind,
        title: s.title,
        block: s.block ?? null,
        body: s.body ?? '',
      })),
    )
    await audit(trx, ctx, { action: 'report.created', resourceType: RESOURCE, id, detail: input })
    return { id }
  })
}

/** The report page: the report, its sections with live figures, contributions and versions. */
export function reportPage(db: Db, actor: Actor, id: string) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const report = await repo.findReport(trx, id)
    if (!report) return null
    const [sections, versions, contributions, published] = await Promise.all([
      repo.listSections(trx, id),
      repo.listVersions(trx, id),
      repo.listContributions(trx, { reportId: id }),
      repo.latestVersion(trx, id, true),
    ])
    const content = await liveContent(trx, report)
    return { report, sections, versions, contributions, content, hasPublished: !!published }
  })
}

export function findSection(db: Db, actor: Actor, id: string) {
  return inPartnership(db, scopeOf(actor), trx => repo.findSection(trx, id))
}

export function editSection(db: Db, ctx: Ctx, id: string, input: { title: string; body: string }) {
  return command(db, ctx, async trx => {
    const { section } = await loadSection(trx, id)
    await repo.updateSection(trx, id, input)
    await audit(trx, ctx, {
      action: 'report.section.updated',
      resourceType: 'report-section',
      id,
      detail: { reportId: section.reportId, title: input.title },
    })
    return { reportId: section.reportId }
  })
}

export function addSection(
  db: Db,
  ctx: Ctx,
  reportId: string,
  input: { kind: SectionKind; title: string; block: string | null },
) {
  return command(db, ctx, async trx => {
    await loadDraft(trx, reportId, 'sections can be added')
    if (input.kind !== 'narrative' && (!input.block || !BLOCKS[input.block]))
      refuse('block', 'Select the figures or module the section shows')
    const position = await repo.nextPosition(trx, reportId)
    const [row] = await repo.insertSections(trx, [
      { partnershipId: ctx.actor.partnershipId, reportId, position, ...input },
    ])
    await audit(trx, ctx, {
      action: 'report.section.added',
      resourceType: 'report-section',
      id: row?.id ?? '',
      detail: input,
    })
    return { id: row?.id ?? '' }
  })
}

export function removeSection(db: Db, ctx: Ctx, id: string) {
  return command(db, ctx, async trx => {
    const { section } = await loadSection(trx, id)
    const asked = await repo.listContributions(trx, { reportId: section.reportId })
    if (asked.some(c => c.sectionId === id))
      refuse('section', 'This section was asked of a contributor: it cannot be removed')
    await repo.deleteSection(trx, id)
    await audit(trx, ctx, {
      action: 'report.section.removed',
      resourceType: 'report-section',
      id,
      detail: { title: section.title },
    })
    return { reportId: section.reportId }
  })
}

/** Moves a section one place up or down, swapping positions with its neighbour. */
export function moveSection(db: Db, ctx: Ctx, id: string, direction: 'up' | 'down') {
  return command(db, ctx, async trx => {
    const { section } = await loadSection(trx, id)
    const sections = await repo.listSections(trx, section.reportId)
    const index = sections.findIndex(s => s.id === id)
    const other = sections[direction === 'up' ? index - 1 : index + 1]
    if (other) {
      await repo.setPosition(trx, id, other.position)
      await repo.setPosition(trx, other.id, section.position)
      await audit(trx, ctx, {
        action: 'report.section.moved',
        resourceType: 'report-section',
        id,
        detail: { direction },
      })
    }
    return { reportId: section.reportId }
  })
}

/** The business manager submits the draft to the independent chair. */
export function submitReport(db: Db, ctx: Ctx, id: string) {
  return command(db, ctx, async trx => {
    await loadDraft(trx, id, 'it can be submitted')
    await repo.setStatus(trx, id, 'submitted', {
      submittedBy: ctx.actor.userId,
      submittedAt: new Date(),
    })
    await audit(trx, ctx, { action: 'report.submitted', resourceType: RESOURCE, id })
    return { id }
  })
}

/**
 * The independent chair approves: the report is frozen as a version (its figures read now, with
 * small numbers suppressed), so that the published report never changes when records do.
 */
export function approveReport(db: Db, ctx: Ctx, id: string) {
  return command(db, ctx, async trx => {
    const report = await repo.findReport(trx, id)
    if (report?.status !== 'submitted')
      refuse('report', 'Only a report submitted by the business unit can be approved')
    if (report.submittedBy === ctx.actor.userId)
      refuse(
        'report',
        'The report must be approved by someone other than the person who submitted it',
      )
    const content = publishContent(await liveContent(trx, report))
    const last = (await repo.listVersions(trx, id))[0]
    const number = (last?.number ?? 0) + 1
    await repo.insertVersion(trx, {
      partnershipId: ctx.actor.partnershipId,
      reportId: id,
      number,
      content: JSON.stringify(content),
      frozenBy: ctx.actor.userId,
    })
    await repo.setStatus(trx, id, 'approved', {
      approvedBy: ctx.actor.userId,
      approvedAt: new Date(),
    })
    await audit(trx, ctx, {
      action: 'report.approved',
      resourceType: RESOURCE,
      id,
      detail: { version: number },
    })
    return { id, version: number }
  })
}

export function publishReport(db: Db, ctx: Ctx, id: string) {
  return command(db, ctx, async trx => {
    const report = await repo.findReport(trx, id)
    if (report?.status !== 'approved') refuse('report', 'Only an approved report can be published')
    const version = await repo.latestVersion(trx, id, false)
    if (!version) refuse('report', 'The report has no approved version')
    await repo.markPublished(trx, version.id)
    await repo.setStatus(trx, id, 'published')
    await audit(trx, ctx, {
      action: 'report.published',
      resourceType: RESOURCE,
      id,
      detail: { version: version.number },
    })
    return { id }
  })
}

/** Back to a draft (sent back by the chair, or a correction after publishing). */
export function redraftReport(db: Db, ctx: Ctx, id: string) {
  return command(db, ctx, async trx => {
    const report = await repo.findReport(trx, id)
    if (!report || report.status === 'draft') refuse('report', 'The report is already a draft')
    await repo.setStatus(trx, id, 'draft')
    await audit(trx, ctx, {
      action: 'report.redrafted',
      resourceType: RESOURCE,
      id,
      detail: { from: report.status },
    })
    return { id }
  })
}

/** A frozen version's content, or the live content for the draft (`version` null). */
export function reportContent(db: Db, actor: Actor, id: string, version: 'live' | 'latest') {
  return inPartnership(db, scopeOf(actor), async trx => {
    const report = await repo.findReport(trx, id)
    if (!report) return null
    if (version === 'live') return liveContent(trx, report)
    const frozen = await repo.latestVersion(trx, id, false)
    return frozen ? (frozen.content as ReportContent) : null
  })
}

/** What changed since the published version: the draft (suppressed as it would be) against it. */
export function compareWithPublished(db: Db, actor: Actor, id: string) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const report = await repo.findReport(trx, id)
    const published = report ? await repo.latestVersion(trx, id, true) : undefined
    if (!report || !published) return null
    const live = publishContent(await liveContent(trx, report))
    return {
      report,
      number: published.number,
      changes: diffContents(published.content as ReportContent, live),
    }
  })
}

// ---- Public pages: published versions only ----------------------------------------------

export function publishedArchive(db: Db, partnershipId: string) {
  return inPartnership(db, { partnershipId, userId: null }, trx => repo.listPublished(trx))
}

export function publishedContent(
  db: Db,
  partnershipId: string,
  startYear: number,
  kind: ReportKind,
) {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const report = await repo.findReportByYear(trx, startYear, kind)
    const version = report ? await repo.latestVersion(trx, report.id, true) : undefined
    return version ? (version.content as ReportContent) : null
  })
}

/** The report of a year for the command line: the published version, else the live draft. */
export function contentForBuild(
  db: Db,
  partnershipId: string,
  startYear: number,
  kind: ReportKind,
) {
  return inPartnership(db, { partnershipId, userId: null }, async trx => {
    const report = await repo.findReportByYear(trx, startYear, kind)
    if (!report) return null
    const version = await repo.latestVersion(trx, report.id, true)
    return version
      ? (version.content as ReportContent)
      : publishContent(await liveContent(trx, report))
  })
}
