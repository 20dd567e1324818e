import { z } from 'zod'
import { requiredText } from '../../../platform/form-fields.js'

const text = requiredText

/** The public booking form. With an account, name and email come from it and are not asked. */
export const BookingForm = z.object({
  name: text('Enter your full name', 200, 'Full name'),
  email: z
    .string({ error: 'Enter your work email address' })
    .trim()
    .min(1, 'Enter your work email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .pipe(
      z.email({ error: 'Enter an email address in the correct format, like name@example.org' }),
    ),
  agencyId: z.uuid({ error: 'Select your agency' }),
  jobRole: text('Enter your job title or role', 200, 'Job title or role'),
  waitingList: z
    .literal('yes', { error: 'Select whether to join the waiting list' })
    .optional()
    .transform(value => value === 'yes'),
})
export type BookingInput = z.infer<typeof BookingForm>

export const AccountBookingForm = BookingForm.omit({ name: true, email: true })

export const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,60}$/) })
export const SlugIdParams = SlugParams.extend({ id: z.uuid() })
export const SlugTokenParams = SlugParams.extend({ token: z.string().regex(/^[\w-]{20,100}$/) })
export const IdParams = z.object({ id: z.uuid() })

export const ApprovalForm = z.object({
  decision: z.enum(['approve', 'decline'], { error: 'Select whether to approve the booking' }),
})
