import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

describe('configuration', () => {
  it('has working defaults for a developer machine', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      dataDir: './data',
      databaseUrl: undefined,
      isProduction: false,
      publicUrl: 'http://localhost:3000',
    })
  })

  it('refuses to run in production with default or missing secrets, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError)
    try {
      loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' })
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toContain('SESSION_SECRET')
      expect(problems).toContain('PUBLIC_URL')
      expect(problems).toContain('DEMO_DATA')
    }
    const ok = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      PUBLIC_URL: 'https://keepsafe.example.org',
    })
    expect(ok).toMatchObject({ isProduction: true, secureCookies: true, demoData: false })
  })

  it('explains a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must start with postgres/,
    )
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/)
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY above 1 needs DATABASE_URL/,
    )
    expect(
      loadConfig({ WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://db/keepsafe' }).webConcurrency,
    ).toBe(2)
  })
})
