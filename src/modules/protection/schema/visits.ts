import { z } from 'zod'
import {
  checked,
  pastDate,
  readDate,
  text,
  textField,
  type Body,
  type FormResult,
} from './forms.js'

export interface VisitInput {
  visitedOn: string
  childSeen: boolean
  seenAlone: boolean
  notes: string | null
}

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message })

/** A statutory visit: when, whether the child was seen, and seen alone. */
export function parseVisit(body: Body, today: string): FormResult<VisitInput> {
  const schema = z
    .object({
      'visitedOn-day': pastDate('date of the visit', today),
      childSeen: yesNo('Select yes if the child was seen'),
      seenAlone: yesNo('Select yes if the child was seen alone'),
      visitNotes: textField(10_000, 'The notes'),
    })
    .refine(data => !(data.childSeen === 'no' && data.seenAlone === 'yes'), {
      message: 'A child who was not seen cannot have been seen alone',
      path: ['seenAlone'],
    })
  return checked(
    schema,
    {
      'visitedOn-day': readDate(body, 'visitedOn'),
      childSeen: text(body, 'childSeen'),
      seenAlone: text(body, 'seenAlone'),
      visitNotes: text(body, 'visitNotes'),
    },
    data => ({
      visitedOn: data['visitedOn-day'],
      childSeen: data.childSeen === 'yes',
      seenAlone: data.seenAlone === 'yes',
      notes: data.visitNotes || null,
    }),
  )
}
