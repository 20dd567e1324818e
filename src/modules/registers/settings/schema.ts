import { z } from 'zod'

const whole = (empty: string, wrong: string, min: number, max: number) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .regex(/^\d{1,3}$/, wrong)
    .transform(Number)
    .refine(n => n >= min && n <= max, wrong)

/** The registers' settings: risk levels one a line, and the repeat-missing rule. */
export const SettingsForm = z.object({
  riskLevels: z
    .string({ error: 'Enter the risk levels, one a line' })
    .transform(text =>
      text
        .split(/\r?\n/)
        .map(line => line.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(levels => levels.length >= 2, 'Enter at least 2 risk levels, one a line')
    .refine(levels => levels.length <= 10, 'Enter 10 risk levels or fewer')
    .refine(
      levels => levels.every(l => l.length <= 40),
      'Each risk level must be 40 characters or fewer',
    )
    .refine(levels => new Set(levels).size === levels.length, 'Enter each risk level once'),
  repeatMissingEpisodes: whole(
    'Enter how many episodes make a child repeatedly missing',
    'The number of episodes must be a whole number from 2 to 20',
    2,
    20,
  ),
  repeatMissingDays: whole(
    'Enter the number of days the episodes fall within',
    'The number of days must be a whole number from 7 to 365',
    7,
    365,
  ),
})
export type SettingsInput = z.infer<typeof SettingsForm>
