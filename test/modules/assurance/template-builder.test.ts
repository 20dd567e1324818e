import { describe, expect, it } from 'vitest'
import { QUESTION_TYPES } from '../../../src/modules/assurance/templates/definition.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

const versions = () =>
  t.database.owner
    .selectFrom('asr_template')
    .select(['id', 'version', 'threshold', 'target_percent', 'definition'])
    .where('key', '=', 'custom-early-help-self-assessment')
    .orderBy('version')
    .execute()

const newest = async () => {
  const all = await versions()
  return all[all.length - 1]!
}

describe('a template built from scratch in the browser', () => {
  it('creates version 1, then each area, standard of every answer type and scoring rule as a new version', async () => {
    const officer = await t.signInAs('business-officer')
    const post = (url: string, fields: Record<string, string>) => t.postForm(url, fields, officer)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/assurance/templates/new',
          headers: { cookie: officer },
        })
      ).statusCode,
    ).toBe(200)
    const created = await post('/assurance/templates', {
      title: 'Early help self-assessment',
      description: 'How agencies offer early help.',
      firstArea: 'Leadership',
      threshold: '80',
      targetPercent: '90',
    })
    expect(created.statusCode).toBe(303)
    let current = await newest()
    expect(current).toMatchObject({ version: 1, threshold: 80, target_percent: 90 })
    expect(created.headers.location).toBe(`/assurance/templates/${current.id as string}`)

    expect(
      (await post(`/assurance/templates/${current.id as string}/areas`, { areaTitle: 'Practice' }))
        .statusCode,
    ).toBe(303)
    current = await newest()
    expect(current.version).toBe(2)
    const areas = (current.definition as { areas: { key: string; title: string }[] }).areas
    expect(areas.map(a => a.title)).toEqual(['Leadership', 'Practice'])

    for (const [index, type] of Object.keys(QUESTION_TYPES).entries()) {
      const response = await post(`/assurance/templates/${current.id as string}/standards`, {
        areaKey: areas[index % 2]!.key,
        title: `Standard ${index + 1}`,
        guidance: 'What good looks like.',
        questionText: `Question answered as ${type}`,
        questionType: type,
        required: type === 'text' || type === 'evidence' ? 'no' : 'yes',
      })
      expect(response.statusCode, type).toBe(303)
      current = await newest()
    }
    expect(current.version).toBe(2 + Object.keys(QUESTION_TYPES).length)
    const standards = (
      current.definition as { areas: { standards: { questions: { type: string }[] }[] }[] }
    ).areas.flatMap(a => a.standards)
    expect(standards.map(s => s.questions[0]!.type).sort()).toEqual(
      Object.keys(QUESTION_TYPES).sort(),
    )

    expect(
      (
        await post(`/assurance/templates/${current.id as string}/rules`, {
          threshold: '100',
          targetPercent: '95',
        })
      ).statusCode,
    ).toBe(303)
    const final = await newest()
    expect(final).toMatchObject({ threshold: 100, target_percent: 95 })
    expect(final.definition).toEqual(current.definition)
    // Every earlier version is kept as it was: returns keep the version they answered.
    expect((await versions()).map(v => v.version)).toEqual(
      Array.from({ length: final.version as number }, (_, i) => i + 1),
    )
    const page = await t.inject({
      method: 'GET',
      url: `/assurance/templates/${final.id as string}`,
      headers: { cookie: officer },
    })
    expect(page.body).toContain('Question answered as yes-no-partly (Yes, no or partly, required)')
  })

  it('refuses bad input with messages by the fields, and a change to an old version, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const post = (url: string, fields: Record<string, string>) => t.postForm(url, fields, officer)
    const empty = await expectNothingWritten(t, () =>
      post('/assurance/templates', {
        title: '',
        description: '',
        firstArea: '',
        threshold: '120',
        targetPercent: 'x',
      }),
    )
    expect(empty.statusCode).toBe(400)
    for (const message of [
      'Enter the title of the template',
      'Enter the first area of standards',
      'The threshold must be a whole number from 0 to 100',
      'The target must be a whole number from 0 to 100',
    ])
      expect(empty.body).toContain(message)
    const form = {
      title: 'Early help self-assessment',
      description: 'D',
      firstArea: 'Leadership',
      threshold: '80',
      targetPercent: '90',
    }
    expect((await post('/assurance/templates', form)).statusCode).toBe(303)
    const again = await expectNothingWritten(t, () => post('/assurance/templates', form))
    expect(again.body).toContain('There is already a template with this title')
    const first = await newest()
    expect(
      (await post(`/assurance/templates/${first.id as string}/areas`, { areaTitle: 'Practice' }))
        .statusCode,
    ).toBe(303)
    const old = await expectNothingWritten(t, () =>
      post(`/assurance/templates/${first.id as string}/areas`, { areaTitle: 'Voice of the child' }),
    )
    expect(old.statusCode).toBe(400)
    expect(old.body).toContain('Change the newest version, version 2')
    const second = await newest()
    const same = await expectNothingWritten(t, () =>
      post(`/assurance/templates/${second.id as string}/areas`, { areaTitle: 'practice' }),
    )
    expect(same.body).toContain('There is already an area with this title')
    const agencyLead = await t.signInAs('agency-lead')
    expect((await t.postForm('/assurance/templates', form, agencyLead)).statusCode).toBe(403)
  })
})
