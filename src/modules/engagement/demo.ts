import { inPartnership, type Db } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import type { SeededPartnership } from '../../demo/platform-data.js'
import { listActiveAgencies } from '../../platform/directory.js'
import type { Role } from '../../platform/permissions.js'
import type { SeededRandom } from '../../platform/random.js'
import { isRefusal } from '../../platform/refusal.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { londonToday } from '../../platform/calendar.js'
import { CampaignForm, ReachForm } from './schema/campaigns.js'
import { IssueForm } from './schema/bulletin.js'
import { ContributionForm, MemberForm } from './schema/panel.js'
import { QuestionForm, SurveyForm } from './schema/surveys.js'
import { createIssue, publishIssue } from './service/bulletin.js'
import { createCampaign, recordReach } from './service/campaigns.js'
import { addContribution, addMember, appointCoordinator } from './service/panel.js'
import { addQuestion, createSurvey, setSurveyStatus, submitResponse } from './service/surveys.js'
import type { Ctx } from './shared.js'
import { dateInputValues } from '../../platform/date-input.js'

/**
 * Demo engagement, through the services: a practitioners' survey answered on its link, a
 * published bulletin issue, the young people's panel with its coordinator, members and
 * contributions, and a campaign with its reach. Once per partnership.
 */

function ctxAs(partnership: SeededPartnership, role: Role): Ctx {
  const user = partnership.users.find(u => u.role === role)
  if (!user) throw new Error(`The demo partnership has no ${role}`)
  return {
    actor: {
      userId: user.id,
      email: user.email,
      displayName: `Demo ${role}`,
      partnershipId: partnership.id,
      partnershipName: partnership.name,
      roles: [role],
      agencyIds: [],
      via: 'session',
    },
    requestId: 'demo',
  }
}

const QUESTIONS = [
  {
    kind: 'single',
    text: 'Which agency do you work for?',
    options: 'Police\nHealth\nSchools\nSocial care',
  },
  {
    kind: 'scale',
    text: 'How confident are you in spotting fabricated or induced illness?',
    required: 'yes',
  },
  { kind: 'yes-no', text: 'Have you read the partnership’s FII guidance?' },
  { kind: 'text', text: 'What would help you most?' },
] as const

const WISHES = ['A short briefing', 'Case examples', 'Time with a named nurse', '', '']

async function seedSurvey(db: Db, ctx: Ctx, random: SeededRandom) {
  const id = await createSurvey(
    db,
    ctx,
    SurveyForm.parse({
      title: 'Fabricated or induced illness: practitioners’ survey',
      anonymous: 'yes',
      invitedCount: '120',
    }),
  )
  for (const question of QUESTIONS) await addQuestion(db, ctx, id, QuestionForm.parse(question))
  await setSurveyStatus(db, ctx, id, 'open')
  const token = await inPartnership(db, { partnershipId: ctx.actor.partnershipId }, trx =>
    trx.selectFrom('engSurvey').select('linkToken').where('id', '=', id).executeTakeFirstOrThrow(),
  )
  let responses = 0
  const count = random.int(30, 45)
  for (let i = 0; i < count; i++) {
    const body = {
      q1: random.pick(['Police', 'Health', 'Schools', 'Social care']),
      q2: String(random.int(1, 5)),
      q3: random.chance(0.6) ? 'Yes' : 'No',
      q4: random.pick(WISHES),
    }
    const sent = await submitResponse(db, {
      partnershipId: ctx.actor.partnershipId,
      token: token.linkToken,
      body,
      respondent: null,
      requestId: 'demo',
    })
    if (!isRefusal(sent) && sent.kind === 'answered') responses += 1
  }
  await setSurveyStatus(db, ctx, id, 'closed')
  return responses
}

async function seedBulletin(db: Db, ctx: Ctx) {
  const created = await createIssue(
    db,
    ctx,
    IssueForm.parse({
      title: 'Partnership bulletin: winter',
      heading1: 'From the independent chair',
      body1: 'Thank you to everyone who answered our survey on fabricated or induced illness.',
      heading2: 'Training',
      body2: 'New dates for the multi-agency neglect course are on the training programme.',
    }),
  )
  if (isRefusal(created)) return 0
  const published = await publishIssue(db, ctx, created.id)
  return isRefusal(published) ? 0 : 1
}

