import { NotifyClient } from 'notifications-node-client'

/**
 * GOV.UK Notify, through its official client. Keepsafe keeps its own wording, so Notify holds one
 * generic email template whose subject is ((subject)) and whose body is ((body)).
 */
export interface NotifySettings {
  apiKey: string
  templateId: string
  /** Notify's API; another only in tests. */
  baseUrl?: string | undefined
}

export const NOTIFY_API = 'https://api.notifications.service.gov.uk'

export type SendByNotify = (mail: { to: string; subject: string; text: string }) => Promise<void>

export function notifySender(settings: NotifySettings): SendByNotify {
  const client = new NotifyClient(settings.baseUrl ?? NOTIFY_API, settings.apiKey)
  return async mail => {
    try {
      await client.sendEmail(settings.templateId, mail.to, {
        personalisation: { subject: mail.subject, body: mail.text },
      })
    } catch (error) {
      // Axios errors carry the request (with the API key's token) and the address: keep neither.
      throw new Error(`GOV.UK Notify refused the email: ${notifyErrorOf(error)}`)
    }
  }
}

function notifyErrorOf(error: unknown): string {
  const response = (error as { response?: { status?: number; data?: unknown } }).response
  if (!response) {
    // A network code (ECONNREFUSED), never the message: it may name the request.
    const code = (error as { code?: unknown }).code
    return `no answer from Notify (${typeof code === 'string' ? code : 'no error code'})`
  }
  const errors = (response.data as { errors?: { error?: string; message?: string }[] } | undefined)
    ?.errors
  const first = errors?.[0]
  return `HTTP ${response.status ?? '?'}${first ? ` ${first.error ?? ''}: ${first.message ?? ''}` : ''}`
}
