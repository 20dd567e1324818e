import { z } from 'zod'
import { queryObject } from '../../../platform/query.js'
import { PRIMARY_NEED_CODES, REFERRAL_SOURCE_CODES } from '../../census/queries.js'
import type { Decision } from '../table.js'

export const ReferralParams = z.object({ id: z.uuid() })

/**
 * The queue's sort, page and filters, from the query string. Anything not understood falls back
 * to the default, so that an old or edited link still shows a queue. `show` is the earlier form
 * of the status and feedback filters, kept so that saved links still work.
 */
export const QueueQuery = queryObject({
  sort: z.enum(['due', 'received']).catch('due'),
  order: z.enum(['asc', 'desc']).catch('asc'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  status: z.enum(['all', 'open', 'received', 'awaiting-authorisation', 'decided']).catch('all'),
  rag: z.enum(['any', 'red', 'amber', 'green', 'unrated']).catch('any'),
  due: z.enum(['any', 'overdue']).catch('any'),
  allocation: z.enum(['any', 'allocated', 'unallocated']).catch('any'),
  feedback: z.enum(['any', 'owed']).catch('any'),
  duplicate: z.enum(['any', 'likely']).catch('any'),
  show: z.enum(['all', 'awaiting-authorisation', 'feedback-owed']).catch('all'),
  // What just happened, read by the layout's banner (platform/http/notice.ts).
  notice: z.string().max(60).optional(),
}).transform(({ show, notice: _notice, ...query }) => ({
  ...query,
  status: show === 'awaiting-authorisation' ? ('awaiting-authorisation' as const) : query.status,
  feedback: show === 'feedback-owed' ? ('owed' as const) : query.feedback,
}))
export type QueueQueryInput = z.infer<typeof QueueQuery>

// ---- Triage and decisions ------------------------------------------------------------------

export const RAG_NAMES = { red: 'Red', amber: 'Amber', green: 'Green' } as const

export const DECISION_NAMES = {
  'no-further-action': 'No further action',
  'information-and-advice': 'Information and advice',
  'early-help': 'Early help',
  assessment: 'Child and family assessment (section 17)',
  'strategy-discussion': 'Strategy discussion (section 47)',
  'already-open': 'Already open to children’s social care',
} as const

export const ReferralChildParams = z.object({ id: z.uuid(), childId: z.uuid() })

export const RagForm = z.object({
  ragRating: z.enum(['red', 'amber', 'green'], { error: 'Select a RAG rating' }),
})

/** Decisions that close the referral as a census "referral with no further action". */
export const NFA_DECISIONS: readonly Decision[] = ['no-further-action', 'information-and-advice']
/** Decisions that open a CIN episode with further action, which needs a primary need code. */
export const FURTHER_ACTION_DECISIONS: readonly Decision[] = [
  'early-help',
  'assessment',
  'strategy-discussion',
]

export const DecisionForm = z
  .object({
    decision: z.enum(Object.keys(DECISION_NAMES) as [keyof typeof DECISION_NAMES], {
      error: 'Select a decision',
    }),
    decisionReasons: z
      .string({ error: 'Enter the reasons for the decision' })
      .trim()
      .min(1, 'Enter the reasons for the decision')
      .max(5000, 'Reasons must be 5,000 characters or fewer'),
    referralSource: z
      .string({ error: 'Select the source of the referral' })
      .refine(code => REFERRAL_SOURCE_CODES.has(code), 'Select the source of the referral'),
    primaryNeed: z
      .string()
      .optional()
      .transform(code => (code ? code : undefined))
      .refine(
        code => code === undefined || PRIMARY_NEED_CODES.has(code),
        'Select the child’s primary need',
      ),
  })
  .superRefine((form, context) => {
    if (FURTHER_ACTION_DECISIONS.includes(form.decision) && form.primaryNeed === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['primaryNeed'],
        message: 'Select the child’s primary need',
      })
    }
  })
  .transform(form => ({
    ...form,
    // Only a referral with further action carries a primary need.
    primaryNeed: FURTHER_ACTION_DECISIONS.includes(form.decision) ? form.primaryNeed : undefined,
  }))
export type DecisionInput = z.infer<typeof DecisionForm>

export const AuthoriseForm = z.object({
  outcome: z.enum(['authorise', 'return'], {
    error: 'Select whether you authorise the decision or send it back',
  }),
})

export const LinkChildForm = z.object({
  recordId: z.uuid({ error: 'Select the child’s record' }),
})

function wholeNumber(min: number, max: number, what: string) {
  const message = `${what} must be a whole number from ${String(min)} to ${String(max)}`
  return z
    .string({ error: `Enter ${what.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${what.toLowerCase()}`)
    .regex(/^\d{1,3}$/, message)
    .transform(Number)
    .refine(value => value >= min && value <= max, message)
}

export const MAX_NEED_LEVELS = 8
export const MAX_NEED_LEVEL_LENGTH = 60

/** The threshold document's levels of need, one a line, lowest first: 1 to 8, none repeated. */
const needLevelLines = z
  .string({ error: 'Enter the levels of need, one on each line' })
  .transform(text =>
    text
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== ''),
  )
  .refine(levels => levels.length > 0, 'Enter the levels of need, one on each line')
  .refine(
    levels => levels.length <= MAX_NEED_LEVELS,
    `Enter no more than ${String(MAX_NEED_LEVELS)} levels of need`,
  )
  .refine(
    levels => levels.every(level => level.length <= MAX_NEED_LEVEL_LENGTH),
    `Each level of need must be ${String(MAX_NEED_LEVEL_LENGTH)} characters or fewer`,
  )
  .refine(
    levels => new Set(levels.map(level => level.toLowerCase())).size === levels.length,
    'Enter each level of need only once',
  )

export const FrontDoorSettingsForm = z.object({
  redHours: wholeNumber(1, 72, 'Hours for a red rating'),
  amberWorkingDays: wholeNumber(1, 10, 'Working days for an amber rating'),
  greenWorkingDays: wholeNumber(1, 10, 'Working days for a green rating'),
  requiresAuthorisation: z
    .enum(['yes', 'no'], { error: 'Select yes if a manager must authorise decisions' })
    .transform(value => value === 'yes'),
  allocationWorkingDays: wholeNumber(1, 60, 'Working days to allocate a case'),
  needLevels: needLevelLines,
  earlyHelpWrites: z.enum(['referral-nfa', 'contact-only'], {
    error: 'Select what an early help decision records',
  }),
})
export type FrontDoorSettingsInput = z.infer<typeof FrontDoorSettingsForm>
