import { z } from 'zod'
import type { ProtectionTimescales } from '../timescales.js'
import { checked, text, type Body, type FormResult } from './forms.js'

// ---- Settings ---------------------------------------------------------------------------------

/** The ranges of the protection_setting table's check constraints. */
export const SETTING_RANGES: Record<keyof ProtectionTimescales, [number, number]> = {
  icpcWorkingDays: [1, 60],
  coreGroupWorkingDays: [1, 60],
  firstReviewMonths: [1, 12],
  reviewIntervalMonths: [1, 12],
  reportDueWorkingDays: [0, 20],
  preBirthIcpcByWeek: [12, 40],
  preBirthReviewWorkingDays: [1, 60],
  visitWorkingDays: [1, 60],
}

export const SETTING_LABELS: Record<keyof ProtectionTimescales, string> = {
  icpcWorkingDays: 'Initial conference: working days after the strategy discussion',
  coreGroupWorkingDays: 'First core group: working days after the initial conference',
  firstReviewMonths: 'First review: months after the initial conference',
  reviewIntervalMonths: 'Later reviews: months after the previous review',
  reportDueWorkingDays: 'Agencies’ reports: working days before the conference',
  preBirthIcpcByWeek: 'Pre-birth initial conference: by this week of pregnancy',
  preBirthReviewWorkingDays: 'Pre-birth first review: working days after the birth',
  visitWorkingDays: 'Statutory visits: working days after the last visit',
}

const SettingsForm = z.object(
  Object.fromEntries(
    (Object.entries(SETTING_RANGES) as [keyof ProtectionTimescales, [number, number]][]).map(
      ([key, [min, max]]) => {
        const message = `${SETTING_LABELS[key]} must be a whole number from ${String(min)} to ${String(max)}`
        return [
          key,
          z
            .string()
            .regex(/^\d{1,3}$/, message)
            .transform(Number)
            .refine(value => value >= min && value <= max, message),
        ]
      },
    ),
  ),
)

export function parseSettings(body: Body): FormResult<ProtectionTimescales> {
  const fields = Object.fromEntries(Object.keys(SETTING_RANGES).map(key => [key, text(body, key)]))
  return checked(SettingsForm, fields, data => data as unknown as ProtectionTimescales)
}
