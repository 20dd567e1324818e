/**
 * The assurance figures other modules read (ADR 0005): return rates against target, scores by
 * area, and case file audit gradings. Each takes a transaction bound to the partnership.
 */
import type { Trx } from '../../db/database.js'
import * as caseRepo from './case-file-audits/repo.js'
import { GRADES, finalGrade } from './case-file-audits/service.js'
import * as cycleRepo from './cycles/repo.js'
import type { Grade } from './table.js'
import { scoreReturn } from './templates/definition.js'
import * as templateRepo from './templates/repo.js'

const SUBMITTED = ['submitted', 'moderated']

export interface ReturnRate {
  cycleId: string
  cycleTitle: string
  templateTitle: string
  opensOn: string
  dueOn: string
  targetPercent: number
  invited: number
  submitted: number
  /** Whole percent of invited organisations that submitted; null with none invited. */
  ratePercent: number | null
  meetsTarget: boolean
}

export async function returnRates(trx: Trx, partnershipId: string): Promise<ReturnRate[]> {
  const cycles = await cycleRepo.listCycles(trx, partnershipId)
  const returns = await cycleRepo.listCycleReturns(
    trx,
    partnershipId,
    cycles.map(c => c.id),
  )
  return cycles.map(cycle => {
    const own = returns.filter(r => r.cycleId === cycle.id)
    const submitted = own.filter(r => SUBMITTED.includes(r.status)).length
    const ratePercent = own.length ? Math.round((submitted / own.length) * 1000) / 10 : null
    return {
      cycleId: cycle.id,
      cycleTitle: cycle.title,
      templateTitle: cycle.templateTitle,
      opensOn: cycle.opensOn,
      dueOn: cycle.dueOn,
      targetPercent: cycle.targetPercent,
      invited: own.length,
      submitted,
      ratePercent,
      meetsTarget: ratePercent !== null && ratePercent >= cycle.targetPercent,
    }
  })
}

export interface AreaScoreRow {
  cycleId: string
  cycleTitle: string
  opensOn: string
  organisationId: string
  organisationName: string
  organisationKind: string
  areaTitle: string
  position: number
  score: number | null
}

/** Every submitted return's score per area (moderated scores where moderation regraded). */
export async function scoresByArea(
  trx: Trx,
  partnershipId: string,
  cycleId?: string,
): Promise<AreaScoreRow[]> {
  const cycles = (await cycleRepo.listCycles(trx, partnershipId)).filter(
    c => !cycleId || c.id === cycleId,
  )
  const returns = await cycleRepo.listCycleReturns(
    trx,
    partnershipId,
    cycles.map(c => c.id),
  )
  const templates = await templateRepo.listTemplates(trx, partnershipId)
  return returns
    .filter(r => SUBMITTED.includes(r.status))
    .flatMap(r => {
      const cycle = cycles.find(c => c.id === r.cycleId)
      const template = templates.find(t => t.id === r.templateId)
      if (!cycle || !template) return []
      return scoreReturn(template.definition, r.answers, r.moderation).areas.map(
        (area, position) => ({
          cycleId: cycle.id,
          cycleTitle: cycle.title,
          opensOn: cycle.opensOn,
          organisationId: r.organisationId,
          organisationName: r.organisationName,
          organisationKind: r.organisationKind,
          areaTitle: area.title,
          position,
          score: area.score,
        }),
      )
    })
}

export interface KeyAreaTable {
  organisations: string[]
  rows: { area: string; scores: (number | null)[] }[]
  /** "100% in 11 of 13" per organisation. */
  summary: string[]
}

/** All organisations side by side, key area by key area: the annual report's table. */
export function keyAreaTable(rows: AreaScoreRow[], organisations?: string[]): KeyAreaTable {
  const names = organisations ?? [...new Set(rows.map(r => r.organisationName))].sort()
  const areas = [...new Map(rows.map(r => [r.areaTitle, r.position])).entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([area]) => area)
  const score = (org: string, area: string) =>
    rows.find(r => r.organisationName === org && r.areaTitle === area)?.score ?? null
  return {
    organisations: names,
    rows: areas.map(area => ({ area, scores: names.map(org => score(org, area)) })),
    summary: names.map(
      org => `100% in ${areas.filter(a => score(org, a) === 100).length} of ${areas.length}`,
    ),
  }
}

export interface AuditGrading {
  auditId: string
  title: string
  theme: string
  status: string
  cases: number
  forms: number
  graded: number
  grades: Record<Grade, number>
}

