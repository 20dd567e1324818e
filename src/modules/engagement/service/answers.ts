import { MAX_ANSWER_LENGTH, SCALE, YES_NO, type QuestionKind } from '../schema/surveys.js'

/**
 * Reading a survey's answers from a form, question by question: each answer must be one the
 * question offers (a scale answer from 1 to 5, a choice from its list), so an answer out of range
 * is bad input, refused before anything is written.
 */
export interface SurveyQuestion {
  id: string
  position: number
  kind: string
  text: string
  options: string[]
  required: boolean
}

export interface ReadAnswers {
  answers: { questionId: string; values: string[] }[]
  errors: Record<string, { text: string }>
}

export const fieldOf = (question: Pick<SurveyQuestion, 'position'>) => `q${question.position}`

export function choicesOf(question: Pick<SurveyQuestion, 'kind' | 'options'>): string[] {
  const kind = question.kind as QuestionKind
  if (kind === 'scale') return SCALE
  if (kind === 'yes-no') return YES_NO
  return question.options
}

function valuesIn(raw: unknown): string[] | null {
  if (raw === undefined || raw === '') return []
  if (typeof raw === 'string') return [raw.trim()].filter(Boolean)
  if (Array.isArray(raw) && raw.every(item => typeof item === 'string'))
    return raw.map(item => item.trim()).filter(Boolean)
  return null
}

function problemWith(question: SurveyQuestion, values: string[] | null): string | null {
  if (values === null) return 'The answer could not be read: answer again'
  if (values.length === 0) return question.required ? `Answer the question: ${question.text}` : null
  if (question.kind === 'text') {
    if (values.length > 1) return 'Give one answer'
    return (values[0] ?? '').length > MAX_ANSWER_LENGTH
      ? `Your answer must be ${MAX_ANSWER_LENGTH} characters or fewer`
      : null
  }
  if (question.kind !== 'multiple' && values.length > 1) return 'Select one answer'
  if (new Set(values).size !== values.length) return 'Select each answer once'
  const allowed = choicesOf(question)
  if (values.some(value => !allowed.includes(value)))
    return question.kind === 'scale'
      ? 'Select a number from 1 to 5'
      : 'Select one of the answers given'
  return null
}

export function readAnswers(
  questions: SurveyQuestion[],
  body: Record<string, unknown>,
): ReadAnswers {
  const result: ReadAnswers = { answers: [], errors: {} }
  for (const question of questions) {
    const values = valuesIn(body[fieldOf(question)])
    const problem = problemWith(question, values)
    if (problem) result.errors[fieldOf(question)] = { text: problem }
    else if (values?.length) result.answers.push({ questionId: question.id, values })
  }
  return result
}
