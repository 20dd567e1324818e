import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { createMailer } from '../src/platform/mail.js'
import { PUBLIC } from '../src/platform/permissions.js'
import { createTestDatabase, testConfig } from './helpers/test-app.js'

describe('logs', () => {
  it('record requests by route pattern, never their URLs, cookies or tokens', async () => {
    const { database, drop } = await createTestDatabase({ migrated: true })
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const config = testConfig({ LOG_LEVEL: 'info' })
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logStream: stream,
    })
    try {
      await app.inject({ method: 'GET', url: '/set-password/secret-token-value' })
      await app.inject({
        method: 'GET',
        url: '/audit?user=jane.doe%40example.org',
        headers: { cookie: 'keepsafe_session=session-secret' },
      })
      await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: 'Bearer ks_secret-bearer' },
      })
      await app.close()
      await new Promise(resolve => setTimeout(resolve, 50))
      const log = lines.join('')
      expect(log).toContain('"route":"/set-password/:token"')
      expect(log).toMatch(/"route":"\/audit\/?"/)
      for (const secret of [
        'secret-token-value',
        'jane.doe',
        'session-secret',
        'ks_secret-bearer',
      ]) {
        expect(log).not.toContain(secret)
      }
    } finally {
      await drop()
    }
  })
})

describe('an unexpected failure', () => {
  it('shows the GOV.UK 500 page with a reference, and nothing from inside the server', async () => {
    const { database, drop } = await createTestDatabase({ migrated: true })
    const config = testConfig()
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logger: false,
    })
    app.get('/boom', { config: { access: PUBLIC } }, () => {
      throw new Error('connection string postgres://secret@db')
    })
    try {
      const page = await app.inject({
        method: 'GET',
        url: '/boom',
        headers: { accept: 'text/html' },
      })
      expect(page.statusCode).toBe(500)
      expect(page.body).toContain('Sorry, there is a problem with the service')
      expect(page.body).toMatch(/Reference: req-/)
      expect(page.body).not.toContain('postgres://secret')
      const api = await app.inject({
        method: 'GET',
        url: '/boom',
        headers: { 'content-type': 'application/json' },
      })
      expect(api.statusCode).toBe(500)
    } finally {
      await app.close()
      await drop()
    }
  })
})

describe('a database error in the log', () => {
  it('keeps the failing row, the query and its parameters out of the log', async () => {
    const { database, drop } = await createTestDatabase({ migrated: true })
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const config = testConfig({ LOG_LEVEL: 'info' })
    const { app } = await buildApp({
      config,
      database,
      mailer: createMailer({ from: config.mailFrom }),
      logStream: stream,
    })
    app.get('/db-failure', { config: { access: PUBLIC } }, async () => {
      // A constraint failure whose error carries the row and the parameters.
      await database.owner
        .insertInto('partnership')
        .values({ slug: 'Not A Valid Slug', name: 'Jane Doe Family' })
        .execute()
    })
    await app.inject({ method: 'GET', url: '/db-failure', headers: { accept: 'text/html' } })
    await app.close()
    await drop()
    await new Promise(resolve => setTimeout(resolve, 50))
    const log = lines.join('')
    expect(log).toContain('partnership_slug_check')
    expect(log).not.toContain('Jane Doe')
  })
})