/** Case file audit gradings: final (moderated where moderated) grades counted per audit. */
export async function auditGradings(trx: Trx, partnershipId: string): Promise<AuditGrading[]> {
  const audits = await caseRepo.listAudits(trx, partnershipId)
  const out: AuditGrading[] = []
  for (const audit of audits) {
    const [samples, forms] = await Promise.all([
      caseRepo.listSamples(trx, audit.id),
      caseRepo.listForms(trx, audit.id),
    ])
    const grades = Object.fromEntries(Object.keys(GRADES).map(g => [g, 0])) as Record<Grade, number>
    for (const form of forms) {
      const grade = finalGrade(form)
      if (grade) grades[grade] += 1
    }
    out.push({
      auditId: audit.id,
      title: audit.title,
      theme: audit.theme,
      status: audit.status,
      cases: samples.length,
      forms: forms.length,
      graded: forms.filter(f => f.grade).length,
      grades,
    })
  }
  return out
}

/**
 * Schools whose designated safeguarding lead standard scored below 100% in a submitted schools
 * return: the designated safeguarding leads' training needs analysis.
 */
export async function dslTrainingNeeds(trx: Trx, partnershipId: string) {
  const rows = await scoresByArea(trx, partnershipId)
  return rows
    .filter(
      r =>
        r.organisationKind === 'school' &&
        r.areaTitle === 'Designated safeguarding lead' &&
        r.score !== null &&
        r.score < 100,
    )
    .map(r => ({ cycleTitle: r.cycleTitle, school: r.organisationName, score: r.score }))
}

export interface AcrossYears {
  /** The cycles the organisation returned in, oldest first. */
  cycles: { id: string; title: string; opensOn: string }[]
  /** Each area (by title, as templates may change between versions) with its score per cycle. */
  areas: { area: string; scores: (number | null)[] }[]
}

/** One organisation across years: its score per area in each cycle it returned in. */
export async function organisationAcrossYears(
  trx: Trx,
  partnershipId: string,
  organisationId: string,
): Promise<AcrossYears> {
  const rows = (await scoresByArea(trx, partnershipId)).filter(
    r => r.organisationId === organisationId,
  )
  const cycles = [...new Map(rows.map(r => [r.cycleId, r])).values()]
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.cycleTitle.localeCompare(b.cycleTitle))
    .map(r => ({ id: r.cycleId, title: r.cycleTitle, opensOn: r.opensOn }))
  const areas = [...new Map(rows.map(r => [r.areaTitle, r.position])).entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([area]) => ({
      area,
      scores: cycles.map(
        c => rows.find(r => r.cycleId === c.id && r.areaTitle === area)?.score ?? null,
      ),
    }))
  return { cycles, areas }
}

export interface AssuranceDue {
  kind: 'return' | 'case-file-audit'
  /** Where the agency answers it. */
  href: string
  title: string
  /** The cycle's due date; case file audits have none. */
  dueOn: string | null
  status: string
}

const OPEN_RETURN = ['invited', 'in-progress', 'returned']

/**
 * What the agencies named still owe the assurance work (an agency lead's home page): their
 * self-assessment (Section 11) returns not yet submitted, earliest due first, then the case file
 * audit forms asked of them in audits still being audited.
 */
export async function assuranceDueForAgencies(
  trx: Trx,
  partnershipId: string,
  agencyIds: string[],
): Promise<AssuranceDue[]> {
  if (!agencyIds.length) return []
  const cycles = await cycleRepo.listCycles(trx, partnershipId)
  const returns = (
    await cycleRepo.listCycleReturns(
      trx,
      partnershipId,
      cycles.map(c => c.id),
    )
  ).filter(r => r.agencyId !== null && agencyIds.includes(r.agencyId))
  const due: AssuranceDue[] = returns
    .filter(r => OPEN_RETURN.includes(r.status))
    .flatMap(r => {
      const cycle = cycles.find(c => c.id === r.cycleId)
      if (!cycle) return []
      return [
        {
          kind: 'return' as const,
          href: `/assurance/returns/${r.id}`,
          title: `${cycle.title}: ${r.organisationName}`,
          dueOn: cycle.dueOn,
          status: r.status,
        },
      ]
    })
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
  for (const audit of await caseRepo.listAudits(trx, partnershipId)) {
    if (audit.status !== 'auditing') continue
    const waiting = (await caseRepo.listForms(trx, audit.id)).filter(
      form => agencyIds.includes(form.agencyId) && form.submittedAt === null,
    )
    if (waiting.length)
      due.push({
        kind: 'case-file-audit',
        href: `/assurance/case-file-audits/${audit.id}`,
        title: `Case file audit: ${audit.title}`,
        dueOn: null,
        status: `${String(waiting.length)} form${waiting.length === 1 ? '' : 's'} to complete`,
      })
  }
  return due
}
