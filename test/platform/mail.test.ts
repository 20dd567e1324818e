import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../helpers/test-app.js'

const received: { to: string[]; data: string }[] = []
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      received.push({
        to: session.envelope.rcptTo.map(r => r.address),
        data: Buffer.concat(chunks).toString(),
      })
      callback()
    })
  },
})
const overrides: Record<string, string> = {}

beforeAll(async () => {
  await new Promise<void>(resolve => smtp.listen(0, '127.0.0.1', resolve))
  overrides.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>(resolve => smtp.close(() => resolve())))

const t = useTestApp(overrides)

describe('email by SMTP when SMTP_URL is set', () => {
  it('sends an invitation to the SMTP server and keeps only the fact of it in the outbox', async () => {
    const admin = await t.signInAs('partnership-admin')
    const response = await t.postForm(
      '/admin/users',
      { displayName: 'Dee Mail', email: 'dee.mail@northbridge.example', role: 'trainer' },
      admin,
    )
    expect(response.statusCode).toBe(303)
    expect(received).toHaveLength(1)
    expect(received[0]?.to).toEqual(['dee.mail@northbridge.example'])
    // Quoted-printable bodies wrap long lines with a soft break: '=' at the end of a line.
    expect(received[0]?.data.replace(/=\r?\n/g, '')).toMatch(/set-password\/[\w-]+/)
    const row = await t.database.owner
      .selectFrom('outbox_message')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(row.transport).toBe('smtp')
    expect(row.body_text).not.toMatch(/set-password/)
  })
})
