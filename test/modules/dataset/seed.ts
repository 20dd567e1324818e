/**
 * Rows for the dataset's tests, inserted directly as the table owner (the dataset only reads
 * them, and the modules that write them are built alongside it).
 */
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import type { Actor } from '../../../src/platform/http/types.js'
import type { TestApp } from '../../helpers/test-app.js'

export class Seeder {
  private children = 0
  private referrals = 0

  constructor(
    private readonly t: TestApp,
    readonly partnership: SeededPartnership,
  ) {}

  get partnershipId() {
    return this.partnership.id
  }

  private get owner() {
    return this.t.database.owner
  }

  /** Someone to record rows as: the partnership's administrator. */
  get userId() {
    return this.t.userId('partnership-admin', this.partnership)
  }

  agency(index: number): string {
    const id = this.partnership.agencyIds[index]
    if (!id) throw new Error(`No agency ${String(index)}`)
    return id
  }

  async holiday(holidayOn: string) {
    await this.owner
      .insertInto('bank_holiday')
      .values({ partnership_id: this.partnershipId, holiday_on: holidayOn, name: 'Local holiday' })
      .execute()
  }

  async referral(fields: Record<string, unknown> = {}): Promise<string> {
    this.referrals += 1
    const receivedAt = (fields.received_at as Date | undefined) ?? new Date('2025-10-15T09:00:00Z')
    const row = await this.owner
      .insertInto('referral')
      .values({
        partnership_id: this.partnershipId,
        reference: `REF-${String(this.referrals)}`,
        draft_id: crypto.randomUUID(),
        source: 'public',
        received_at: receivedAt,
        decision_due_at: new Date(receivedAt.getTime() + 86_400_000),
        household: 'Mother',
        parents_carers: 'Parent',
        concern: 'A concern',
        child_says: 'Something',
        child_feels: '',
        consent: 'given',
        reporter_anonymous: true,
        ...(fields.source === 'professional' ? { referrer_user_id: this.userId } : {}),
        ...fields,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  /** A final decision (or one awaiting authorisation) on a new referral. */
  decided(receivedAt: string, decidedAt: string, decision: string, status = 'decided') {
    return this.referral({
      received_at: new Date(receivedAt),
      status,
      decision,
      decision_reasons: 'Reasons',
      decided_by: this.userId,
      decided_at: new Date(decidedAt),
    })
  }

  async referralChild(referralId: string, previousReferralOn: string | null = null) {
    await this.owner
      .insertInto('referral_child')
      .values({
        partnership_id: this.partnershipId,
        referral_id: referralId,
        position:
          Number(
            (
              await this.owner
                .selectFrom('referral_child')
                .select(eb => eb.fn.countAll().as('n'))
                .where('referral_id', '=', referralId)
                .executeTakeFirstOrThrow()
            ).n,
          ) + 1,
        given_name: 'Child',
        approximate_age: 7,
        previous_referral_on: previousReferralOn,
      })
      .execute()
  }

  async check(agencyId: string, dueAt: string, answeredAt: string | null) {
    const referralId = await this.referral()
    await this.owner
      .insertInto('referral_check')
      .values({
        partnership_id: this.partnershipId,
        referral_id: referralId,
        agency_id: agencyId,
        requested_by: this.userId,
        due_at: new Date(dueAt),
        ...(answeredAt
          ? { answer: 'Known to us', answered_by: this.userId, answered_at: new Date(answeredAt) }
          : {}),
      })
      .execute()
  }

  async child(): Promise<string> {
    this.children += 1
    const row = await this.owner
      .insertInto('child')
      .values({ partnership_id: this.partnershipId, la_child_id: `C${String(this.children)}` })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  /** A child with a CIN episode; returns both ids. */
  async episode(referralDate: string, closureDate: string | null = null) {
    const childId = await this.child()
    const row = await this.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: this.partnershipId,
        child_id: childId,
        referral_date: referralDate,
        closure_date: closureDate,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { childId, episodeId: row.id as string }
  }

  async assessment(
    referralDate: string,
    startDate: string,
    authorisationDate: string | null,
    closureDate: string | null = null,
  ) {
    const { episodeId } = await this.episode(referralDate, closureDate)
    await this.owner
      .insertInto('assessment')
      .values({
        partnership_id: this.partnershipId,
        episode_id: episodeId,
        start_date: startDate,
        authorisation_date: authorisationDate,
      })
      .execute()
  }

  async strategyDiscussion(childId: string, heldOn: string): Promise<string> {
    const row = await this.owner
      .insertInto('strategy_discussion')
      .values({
        partnership_id: this.partnershipId,
        child_id: childId,
        held_on: heldOn,
        reason: 'Concern',
        outcome: 'section-47',
        recorded_by: this.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  async section47(
    startDate: string,
    initialCpc: string | null,
    options: { strategyHeldOn?: string } = {},
  ) {
    const { childId, episodeId } = await this.episode(startDate)
    const strategyId = options.strategyHeldOn
      ? await this.strategyDiscussion(childId, options.strategyHeldOn)
      : null
    await this.owner
      .insertInto('section47')
      .values({
        partnership_id: this.partnershipId,
        episode_id: episodeId,
        start_date: startDate,
        date_of_initial_cpc: initialCpc,
        strategy_discussion_id: strategyId,
      })
      .execute()
  }

  async plan(fields: {
    start: string
    end?: string | null
    category?: string | null
    previousPlans?: number | null
    reviewDates?: string[]
  }) {
    const { childId, episodeId } = await this.episode(fields.start)
    const row = await this.owner
      .insertInto('child_protection_plan')
      .values({
        partnership_id: this.partnershipId,
        episode_id: episodeId,
        start_date: fields.start,
        end_date: fields.end ?? null,
        initial_category: fields.category === undefined ? 'NEG' : fields.category,
        latest_category: fields.category === undefined ? 'NEG' : fields.category,
        number_of_previous_plans: fields.previousPlans ?? 0,
        review_dates: fields.reviewDates ?? [],
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { childId, planId: row.id as string }
  }

  /** A conference: held when heldOn is given, else scheduled. */
  async conference(fields: {
    kind: 'initial' | 'review'
    targetDate: string
    heldOn?: string | null
    plan?: { childId: string; planId: string }
  }): Promise<string> {
    const childId = fields.plan?.childId ?? (await this.child())
    const held = fields.heldOn
      ? {
          status: 'held',
          held_on: fields.heldOn,
          outcome: fields.kind === 'review' ? 'continue-plan' : 'no-plan',
          category: fields.kind === 'review' ? 'NEG' : null,
        }
      : { status: 'scheduled', scheduled_at: new Date(`${fields.targetDate}T10:00:00Z`) }
    const row = await this.owner
      .insertInto('conference')
      .values({
        partnership_id: this.partnershipId,
        child_id: childId,
        kind: fields.kind,
        plan_id: fields.plan?.planId ?? null,
        target_date: fields.targetDate,
        created_by: this.userId,
        ...held,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  async invitation(
    conferenceId: string,
    agencyId: string,
    fields: {
      sentAt?: string | null
      reportRequested?: boolean
      reportDueAt?: string | null
      reportReceivedAt?: string | null
      attendance?: string | null
    },
  ) {
    const date = (value: string | null | undefined) => (value ? new Date(value) : null)
    await this.owner
      .insertInto('conference_invitation')
      .values({
        partnership_id: this.partnershipId,
        conference_id: conferenceId,
        agency_id: agencyId,
        invitee_name: 'Agency representative',
        sent_at: date(fields.sentAt),
        report_requested: fields.reportRequested ?? true,
        report_due_at: date(fields.reportDueAt),
        report_received_at: date(fields.reportReceivedAt),
        attendance: fields.attendance ?? null,
        created_by: this.userId,
      })
      .execute()
  }
}

/** The actor the service sees for a role of a seeded partnership. */
export function actorFor(t: TestApp, partnership: SeededPartnership): Actor {
  return {
    userId: t.userId('analyst', partnership),
    email: 'analyst@example.test',
    displayName: 'Analyst',
    partnershipId: partnership.id,
    partnershipName: partnership.name,
    roles: ['analyst'],
    agencyIds: [],
    via: 'session',
  }
}