const MEMBERS = [
  { firstName: 'Ayo', ageBand: '14-15', parentalConsent: 'yes' },
  { firstName: 'Sam', ageBand: '16-17' },
  { firstName: 'Priya', ageBand: '16-17' },
  { firstName: 'Jordan', ageBand: '18-25' },
]

const CONTRIBUTIONS = [
  {
    topic: 'What makes a good social worker',
    views: 'Someone who listens, explains what happens next and does what they said they would.',
    influenced: 'The board added these words to the practice standards.',
  },
  {
    topic: 'Online safety campaign',
    views: 'Short videos work better than leaflets; use the platforms young people actually use.',
    influenced: 'The campaign moved its budget from leaflets to short videos.',
  },
]

async function seedPanel(db: Db, partnership: SeededPartnership) {
  const officer = ctxAs(partnership, 'business-officer')
  await appointCoordinator(db, ctxAs(partnership, 'partnership-admin'), officer.actor.userId)
  let members = 0
  for (const member of MEMBERS)
    if (!isRefusal(await addMember(db, officer, MemberForm.parse(member)))) members += 1
  for (const contribution of CONTRIBUTIONS)
    await addContribution(db, officer, ContributionForm.parse(contribution))
  return { members, contributions: CONTRIBUTIONS.length }
}

async function seedCampaign(db: Db, ctx: Ctx, random: SeededRandom) {
  const today = londonToday()
  const startsOn = addCalendarDays(today, -60)
  const id = await createCampaign(
    db,
    ctx,
    CampaignForm.parse({
      title: 'Online safety: talk to someone',
      audience: 'Young people aged 11 to 17 and their parents',
      channels: 'Short videos on social media, posters in schools',
      materials: 'Three short videos made with the young people’s panel; a poster for schools',
      ...dateInputValues('startsOn', startsOn),
      ...dateInputValues('endsOn', addCalendarDays(today, -30)),
    }),
  )
  const agencies = await inPartnership(db, { partnershipId: ctx.actor.partnershipId }, trx =>
    listActiveAgencies(trx, ctx.actor.partnershipId),
  )
  const reach = [
    {
      channel: 'Social media',
      measure: 'People reached',
      value: random.int(8000, 15000),
      agencyId: '',
    },
    { channel: 'Video', measure: 'Video views', value: random.int(2000, 5000), agencyId: '' },
    {
      channel: 'Posters',
      measure: 'Schools with posters',
      value: random.int(20, 40),
      agencyId: agencies[0]?.id ?? '',
    },
  ]
  let counted = 0
  for (const row of reach) {
    const saved = await recordReach(
      db,
      ctx,
      id,
      ReachForm.parse({
        ...row,
        value: String(row.value),
        ...dateInputValues('recordedOn', addCalendarDays(today, -25)),
      }),
    )
    if (!isRefusal(saved) && saved.kind === 'saved') counted += 1
  }
  return counted
}

async function alreadySeeded(db: Db, partnershipId: string) {
  const row = await inPartnership(db, { partnershipId }, trx =>
    trx.selectFrom('engSurvey').select('id').limit(1).executeTakeFirst(),
  )
  return row !== undefined
}

export async function seedDemoEngagement(
  db: Db,
  partnership: SeededPartnership,
  random: SeededRandom,
) {
  const none = {
    surveys: 0,
    responses: 0,
    bulletins: 0,
    panelMembers: 0,
    panelContributions: 0,
    campaigns: 0,
    reach: 0,
  }
  if (await alreadySeeded(db, partnership.id)) return none
  const ctx = ctxAs(partnership, 'business-officer')
  const responses = await seedSurvey(db, ctx, random)
  const bulletins = await seedBulletin(db, ctx)
  const panel = await seedPanel(db, partnership)
  const reach = await seedCampaign(db, ctx, random)
  return {
    surveys: 1,
    responses,
    bulletins,
    panelMembers: panel.members,
    panelContributions: panel.contributions,
    campaigns: 1,
    reach,
  }
}

export const engagementDemoContributor: DemoContributor = {
  name: 'engagement',
  async contribute({ database, random, partnerships }) {
    const totals: Record<string, number> = {}
    for (const partnership of partnerships) {
      const made = await seedDemoEngagement(database.db, partnership, random)
      for (const [key, value] of Object.entries(made)) totals[key] = (totals[key] ?? 0) + value
    }
    return totals
  },
}
