import { describe, expect, it } from 'vitest'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000
const RAGS = ['red', 'amber', 'green', null] as const

interface Spec {
  reference: string
  rag: (typeof RAGS)[number]
  status: 'received' | 'awaiting-authorisation' | 'decided'
  dueAt: Date
  professional: boolean
  allocated: boolean
  feedbackSent: boolean
}

function reference(n: number): string {
  return `NSCP-2026-${String(n).padStart(6, '0')}`
}

/**
 * A queue with a spread of everything the filters look at: RAG ratings in turn, one in ten
 * awaiting authorisation and one in ten decided, a third due in the past, half from professionals.
 */
function queueSpecs(count: number): Spec[] {
  const now = Date.now()
  return Array.from({ length: count }, (_, i) => {
    const status = i % 10 === 0 ? 'awaiting-authorisation' : i % 10 === 1 ? 'decided' : 'received'
    return {
      reference: reference(i + 1),
      rag: RAGS[i % 4] ?? null,
      status,
      // Due times all differ, so that the order is fully determined.
      dueAt: new Date(i % 3 === 0 ? now - (i + 1) * HOUR : now + (i + 1) * HOUR),
      professional: i % 2 === 1,
      allocated: status === 'decided' && i % 20 === 1,
      feedbackSent: status === 'decided' && i % 40 === 1,
    }
  })
}

async function insertReferrals(specs: Spec[]) {
  const practitioner = t.userId('front-door-practitioner')
  const manager = t.userId('front-door-manager')
  const rows = await t.database.owner
    .insertInto('referral')
    .values(
      specs.map(spec => {
        const receivedAt = new Date(spec.dueAt.getTime() - 24 * HOUR)
        const decided = spec.status !== 'received'
        return {
          partnership_id: t.northbridge.id,
          reference: spec.reference,
          draft_id: crypto.randomUUID(),
          source: spec.professional ? 'professional' : 'public',
          status: spec.status,
          rag_rating: spec.rag,
          received_at: receivedAt,
          decision_due_at: spec.dueAt,
          household: 'Mother',
          parents_carers: '',
          concern: 'Worried',
          child_says: 'Not spoken to',
          child_feels: '',
          consent: 'given',
          reporter_anonymous: !spec.professional,
          reporter_name: spec.professional ? 'Demo Referrer' : null,
          referrer_user_id: spec.professional ? t.userId('referrer') : null,
          decision: decided ? 'early-help' : null,
          decision_reasons: decided ? 'Family support' : null,
          decided_by: decided ? practitioner : null,
          decided_at: decided ? new Date(receivedAt.getTime() + HOUR) : null,
          authorised_by: spec.status === 'decided' ? manager : null,
          authorised_at:
            spec.status === 'decided' ? new Date(receivedAt.getTime() + 2 * HOUR) : null,
          feedback_sent_at: spec.feedbackSent ? new Date(receivedAt.getTime() + 3 * HOUR) : null,
          allocated_to: spec.allocated ? manager : null,
        }
      }),
    )
    .returning(['id', 'reference'])
    .execute()
  return new Map(rows.map(row => [row.reference as string, row.id as string]))
}

function isOpen(spec: Spec) {
  return spec.status !== 'decided'
}
function isOverdue(spec: Spec) {
  return isOpen(spec) && spec.dueAt.getTime() < Date.now()
}
function isFeedbackOwed(spec: Spec) {
  return spec.professional && !spec.feedbackSent
}

/** The queue's order by due time: open referrals (overdue first, as they are due earliest), then decided. */
function inQueueOrder(specs: Spec[]): string[] {
  return [...specs]
    .sort(
      (a, b) => Number(!isOpen(a)) - Number(!isOpen(b)) || a.dueAt.getTime() - b.dueAt.getTime(),
    )
    .map(spec => spec.reference)
}

function referencesShown(body: string): string[] {
  return [...body.matchAll(/>(NSCP-2026-\d{6})</g)].map(match => match[1] ?? '')
}

