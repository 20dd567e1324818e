import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { createMailer } from '../../src/platform/mail.js'
import { useTestApp } from '../helpers/test-app.js'

// Three sign-in attempts a minute per address, counted in the database both apps share.
const t = useTestApp({ SIGN_IN_ATTEMPTS_PER_MINUTE: '3' })
let second: FastifyInstance

beforeAll(async () => {
  second = (
    await buildApp({
      config: t.config,
      database: t.database,
      mailer: createMailer({ from: t.config.mailFrom, smtpUrl: undefined }),
      logger: false,
    })
  ).app
  await second.ready()
})

afterAll(() => second.close())

function signIn(app: FastifyInstance, address: string) {
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: address,
    payload: { email: 'nobody@example.org', password: 'wrong' },
  })
}

describe('rate limits shared by every instance', () => {
  it('counts sign-in attempts to two app instances on one database against one limit', async () => {
    const statuses: number[] = []
    for (const app of [t.app, second, t.app, second]) {
      statuses.push((await signIn(app, '192.0.2.10')).statusCode)
    }
    expect(statuses.slice(0, 3)).not.toContain(429)
    expect(statuses[3]).toBe(429)
    // Another address has its own count.
    expect((await signIn(second, '192.0.2.11')).statusCode).not.toBe(429)
  })

  it('keeps no client address in the store', async () => {
    await signIn(t.app, '192.0.2.12')
    const rows = await t.database.owner.selectFrom('rate_limit_counter').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain('192.0.2')
  })
})
