/** A contact a MASH worker records from a phone call, email or police notification. */
import { z } from 'zod'
import { readDateInput } from '../../../platform/date-input.js'
import { toGovukErrors, type GovukErrors } from '../../../platform/forms.js'
import type { ContactChannel } from '../table.js'
import { earliestChildBirthDate, field } from './shared.js'

export const CHANNEL_NAMES: Record<ContactChannel, string> = {
  'public-form': 'Public online form',
  'professional-form': 'Professional online form',
  phone: 'Phone call',
  email: 'Email',
  'police-notification': 'Police notification',
}

/** Channels a worker records by hand; the two online forms record themselves. */
export const RECORDED_CHANNELS = ['phone', 'email', 'police-notification'] as const

/**
 * What the concern is about, in the census assessment factors' words (CIN census
 * AssessmentFactors): the codes are stored, the words shown.
 */
export const CONCERN_TYPE_NAMES: Readonly<Record<string, string>> = {
  '16A': 'Neglect',
  '17A': 'Emotional abuse',
  '18C': 'Physical abuse by an adult',
  '19C': 'Sexual abuse by an adult',
  '3A': 'Domestic abuse',
  '11A': 'Child sexual exploitation',
  '24A': 'Child criminal exploitation',
  '13A': 'Gangs',
  '12A': 'Trafficking',
  '10A': 'Going missing',
  '22A': 'Female genital mutilation',
  '23A': 'Abuse linked to faith or belief',
  '21': 'Radicalisation',
  '4B': 'Parent’s or carer’s mental health',
  '1B': 'Parent’s or carer’s alcohol misuse',
  '2B': 'Parent’s or carer’s drug misuse',
  '15A': 'Self-harm',
  '20': 'Other',
}

export function concernTypeNames(codes: readonly string[]): string[] {
  return codes.map(code => CONCERN_TYPE_NAMES[code] ?? code)
}

export interface ContactInput {
  channel: ContactChannel
  callerName: string
  callerRelationship: string
  callerPhone: string | null
  givenName: string
  familyName: string | null
  birthDate: string | null
  approximateAge: number | null
  concern: string
  concernTypes: string[]
  needLevel: string
}

function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The one short page: who called, about which child, what about, and the level of need. */
export function parseContact(
  body: Record<string, unknown>,
  options: { today: string; needLevels: readonly string[] },
): { success: true; data: ContactInput } | { success: false; errors: GovukErrors } {
  const errors: Record<string, { text: string }> = {}
  const need = (name: string, ok: boolean, text: string) => {
    if (!ok) errors[name] ??= { text }
  }
  const channel = field(body, 'channel')
  need(
    'channel',
    (RECORDED_CHANNELS as readonly string[]).includes(channel),
    'Select how the contact came in',
  )
  const callerName = field(body, 'callerName')
  need('callerName', callerName !== '', 'Enter the name of the person who made contact')
  need('callerName', callerName.length <= 200, 'The name must be 200 characters or fewer')
  const callerRelationship = field(body, 'callerRelationship')
  need(
    'callerRelationship',
    callerRelationship !== '',
    'Enter who they are, like teacher or neighbour',
  )
  need(
    'callerRelationship',
    callerRelationship.length <= 200,
    'Who they are must be 200 characters or fewer',
  )
  const callerPhone = field(body, 'callerPhone')
  need('callerPhone', callerPhone.length <= 30, 'The phone number must be 30 characters or fewer')
  const givenName = field(body, 'givenName')
  need('givenName', givenName !== '', 'Enter the child’s first name')
  need('givenName', givenName.length <= 100, 'The first name must be 100 characters or fewer')
  const familyName = field(body, 'familyName')
  need('familyName', familyName.length <= 100, 'The last name must be 100 characters or fewer')
  const birth = readDateInput(body, 'birthDate')
  const ageText = field(body, 'approximateAge')
  const age = z.coerce.number().int().min(0).max(17).safeParse(ageText)
  if (birth.kind === 'invalid')
    errors['birthDate-day'] = { text: 'The date of birth must be a real date' }
  else if (birth.kind === 'date' && birth.date > options.today) {
    errors['birthDate-day'] = { text: 'The date of birth must be today or in the past' }
  } else if (birth.kind === 'date' && birth.date < earliestChildBirthDate(options.today)) {
    errors['birthDate-day'] = { text: 'The child must be under 18' }
  } else if (birth.kind === 'empty' && ageText === '') {
    errors['birthDate-day'] = { text: 'Enter the child’s date of birth or their approximate age' }
  } else if (birth.kind === 'empty' && !age.success) {
    errors.approximateAge = { text: 'The approximate age must be a whole number from 0 to 17' }
  }
  const concern = field(body, 'concern')
  need('concern', concern !== '', 'Enter what the concern is')
  need('concern', concern.length <= 10_000, 'The concern must be 10,000 characters or fewer')
  const concernTypes = [...new Set(list(body, 'concernTypes'))]
  need('concernTypes', concernTypes.length > 0, 'Select what the concern is about')
  need(
    'concernTypes',
    concernTypes.every(code => Object.hasOwn(CONCERN_TYPE_NAMES, code)),
    'Select what the concern is about from the list',
  )
  const needLevel = field(body, 'needLevel')
  need('needLevel', options.needLevels.includes(needLevel), 'Select the level of need')
  if (Object.keys(errors).length) return { success: false, errors: toGovukErrors(errors) }
  return {
    success: true,
    data: {
      channel: channel as ContactChannel,
      callerName,
      callerRelationship,
      callerPhone: callerPhone || null,
      givenName,
      familyName: familyName || null,
      birthDate: birth.kind === 'date' ? birth.date : null,
      approximateAge: birth.kind === 'date' ? null : age.success ? age.data : null,
      concern,
      concernTypes,
      needLevel,
    },
  }
}
