import { describe, expect, it } from 'vitest'
import { importCensusFile } from '../../../src/modules/census/import.js'
import { useTestApp } from '../../helpers/test-app.js'
import { censusXml, childXml, writeFile } from '../census/records-helpers.js'

const t = useTestApp()

async function seedChildren(ids: string[], partnershipId = t.northbridge.id) {
  const path = writeFile(
    `children-${ids[0] ?? ''}-${ids.length}.xml`,
    censusXml(ids.map(id => childXml(id)).join('')),
  )
  const outcome = await importCensusFile(t.database.db, {
    partnershipId,
    userId: null,
    path,
    fileName: 'seed.xml',
  })
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems))
}

async function name(laChildId: string, givenName: string, familyName: string) {
  await t.database.owner
    .updateTable('child')
    .set({ given_name: givenName, family_name: familyName })
    .where('la_child_id', '=', laChildId)
    .execute()
}

async function childId(laChildId: string): Promise<string> {
  const row = await t.database.owner
    .selectFrom('child')
    .select('id')
    .where('la_child_id', '=', laChildId)
    .executeTakeFirstOrThrow()
  return row.id as string
}

async function events(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

describe('children list', () => {
  it('lists and searches children by name, LA child ID, UPN and date of birth', async () => {
    await seedChildren(['A100', 'B200'])
    await name('A100', 'Amira', 'Khan')
    await name('B200', 'Ben', 'Okafor')
    const cookie = await t.signInAs('social-worker')
    const all = await t.inject({ method: 'GET', url: '/children', headers: { cookie } })
    expect(all.statusCode).toBe(200)
    expect(all.body).toContain('Amira Khan')
    expect(all.body).toContain('Ben Okafor')
    expect(all.body).toContain(
      '<caption class="govuk-table__caption govuk-table__caption--m">Children',
    )
    expect(all.body).toContain('<label class="govuk-label" for="q">')

    const byName = await t.inject({ method: 'GET', url: '/children?q=okaf', headers: { cookie } })
    expect(byName.body).toContain('Ben Okafor')
    expect(byName.body).not.toContain('Amira Khan')
    const byId = await t.inject({ method: 'GET', url: '/children?q=A100', headers: { cookie } })
    expect(byId.body).toContain('Amira Khan')
    expect(byId.body).not.toContain('Ben Okafor')
    const byBirth = await t.inject({
      method: 'GET',
      url: '/children?q=2015-06-01',
      headers: { cookie },
    })
    expect(byBirth.body).toContain('2 children')

    const audited = await events('child.searched')
    expect(audited.length).toBe(4)
    expect(audited[1]?.detail).toMatchObject({ query: 'okaf', shown: 1 })
  })

  it('pages through a long list', async () => {
    await seedChildren(Array.from({ length: 60 }, (_, i) => `P${String(i).padStart(3, '0')}`))
    const cookie = await t.signInAs('social-worker')
    const first = await t.inject({ method: 'GET', url: '/children', headers: { cookie } })
    expect(first.body).toContain('page 1 of 2')
    expect(first.body).toContain('P049')
    expect(first.body).not.toContain('P050')
    const second = await t.inject({ method: 'GET', url: '/children?page=2', headers: { cookie } })
    expect(second.body).toContain('P059')
    const silly = await t.inject({
      method: 'GET',
      url: '/children?page=banana',
      headers: { cookie },
    })
    expect(silly.statusCode).toBe(200)
  })

  it('exports the list as CSV for roles that may export, audited', async () => {
    await seedChildren(['C1'])
    await name('C1', '=cmd', 'Smith')
    const manager = await t.signInAs('front-door-manager')
    const response = await t.inject({
      method: 'GET',
      url: '/children/export.csv',
      headers: { cookie: manager },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    const [header, row] = response.body.trim().split('\n')
    expect(header).toBe(
      'la_child_id,upn,given_name,family_name,date_of_birth,expected_date_of_birth,sex',
    )
    expect(row).toBe("C1,,'=cmd,Smith,2015-06-01,,F")
    const [audit] = await events('child.exported')
    expect(audit).toMatchObject({
      user_id: t.userId('front-door-manager'),
      partnership_id: t.northbridge.id,
    })

    const worker = await t.signInAs('social-worker')
    const refused = await t.inject({
      method: 'GET',
      url: '/children/export.csv',
      headers: { cookie: worker },
    })
    expect(refused.statusCode).toBe(403)
  })

  it('shows no children to roles without a child grant', async () => {
    const cookie = await t.signInAs('trainer')
    expect(
      (await t.inject({ method: 'GET', url: '/children', headers: { cookie } })).statusCode,
    ).toBe(403)
  })

  it('does not list another partnership’s children', async () => {
    await seedChildren(['S1'], t.southbridge.id)
    const cookie = await t.signInAs('social-worker')
    const page = await t.inject({ method: 'GET', url: '/children?q=S1', headers: { cookie } })
    expect(page.body).toContain('No children match')
  })
})

describe('a child’s record', () => {
  it('shows identifiers and a timeline of every episode and event in date order, audited as viewed', async () => {
    await seedChildren(['T1'])
    await name('T1', 'Tia', 'Lowe')
    const id = await childId('T1')
    const cookie = await t.signInAs('conference-chair')
    const page = await t.inject({ method: 'GET', url: `/children/${id}`, headers: { cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Tia Lowe')
    expect(page.body).toContain('Not known (UN2)')
    const order = [
      'Referral',
      'Assessment started',
      'Section 47 enquiry started',
      'Initial child protection conference',
      'Child protection plan started',
      'Assessment authorised',
      'Child protection review',
    ]
    const positions = order.map(title =>
      page.body.indexOf(`<td class="govuk-table__cell">${title}</td>`),
    )
    for (const position of positions) expect(position).toBeGreaterThan(-1)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(page.body).toContain('22 May 2024')
    // Codes read as words, with the code workers know in brackets (issue 19 point 5).
    expect(page.body).toContain('White British (WBRI)')
    expect(page.body).toContain('No disability (NONE)')
    expect(page.body).toContain('Source: Individual: family member, relative or carer (1A)')
    expect(page.body).toContain('Primary need: Abuse or neglect (N1)')
    expect(page.body).toContain('Category: Neglect (NEG)')
    expect(page.body).toContain('Factors: Domestic abuse: the child (3A)')
    // An imported episode was opened by no front door referral, and says where it came from.
    expect(page.body).toMatch(/Referral of \d{1,2} [A-Z][a-z]+ \d{4} \(from the census\)/)
    expect(page.body.replace(/<[^>]+>/g, ' ')).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/)

    const [viewed] = await events('child.viewed')
    expect(viewed).toMatchObject({
      child_id: id,
      resource_id: id,
      user_id: t.userId('conference-chair'),
      partnership_id: t.northbridge.id,
    })
  })

  it('writes a child.viewed event on every view', async () => {
    await seedChildren(['V1'])
    const id = await childId('V1')
    const cookie = await t.signInAs('social-worker')
    await t.inject({ method: 'GET', url: `/children/${id}`, headers: { cookie } })
    await t.inject({ method: 'GET', url: `/children/${id}`, headers: { cookie } })
    expect(await events('child.viewed')).toHaveLength(2)
  })

  it('links to the child protection record only for roles that can read it', async () => {
    await seedChildren(['P1'])
    const id = await childId('P1')
    const link = `href="/protection/children/${id}"`
    for (const [role, shown] of [
      ['social-worker', true],
      ['cdop-coordinator', false],
    ] as const) {
      const cookie = await t.signInAs(role)
      const page = await t.inject({ method: 'GET', url: `/children/${id}`, headers: { cookie } })
      expect(page.statusCode, role).toBe(200)
      expect(page.body.includes(link), role).toBe(shown)
    }
  })

  it('answers 404 for an unknown child, a malformed id and another partnership’s child', async () => {
    await seedChildren(['O1'], t.southbridge.id)
    const theirs = await childId('O1')
    const cookie = await t.signInAs('social-worker')
    for (const url of [
      '/children/00000000-0000-4000-8000-000000000000',
      '/children/not-an-id',
      `/children/${theirs}`,
    ]) {
      const response = await t.inject({ method: 'GET', url, headers: { cookie } })
      expect(response.statusCode, url).toBe(404)
    }
    expect(await events('child.viewed')).toHaveLength(0)
  })

  it('records the child’s name, audited with what changed', async () => {
    await seedChildren(['N1'])
    const id = await childId('N1')
    const cookie = await t.signInAs('social-worker')
    const form = await t.inject({ method: 'GET', url: `/children/${id}/name`, headers: { cookie } })
    expect(form.body).toContain('<label class="govuk-label" for="givenName">')
    const response = await t.postForm(
      `/children/${id}/name`,
      { givenName: ' Nia ', familyName: 'Evans' },
      cookie,
    )
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/children/${id}`)
    const child = await t.database.owner
      .selectFrom('child')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(child).toMatchObject({ given_name: 'Nia', family_name: 'Evans' })
    const [updated] = await events('child.updated')
    expect(updated).toMatchObject({
      child_id: id,
      fields: { givenName: { from: null, to: 'Nia' } },
    })

    const empty = await t.postForm(
      `/children/${id}/name`,
      { givenName: '', familyName: '' },
      cookie,
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter a given name or a family name')

    const cdop = await t.signInAs('cdop-coordinator')
    const refused = await t.postForm(
      `/children/${id}/name`,
      { givenName: 'X', familyName: 'Y' },
      cdop,
    )
    expect(refused.statusCode).toBe(403)
  })
})
