import nodemailer, { type Transporter } from 'nodemailer'
import type { Trx } from '../db/database.js'
import { notifySender, type NotifySettings } from './notify.js'

export interface OutgoingMail {
  partnershipId: string | null
  to: string
  subject: string
  text: string
}

/**
 * Sends notifications. Without SMTP_URL or NOTIFY_API_KEY every message lands in the in-app outbox,
 * where a partnership administrator can read it; with SMTP or GOV.UK Notify it goes out by mail and
 * the outbox keeps only the fact that it was sent (not the body, which may carry a sign-in link).
 */
export interface Mailer {
  readonly transport: 'outbox' | 'smtp' | 'notify'
  /** Records the message in the transaction; with SMTP, sends it once the caller has committed. */
  queue(trx: Trx, mail: OutgoingMail): Promise<() => Promise<void>>
}

export function createMailer(options: {
  smtpUrl?: string | undefined
  notify?: NotifySettings | undefined
  from: string
}): Mailer {
  if (options.notify) return notifyMailer(options.notify)
  const transporter: Transporter | null = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : null

  return {
    transport: transporter ? 'smtp' : 'outbox',
    async queue(trx, mail) {
      await trx
        .insertInto('outboxMessage')
        .values({
          partnershipId: mail.partnershipId,
          toAddress: mail.to,
          subject: mail.subject,
          bodyText: transporter ? '(sent by SMTP; body not kept)' : mail.text,
          transport: transporter ? 'smtp' : 'outbox',
        })
        .execute()
      if (!transporter) return () => Promise.resolve()
      return async () => {
        await transporter.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        })
      }
    },
  }
}

function notifyMailer(settings: NotifySettings): Mailer {
  const send = notifySender(settings)
  return {
    transport: 'notify',
    async queue(trx, mail) {
      await trx
        .insertInto('outboxMessage')
        .values({
          partnershipId: mail.partnershipId,
          toAddress: mail.to,
          subject: mail.subject,
          bodyText: '(sent by GOV.UK Notify; body not kept)',
          transport: 'notify',
        })
        .execute()
      return () => send(mail)
    },
  }
}
