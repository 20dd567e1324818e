import type { Answers, Moderation } from '../table.js'

/** A self-assessment's shape: areas of standards, each standard a few questions. */

export const QUESTION_TYPES = {
  rag: 'Red, amber or green',
  grade: 'Grade 1 to 4 (4 is best)',
  percentage: 'Percentage',
  'yes-no-partly': 'Yes, no or partly',
  text: 'Text',
  evidence: 'Evidence upload',
} as const
export type QuestionType = keyof typeof QUESTION_TYPES

export interface Question {
  key: string
  text: string
  type: QuestionType
  required: boolean
}
export interface Standard {
  key: string
  title: string
  guidance: string
  questions: Question[]
}
export interface Area {
  key: string
  title: string
  standards: Standard[]
}
export interface TemplateDefinition {
  description: string
  areas: Area[]
}

export const ANSWER_WORDS: Record<string, Record<string, string>> = {
  rag: { green: 'Green', amber: 'Amber', red: 'Red' },
  grade: { '4': 'Grade 4', '3': 'Grade 3', '2': 'Grade 2', '1': 'Grade 1' },
  'yes-no-partly': { yes: 'Yes', partly: 'Partly', no: 'No' },
}

const RAG_SCORES: Record<string, number> = { green: 100, amber: 50, red: 0 }
const YES_NO_SCORES: Record<string, number> = { yes: 100, partly: 50, no: 0 }

/**
 * The scoring rules: green, yes and grade 4 are 100; amber and partly 50; grades step by 25; a
 * percentage is itself; text and evidence are not scored. An unanswered question has no score.
 */
export function questionScore(type: QuestionType, value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  if (value === '') return null
  switch (type) {
    case 'rag':
      return RAG_SCORES[String(value)] ?? null
    case 'yes-no-partly':
      return YES_NO_SCORES[String(value)] ?? null
    case 'grade': {
      const grade = Number(value)
      return Number.isInteger(grade) && grade >= 1 && grade <= 4 ? grade * 25 : null
    }
    case 'percentage': {
      const percent = Number(value)
      return Number.isFinite(percent) && percent >= 0 && percent <= 100 ? percent : null
    }
    default:
      return null
  }
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null

export const answerKey = (standard: Standard, question: Question) =>
  `${standard.key}.${question.key}`

/** A standard's score: the mean of its scored answers, unless moderation regraded it. */
export function standardScore(
  standard: Standard,
  answers: Answers,
  moderation: Moderation = {},
): number | null {
  const moderated = moderation[standard.key]
  if (moderated?.decision === 'regrade' && moderated.score !== null) return moderated.score
  const scores = standard.questions
    .map(q => questionScore(q.type, answers[answerKey(standard, q)]))
    .filter((s): s is number => s !== null)
  return mean(scores)
}

export interface AreaScore {
  key: string
  title: string
  /** Whole percent, rounded half up; null when nothing in the area is answered. */
  score: number | null
  standards: { key: string; title: string; score: number | null }[]
}

export function scoreReturn(
  definition: TemplateDefinition,
  answers: Answers,
  moderation: Moderation = {},
): { areas: AreaScore[]; overall: number | null } {
  const areas = definition.areas.map(area => {
    const standards = area.standards.map(s => ({
      key: s.key,
      title: s.title,
      score: standardScore(s, answers, moderation),
    }))
    const score = mean(standards.map(s => s.score).filter((s): s is number => s !== null))
    return {
      key: area.key,
      title: area.title,
      score: score === null ? null : Math.round(score),
      standards,
    }
  })
  const overall = mean(
    areas.flatMap(a => a.standards.map(s => s.score)).filter((s): s is number => s !== null),
  )
  return { areas, overall: overall === null ? null : Math.round(overall) }
}

/** Required questions with no answer, as "Area: standard: question" for the error summary. */
export function unansweredRequired(definition: TemplateDefinition, answers: Answers) {
  return definition.areas.flatMap(area =>
    area.standards.flatMap(standard =>
      standard.questions
        .filter(q => q.required && (answers[answerKey(standard, q)] ?? '') === '')
        .map(q => ({ area, standard, question: q })),
    ),
  )
}

export function allStandards(definition: TemplateDefinition) {
  return definition.areas.flatMap(area => area.standards.map(standard => ({ area, standard })))
}