function countShown(body: string, key: string): number {
  const match = new RegExp(
    `${key}</dt>\\s*<dd class="govuk-summary-list__value">(?:<strong[^>]*>)?(\\d+)`,
  ).exec(body)
  return Number(match?.[1] ?? Number.NaN)
}

async function as(role: Role) {
  return new Visitor(t, await t.signInAs(role))
}

describe('the front door queue, a page at a time', () => {
  it('shows 50 referrals a page, the work still to do first, with GOV.UK pagination', async () => {
    const specs = queueSpecs(120)
    await insertReferrals(specs)
    const manager = await as('front-door-manager')
    const expected = inQueueOrder(specs)

    const first = await manager.get('/front-door')
    expect(first.statusCode).toBe(200)
    expect(referencesShown(first.body)).toEqual(expected.slice(0, 50))
    expect(first.body).toContain('Referrals 1 to 50 of 120')
    expect(first.body).toContain('href="/front-door?page=2"')
    // Every overdue referral comes before any that is not.
    const overdue = new Set(specs.filter(isOverdue).map(spec => spec.reference))
    const firstPage = referencesShown(first.body)
    expect(firstPage.slice(0, overdue.size).every(ref => overdue.has(ref))).toBe(true)
    const rows = first.body.split('<tr class="govuk-table__row">').slice(2)
    expect(rows[0]).toContain('Overdue')
    expect(rows[overdue.size]).not.toContain('>Overdue<')

    const third = await manager.get('/front-door?page=3')
    expect(referencesShown(third.body)).toEqual(expected.slice(100))
    expect(third.body).toContain('Referrals 101 to 120 of 120')
    expect(third.body).toContain('govuk-pagination__prev')
    expect(third.body).not.toContain('govuk-pagination__next')

    const beyond = await manager.get('/front-door?page=9')
    expect(beyond.statusCode).toBe(200)
    expect(referencesShown(beyond.body)).toEqual([])
    expect(beyond.body).toContain('There are no referrals on this page')
    // Nonsense pages fall back to the first.
    expect(referencesShown((await manager.get('/front-door?page=-2')).body)).toEqual(
      expected.slice(0, 50),
    )
  })

  it('counts open, overdue, awaiting authorisation, checks and feedback owed for the whole queue', async () => {
    const specs = queueSpecs(120)
    const ids = await insertReferrals(specs)
    const manager = t.userId('front-door-manager')
    const check = (referralId: string | undefined, dueInHours: number, answered = false) => ({
      partnership_id: t.northbridge.id,
      referral_id: referralId,
      agency_id: t.northbridge.agencyIds[1],
      requested_by: manager,
      due_at: new Date(Date.now() + dueInHours * HOUR),
      answer: answered ? 'Known to us' : null,
      answered_by: answered ? manager : null,
      answered_at: answered ? new Date() : null,
    })
    await t.database.owner
      .insertInto('referral_check')
      .values([
        check(ids.get(reference(3)), -2),
        check(ids.get(reference(3)), 5),
        check(ids.get(reference(4)), -1, true),
        check(ids.get(reference(90)), -3),
      ])
      .execute()

    const page = await (await as('front-door-practitioner')).get('/front-door')
    expect(countShown(page.body, 'Open referrals')).toBe(specs.filter(isOpen).length)
    expect(countShown(page.body, 'Decisions overdue')).toBe(specs.filter(isOverdue).length)
    expect(countShown(page.body, 'Awaiting authorisation')).toBe(12)
    expect(countShown(page.body, 'Checks with partner agencies outstanding')).toBe(3)
    expect(page.body).toContain('2 overdue</strong>')
    expect(countShown(page.body, 'Feedback owed to referrers')).toBe(
      specs.filter(isFeedbackOwed).length,
    )

    // The other partnership's queue counts none of them.
    const southbridge = new Visitor(t, await t.signInAs('front-door-manager', t.southbridge))
    const empty = await southbridge.get('/front-door')
    expect(countShown(empty.body, 'Open referrals')).toBe(0)
    expect(countShown(empty.body, 'Checks with partner agencies outstanding')).toBe(0)
    expect(empty.body).toContain('There are no referrals waiting')
  })

  it.each([
    ['rag=red', (spec: Spec) => spec.rag === 'red'],
    ['rag=unrated', (spec: Spec) => spec.rag === null],
    ['status=open', isOpen],
    ['status=awaiting-authorisation', (spec: Spec) => spec.status === 'awaiting-authorisation'],
    ['show=awaiting-authorisation', (spec: Spec) => spec.status === 'awaiting-authorisation'],
    ['status=decided', (spec: Spec) => spec.status === 'decided'],
    ['due=overdue', isOverdue],
    ['feedback=owed', isFeedbackOwed],
    ['show=feedback-owed', isFeedbackOwed],
    ['allocation=allocated', (spec: Spec) => spec.allocated],
    ['rag=amber&due=overdue', (spec: Spec) => spec.rag === 'amber' && isOverdue(spec)],
  ])('filters by %s, with the matching count', async (filter, matches) => {
    const specs = queueSpecs(120)
    await insertReferrals(specs)
    const manager = await as('front-door-manager')
    const expected = inQueueOrder(specs.filter(matches))
    expect(expected.length).toBeGreaterThan(0)
    const page = await manager.get(`/front-door?${filter}`)
    expect(page.statusCode).toBe(200)
    expect(referencesShown(page.body)).toEqual(expected.slice(0, 50))
    expect(page.body).toContain(`of ${String(expected.length)} matching the filters`)
  })

  it('filters unallocated referrals, across pages', async () => {
    const specs = queueSpecs(120)
    await insertReferrals(specs)
    const manager = await as('front-door-manager')
    const expected = inQueueOrder(specs.filter(spec => !spec.allocated))
    const second = await manager.get('/front-door?allocation=unallocated&page=2')
    expect(referencesShown(second.body)).toEqual(expected.slice(50, 100))
    // The pages keep the filter.
    expect(second.body).toContain('href="/front-door?allocation=unallocated&amp;page=3"')
  })

  it('says when no referral matches the filters', async () => {
    await insertReferrals(queueSpecs(5))
    const page = await (await as('front-door-manager')).get('/front-door?rag=green&status=decided')
    expect(page.body).toContain('No referrals match these filters')
    expect(referencesShown(page.body)).toEqual([])
  })
})

