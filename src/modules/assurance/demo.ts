import { inPartnership, type Db } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import type { SeededPartnership } from '../../demo/platform-data.js'
import { londonToday } from '../../platform/calendar.js'
import { createMailer } from '../../platform/mail.js'
import type { SeededRandom } from '../../platform/random.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { addOrganisation, createCycle, importSchools } from './cycles/service.js'
import { completeModeration, saveStandard, submitReturn } from './returns/service.js'
import type { Ctx } from './shared.js'
import { allStandards } from './templates/definition.js'
import { latestVersions, listTemplates } from './templates/service.js'
import { createAudit } from './case-file-audits/service.js'

const SCHOOLS = [
  'Hillside Primary',
  'Riverside Academy',
  'St Mary’s CE Primary',
  'Northbridge High',
  'Oakfield Infants',
  'Meadow Junior',
  'Castle Special School',
  'Brookside Nursery',
]

function officerCtx(partnership: SeededPartnership): Ctx {
  const user = partnership.users.find(u => u.role === 'business-officer')
  if (!user) throw new Error('The demo partnership has no business officer')
  return {
    actor: {
      userId: user.id,
      email: user.email,
      displayName: 'Demo business officer',
      partnershipId: partnership.id,
      partnershipName: partnership.name,
      roles: ['business-officer'],
      agencyIds: [],
      via: 'session',
    },
    requestId: 'demo',
  }
}

function answerFor(type: string, random: SeededRandom): string {
  if (type === 'percentage') return String(random.chance(0.7) ? 100 : random.int(60, 95))
  if (type === 'rag') return random.chance(0.7) ? 'green' : random.pick(['amber', 'red'])
  if (type === 'grade') return String(random.chance(0.6) ? 4 : random.int(2, 3))
  if (type === 'yes-no-partly') return random.chance(0.75) ? 'yes' : random.pick(['partly', 'no'])
  return ''
}

/**
 * Returning organisations (each agency and a few schools), a moderated Section 11 cycle from last
 * year with its actions, this year's schools audit part-returned, and a case file audit to sample.
 * Once per partnership: a partnership that has organisations already is left as it is.
 */
export async function seedDemoAssurance(
  db: Db,
  partnership: SeededPartnership,
  random: SeededRandom,
) {
  const ctx = officerCtx(partnership)
  const existing = await inPartnership(db, { partnershipId: partnership.id }, trx =>
    trx
      .selectFrom('asrOrganisation')
      .select('id')
      .where('partnershipId', '=', partnership.id)
      .limit(1)
      .executeTakeFirst(),
  )
  if (existing) return { organisations: 0, returns: 0 }
  const mail = {
    mailer: createMailer({ from: 'Keepsafe <no-reply@keepsafe.invalid>' }),
    publicUrl: 'http://localhost:3000',
  }
  const agencies = await inPartnership(db, { partnershipId: partnership.id }, trx =>
    trx
      .selectFrom('agency')
      .select(['id', 'name'])
      .where('partnershipId', '=', partnership.id)
      .orderBy('name')
      .execute(),
  )
  const agencyOrgs: string[] = []
  for (const agency of agencies) {
    const outcome = await addOrganisation(db, ctx, {
      kind: 'agency',
      agencyId: agency.id,
      urn: null,
      name: agency.name,
      phase: null,
      leadEmail: `safeguarding-lead.${agency.id.slice(0, 8)}@example.org`,
    })
    if (outcome.kind === 'saved') agencyOrgs.push(outcome.id)
  }
  const csv = [
    'URN,Name,Phase,DSL email',
    ...SCHOOLS.map(
      (name, i) =>
        `${100100 + i},${name},${i % 3 === 0 ? 'Secondary' : 'Primary'},dsl${i}@school.example.org`,
    ),
  ].join('\n')
  await importSchools(db, ctx, csv)
  const schools = await inPartnership(db, { partnershipId: partnership.id }, trx =>
    trx
      .selectFrom('asrOrganisation')
      .select('id')
      .where('kind', '=', 'school')
      .orderBy('urn')
      .execute(),
  )
  const templates = latestVersions(await listTemplates(db, ctx))
  const today = londonToday()
  const s11 = await createCycle(db, ctx, mail, {
    templateId: templates.find(t => t.key === 'section-11')?.id ?? '',
    title: 'Section 11 self-assessment (demo, last year)',
    opensOn: addCalendarDays(today, -400),
    dueOn: addCalendarDays(today, -300),
    organisationIds: agencyOrgs,
  })
  const s175 = await createCycle(db, ctx, mail, {
    templateId: templates.find(t => t.key === 'section-175-157')?.id ?? '',
    title: 'Section 175/157 schools audit (demo)',
    opensOn: addCalendarDays(today, -30),
    dueOn: addCalendarDays(today, 30),
    organisationIds: schools.map(s => s.id),
  })
  let returns = 0
  for (const [cycle, share, moderate] of [
    [s11, 1, true],
    [s175, 0.6, false],
  ] as const) {
    if (cycle.kind !== 'saved') continue
    const rows = await inPartnership(db, { partnershipId: partnership.id }, trx =>
      trx
        .selectFrom('asrReturn')
        .innerJoin('asrTemplate', 'asrTemplate.id', 'asrReturn.templateId')
        .select(['asrReturn.id', 'asrTemplate.definition'])
        .where('cycleId', '=', cycle.id)
        .orderBy('asrReturn.id')
        .execute(),
    )
    for (const row of rows) {
      if (!random.chance(share)) continue
      const who = { kind: 'user' as const, ctx }
      for (const { standard } of allStandards(row.definition)) {
        const body = Object.fromEntries(
          standard.questions
            .filter(q => q.type !== 'evidence')
            .map(q => [`q-${q.key}`, answerFor(q.type, random)]),
        )
        await saveStandard(db, who, row.id, standard.key, body)
      }
      await submitReturn(db, who, row.id)
      if (moderate) await completeModeration(db, ctx, row.id)
      returns += 1
    }
  }
  if (agencies.length >= 2) {
    await createAudit(db, ctx, {
      title: 'Neglect case file audit (demo)',
      theme: 'neglect',
      questions: [
        'Was neglect recognised early?',
        'Did the plan focus on outcomes for the child?',
        'Was the child’s voice recorded?',
      ],
      agencyIds: agencies.slice(0, 3).map(a => a.id),
    })
  }
  return { organisations: agencyOrgs.length + schools.length, returns }
}

export const assuranceDemoContributor: DemoContributor = {
  name: 'assurance',
  async contribute({ database, random, partnerships }) {
    let organisations = 0
    let returns = 0
    for (const partnership of partnerships) {
      const made = await seedDemoAssurance(database.db, partnership, random)
      organisations += made.organisations
      returns += made.returns
    }
    return { organisations, returns }
  },
}
