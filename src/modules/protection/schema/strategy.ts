import type { Section47Outcome, StrategyOutcome } from '../table.js'
import { z } from 'zod'
import { PARTICIPANT_ROWS, SECTION47_OUTCOME_NAMES, STRATEGY_OUTCOME_NAMES } from './names.js'
import {
  UUID,
  checked,
  choice,
  idField,
  pastDate,
  readDate,
  text,
  textField,
  type Body,
  type FormResult,
} from './forms.js'

// ---- Strategy discussion ----------------------------------------------------------------------

export interface ParticipantInput {
  agencyId: string
  personName: string
  roleTitle: string | null
}

export interface StrategyDiscussionInput {
  heldOn: string
  reason: string
  participants: ParticipantInput[]
  outcome: StrategyOutcome
  outcomeNotes: string | null
  leadWorkerId: string | null
}

const ParticipantRow = z.object({
  agency: idField('Select the participant’s agency'),
  name: textField(200, 'The name', 'Enter the participant’s name'),
  role: textField(200, 'The role'),
})

export function parseStrategyDiscussion(
  body: Body,
  today: string,
): FormResult<StrategyDiscussionInput> {
  const rows = Array.from({ length: PARTICIPANT_ROWS }, (_, row) => {
    const [agency, name, role] = ['agency', 'name', 'role'].map(part =>
      text(body, `participant-${String(row)}-${part}`),
    )
    return agency || name || role ? { agency, name, role } : null
  })
  const schema = z.object({
    'heldOn-day': pastDate('date of the strategy discussion', today),
    reason: textField(5000, 'The reason', 'Enter why the strategy discussion was held'),
    participant: z.array(ParticipantRow.nullable()).refine(all => all.some(Boolean), {
      message: 'Enter at least one participant: their agency and name',
      path: [0, 'agency'],
    }),
    outcome: choice(STRATEGY_OUTCOME_NAMES, 'Select the outcome of the strategy discussion'),
    outcomeNotes: textField(5000, 'The notes'),
    leadWorkerId: z.string().refine(id => !id || UUID.test(id), 'Select a lead worker'),
  })
  return checked(
    schema,
    {
      'heldOn-day': readDate(body, 'heldOn'),
      reason: text(body, 'reason'),
      participant: rows,
      outcome: text(body, 'outcome'),
      outcomeNotes: text(body, 'outcomeNotes'),
      leadWorkerId: text(body, 'leadWorkerId'),
    },
    data => ({
      heldOn: data['heldOn-day'],
      reason: data.reason,
      participants: data.participant.flatMap(row =>
        row ? [{ agencyId: row.agency, personName: row.name, roleTitle: row.role || null }] : [],
      ),
      outcome: data.outcome,
      outcomeNotes: data.outcomeNotes || null,
      leadWorkerId: data.leadWorkerId || null,
    }),
  )
}

// ---- Section 47 enquiry -----------------------------------------------------------------------

export interface CompleteSection47Input {
  completedOn: string
  outcome: Section47Outcome
}

export function parseCompleteSection47(
  body: Body,
  today: string,
): FormResult<CompleteSection47Input> {
  const schema = z.object({
    'completedOn-day': pastDate('date the enquiry ended', today),
    outcome: choice(SECTION47_OUTCOME_NAMES, 'Select the outcome of the enquiry'),
  })
  return checked(
    schema,
    { 'completedOn-day': readDate(body, 'completedOn'), outcome: text(body, 'outcome') },
    data => ({ completedOn: data['completedOn-day'], outcome: data.outcome }),
  )
}