describe('the queue as CSV', () => {
  it('has the triage, decision, checks, feedback and allocation of each referral', async () => {
    const now = Date.now()
    const manager = t.userId('front-door-manager')
    // A name a spreadsheet would run as a formula.
    await t.database.owner
      .updateTable('app_user')
      .set({ display_name: '=HYPERLINK("http://evil.example")' })
      .where('id', '=', manager)
      .execute()
    const specs: Spec[] = [
      {
        reference: reference(1),
        rag: 'red',
        status: 'received',
        dueAt: new Date(now - HOUR),
        professional: false,
        allocated: false,
        feedbackSent: false,
      },
      {
        reference: reference(2),
        rag: 'amber',
        status: 'awaiting-authorisation',
        dueAt: new Date(now + 5 * HOUR),
        professional: true,
        allocated: false,
        feedbackSent: false,
      },
      {
        reference: reference(3),
        rag: 'green',
        status: 'decided',
        dueAt: new Date(now - 30 * HOUR),
        professional: true,
        allocated: true,
        feedbackSent: true,
      },
    ]
    const ids = await insertReferrals(specs)
    const referralId = ids.get(reference(1))
    await t.database.owner
      .insertInto('referral_child')
      .values(
        [1, 2].map(position => ({
          partnership_id: t.northbridge.id,
          referral_id: referralId,
          position,
          given_name: `Child ${String(position)}`,
          approximate_age: 5,
        })),
      )
      .execute()
    const check = (dueInHours: number, answered: boolean) => ({
      partnership_id: t.northbridge.id,
      referral_id: referralId,
      agency_id: t.northbridge.agencyIds[1],
      requested_by: manager,
      due_at: new Date(now + dueInHours * HOUR),
      answer: answered ? 'Known to us' : null,
      answered_by: answered ? manager : null,
      answered_at: answered ? new Date() : null,
    })
    await t.database.owner
      .insertInto('referral_check')
      .values([check(-2, false), check(4, false), check(-5, true)])
      .execute()
    const decided = await t.database.owner
      .selectFrom('referral')
      .select(['reference', 'decided_at', 'authorised_at'])
      .orderBy('reference')
      .execute()
    const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : '')

    const csv = await (await as('front-door-manager')).get('/front-door/export.csv')
    expect(csv.statusCode).toBe(200)
    const lines = csv.body
      .trim()
      .split('\n')
      .map(line => line.split(','))
    const header = lines[0] ?? []
    expect(header).toEqual([
      'reference',
      'source',
      'status',
      'received_at',
      'decision_due_at',
      'overdue',
      'children',
      'rag_rating',
      'decision',
      'decided_at',
      'authorised_at',
      'checks_requested',
      'checks_outstanding',
      'checks_overdue',
      'feedback_owed',
      'allocated_to',
      'likely_duplicate',
    ])
    const byReference = new Map(
      lines
        .slice(1)
        .map(cells => [cells[0], Object.fromEntries(header.map((h, i) => [h, cells[i]]))]),
    )
    expect(byReference.get(reference(1))).toMatchObject({
      status: 'received',
      overdue: 'yes',
      children: '2',
      rag_rating: 'red',
      decision: '',
      decided_at: '',
      authorised_at: '',
      checks_requested: '3',
      checks_outstanding: '2',
      checks_overdue: '1',
      feedback_owed: 'no',
      allocated_to: '',
    })
    expect(byReference.get(reference(2))).toMatchObject({
      source: 'professional',
      status: 'awaiting-authorisation',
      overdue: 'no',
      rag_rating: 'amber',
      decision: 'early-help',
      decided_at: iso(decided[1]?.decided_at),
      authorised_at: '',
      checks_requested: '0',
      feedback_owed: 'yes',
    })
    expect(byReference.get(reference(3))).toMatchObject({
      status: 'decided',
      overdue: 'no',
      authorised_at: iso(decided[2]?.authorised_at),
      feedback_owed: 'no',
      allocated_to: `"'=HYPERLINK(""http://evil.example"")"`,
    })
  })

  it('exports every page of the filtered queue and records the filters in the audit trail', async () => {
    const specs = queueSpecs(120)
    await insertReferrals(specs)
    const manager = await as('front-door-manager')
    const all = await manager.get('/front-door/export.csv')
    expect(all.body.trim().split('\n')).toHaveLength(121)
    const overdue = await manager.get('/front-door/export.csv?due=overdue&sort=due')
    const lines = overdue.body.trim().split('\n').slice(1)
    expect(lines.map(line => line.split(',')[0])).toEqual(inQueueOrder(specs.filter(isOverdue)))
    expect(lines.every(line => line.split(',')[5] === 'yes')).toBe(true)
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'detail', 'user_id'])
      .where('action', '=', 'referral.exported')
      .orderBy('id')
      .execute()
    expect(events).toHaveLength(2)
    expect(events[1]).toMatchObject({
      user_id: t.userId('front-door-manager'),
      detail: {
        rows: specs.filter(isOverdue).length,
        filters: { due: 'overdue', status: 'all', rag: 'any' },
      },
    })
    // The queue page links to the CSV of what it shows.
    expect((await manager.get('/front-door?due=overdue')).body).toContain(
      'href="/front-door/export.csv?due=overdue"',
    )
  })
})

describe('who sees the queue', () => {
  it('sends referrers to their own referrals and refuses them the CSV', async () => {
    await insertReferrals(queueSpecs(3))
    const referrer = await as('referrer')
    expect((await referrer.get('/front-door?rag=red&page=2')).headers.location).toBe('/referrals')
    expect((await referrer.get('/front-door/export.csv?status=open')).statusCode).toBe(403)
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'referral.exported')
      .execute()
    expect(events).toEqual([])
  })
})
