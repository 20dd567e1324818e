import { ageOn } from '../../../platform/calendar.js'
import type { Config } from '../../../config.js'
import type { Db } from '../../../db/database.js'
import type { Mailer } from '../../../platform/mail.js'
import { formatDate } from '../../../platform/http/web.js'

/** The longest answers fit well inside this; anything bigger is not a person typing. */
export const FORM_BODY_LIMIT = 64 * 1024
/** Where the report-a-concern journey lives. */
export const BASE = '/report-a-concern'

export const SOURCE_NAMES = { public: 'Member of the public', professional: 'Professional' }
export const STATUS_NAMES = {
  received: 'Received',
  'awaiting-authorisation': 'Awaiting authorisation',
  decided: 'Decided',
}

/** "Amira Khan, 8" (or "about 8" when only an approximate age was given), for lists. */
export function childNameAndAge(
  child: {
    givenName: string
    familyName: string | null
    birthDate: string | null
    approximateAge: number | null
  },
  today: string,
): string {
  const name = `${child.givenName} ${child.familyName ?? ''}`.trim()
  if (child.birthDate) return `${name}, ${String(ageOn(child.birthDate, today))}`
  return child.approximateAge === null ? name : `${name}, about ${String(child.approximateAge)}`
}

export function childSummary(child: {
  givenName: string
  familyName: string | null
  birthDate: string | null
  approximateAge: number | null
  address: string | null
  postcode: string | null
}): string {
  const age = child.birthDate
    ? `born ${formatDate(child.birthDate)}`
    : `about ${String(child.approximateAge ?? '')} years old`
  const where = [child.address, child.postcode].filter(Boolean).join(', ')
  return [`${child.givenName} ${child.familyName ?? ''}`.trim(), age, where]
    .filter(Boolean)
    .join('; ')
}

export interface SummaryRow {
  key: { text: string }
  value: { text: string }
  actions?: { items: { href: string; text: string; visuallyHiddenText: string }[] }
}

export function row(key: string, value: string | null | undefined, change?: string): SummaryRow {
  return {
    key: { text: key },
    value: { text: value ? value : 'Not given' },
    ...(change
      ? {
          actions: {
            items: [
              {
                href: `${BASE}/${change}?returnTo=check`,
                text: 'Change',
                visuallyHiddenText: key.toLowerCase(),
              },
            ],
          },
        }
      : {}),
  }
}

/** What every area of the front door's routes is given. */
export interface FrontdoorDeps {
  db: Db
  config: Config
  mailer: Mailer
}
