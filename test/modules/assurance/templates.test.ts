import { describe, expect, it } from 'vitest'
import { readReturn, saveStandard } from '../../../src/modules/assurance/returns/service.js'
import {
  questionScore,
  scoreReturn,
  type TemplateDefinition,
} from '../../../src/modules/assurance/templates/definition.js'
import {
  SECTION_11_KEY_AREAS,
  SHIPPED_TEMPLATES,
} from '../../../src/modules/assurance/templates/shipped.js'
import { addStandard, listTemplates } from '../../../src/modules/assurance/templates/service.js'
import { useTestApp } from '../../helpers/test-app.js'
import { agencyOrganisation, ctxFor, cycle, must, templateId } from './helpers.js'

const t = useTestApp()

describe('scoring rules', () => {
  it('scores each answer type and ignores text and evidence', () => {
    expect(questionScore('rag', 'green')).toBe(100)
    expect(questionScore('rag', 'amber')).toBe(50)
    expect(questionScore('rag', 'red')).toBe(0)
    expect(questionScore('grade', '3')).toBe(75)
    expect(questionScore('grade', '5')).toBeNull()
    expect(questionScore('percentage', 81)).toBe(81)
    expect(questionScore('percentage', 101)).toBeNull()
    expect(questionScore('yes-no-partly', 'partly')).toBe(50)
    expect(questionScore('text', 'anything')).toBeNull()
    expect(questionScore('rag', '')).toBeNull()
  })

  it('averages questions into standards, standards into areas, and lets a regrade override', () => {
    const definition: TemplateDefinition = {
      description: '',
      areas: [
        {
          key: 'a',
          title: 'A',
          standards: [
            {
              key: 's1',
              title: 'S1',
              guidance: '',
              questions: [
                { key: 'q', text: 'Q', type: 'rag', required: true },
                { key: 'r', text: 'R', type: 'yes-no-partly', required: true },
              ],
            },
            {
              key: 's2',
              title: 'S2',
              guidance: '',
              questions: [{ key: 'q', text: 'Q', type: 'percentage', required: true }],
            },
          ],
        },
      ],
    }
    const answers = { 's1.q': 'amber', 's1.r': 'yes', 's2.q': 60 }
    // s1 = (50 + 100) / 2 = 75; s2 = 60; area = 67.5, shown as 68
    expect(scoreReturn(definition, answers).areas[0]).toMatchObject({
      score: 68,
      standards: [{ score: 75 }, { score: 60 }],
    })
    const regraded = scoreReturn(definition, answers, {
      s2: { decision: 'regrade', score: 100, comment: null },
    })
    expect(regraded.areas[0]?.score).toBe(88)
    expect(regraded.overall).toBe(88)
  })
})

describe('templates', () => {
  it('ships Section 11 with the thirteen key areas, schools, voluntary sector and the other self-assessments', async () => {
    const templates = await listTemplates(t.database.db, ctxFor(t, 'business-officer'))
    expect(templates.map(x => `${x.key} v${x.version}`).sort()).toEqual(
      SHIPPED_TEMPLATES.map(x => `${x.key} v1`).sort(),
    )
    const s11 = templates.find(x => x.key === 'section-11')!
    expect(s11.definition.areas.map(a => a.title)).toEqual([...SECTION_11_KEY_AREAS])
    expect(s11.targetPercent).toBe(100)
    expect(templates.find(x => x.key === 'section-175-157')!.targetPercent).toBe(95)
    const safer = templates.find(x => x.key === 'safer-recruitment')!
    expect(safer.definition.areas.map(a => a.title)).toEqual([
      'Recruitment',
      'Induction',
      'Safe working culture',
      'Monitoring',
    ])
    // Each partnership has its own copy.
    const south = await listTemplates(t.database.db, ctxFor(t, 'business-officer', t.southbridge))
    expect(south.every(x => !templates.some(n => n.id === x.id))).toBe(true)
  })

  it('adds a standard as a new version, and a return keeps the version it answered', async () => {
    const ctx = ctxFor(t, 'business-officer')
    const org = await agencyOrganisation(t, 1, 'lead@police.example')
    const first = await cycle(t, 'voluntary-sector', [org])
    const v1 = await templateId(t, 'voluntary-sector')
    const added = must(
      await addStandard(t.database.db, ctx, v1, {
        areaKey: 'a1-policy',
        title: 'You have an online safety policy',
        guidance: 'Attach it.',
        questionText: 'Do you have one?',
        questionType: 'yes-no-partly',
        required: true,
      }),
      'saved',
    )
    const v2 = await templateId(t, 'voluntary-sector')
    expect(v2).toBe(added.id)
    const templates = await listTemplates(t.database.db, ctx)
    expect(templates.filter(x => x.key === 'voluntary-sector').map(x => x.version)).toEqual([2, 1])

    const returnId = (
      await t.database.owner
        .selectFrom('asr_return')
        .select('id')
        .where('cycle_id', '=', first.id)
        .executeTakeFirstOrThrow()
    ).id as string
    const who = { kind: 'user' as const, ctx }
    const view = await readReturn(t.database.db, who, returnId)
    expect(view?.row.templateVersion).toBe(1)
    expect(view?.row.definition.areas[0]?.standards).toHaveLength(1)

    // Changing an old version is refused; a second cycle takes version 2.
    expect(
      await addStandard(t.database.db, ctx, v1, {
        areaKey: 'a1-policy',
        title: 'X',
        guidance: '',
        questionText: 'Q',
        questionType: 'text',
        required: false,
      }),
    ).toMatchObject({ kind: 'refused', field: 'form' })
    const second = await cycle(t, 'voluntary-sector', [org], undefined, 'Voluntary sector 2027/28')
    const secondReturn = await t.database.owner
      .selectFrom('asr_return')
      .select('template_id')
      .where('cycle_id', '=', second.id)
      .executeTakeFirstOrThrow()
    expect(secondReturn.template_id).toBe(v2)
    expect(await saveStandard(t.database.db, who, returnId, 'a1s1', { 'q-score': 'yes' })).toEqual({
      kind: 'saved',
    })
  })
})
