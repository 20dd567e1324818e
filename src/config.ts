import { z } from 'zod'

/**
 * The only reader of process.env. Parsed once at start; a bad setting stops the server with a
 * message that names it.
 */

const DEFAULT_SESSION_SECRET = 'keepsafe-demo-session-secret-change-me'

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform(value => value === 'true' || value === '1' || value === 'yes')

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce
      .number({ error: 'PORT must be a number' })
      .int()
      .min(1, 'PORT must be between 1 and 65535')
      .max(65535, 'PORT must be between 1 and 65535')
      .default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: z
      .url({ error: 'PUBLIC_URL must be a full URL such as https://keepsafe.example.org' })
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    SESSION_SECRET: z.string().default(DEFAULT_SESSION_SECRET),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().default('Keepsafe <no-reply@keepsafe.invalid>'),
    // GOV.UK Notify: a key is the key's name, the service id and the secret, joined by hyphens.
    NOTIFY_API_KEY: z
      .string()
      .regex(
        /-[0-9a-f-]{36}-[0-9a-f-]{36}$/,
        'NOTIFY_API_KEY must be a GOV.UK Notify API key (its name, service id and secret key)',
      )
      .optional(),
    NOTIFY_TEMPLATE_ID: z
      .uuid({ error: 'NOTIFY_TEMPLATE_ID must be the id of a Notify email template' })
      .optional(),
    NOTIFY_BASE_URL: z.url({ error: 'NOTIFY_BASE_URL must be a full URL' }).optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    DEMO_DATA: booleanString.default(false),
    SECURE_COOKIES: booleanString.optional(),
    TRUST_PROXY: booleanString.default(false),
    WEB_CONCURRENCY: z.coerce
      .number({ error: 'WEB_CONCURRENCY must be a number' })
      .int()
      .min(1, 'WEB_CONCURRENCY must be between 1 and 64')
      .max(64, 'WEB_CONCURRENCY must be between 1 and 64')
      .default(1),
    METRICS_TOKEN: z
      .string()
      .min(24, 'METRICS_TOKEN must be at least 24 characters (or unset)')
      .optional(),
    DEFAULT_PARTNERSHIP: z
      .string()
      .regex(
        /^[a-z0-9-]+$/,
        'DEFAULT_PARTNERSHIP must be a partnership’s short name, like northbridge',
      )
      .optional(),
    SIGN_IN_ATTEMPTS_PER_MINUTE: z.coerce
      .number({ error: 'SIGN_IN_ATTEMPTS_PER_MINUTE must be a number' })
      .int()
      .min(1, 'SIGN_IN_ATTEMPTS_PER_MINUTE must be 1 or more')
      .default(20),
  })
  .superRefine((config, ctx) => {
    if (config.NOTIFY_API_KEY && !config.NOTIFY_TEMPLATE_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_TEMPLATE_ID'],
        message:
          'NOTIFY_TEMPLATE_ID must be set with NOTIFY_API_KEY: the Notify email template with ((subject)) and ((body))',
      })
    }
    if (config.NOTIFY_API_KEY && config.SMTP_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['NOTIFY_API_KEY'],
        message: 'Set either SMTP_URL or NOTIFY_API_KEY, not both: email goes one way',
      })
    }
    if (config.WEB_CONCURRENCY > 1 && !config.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEB_CONCURRENCY'],
        message:
          'WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded PGlite database lives in one process',
      })
    }
    if (config.NODE_ENV !== 'production') return
    if (config.SESSION_SECRET === DEFAULT_SESSION_SECRET || config.SESSION_SECRET.length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message:
          'SESSION_SECRET must be set to a random value of at least 32 characters in production (not the demo default)',
      })
    }
    if (!config.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'PUBLIC_URL must be set in production so that email links point to this service',
      })
    }
    if (config.DEMO_DATA) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_DATA'],
        message: 'DEMO_DATA cannot be switched on in production',
      })
    }
  })

export type RawConfig = z.infer<typeof ConfigSchema>

export interface Config {
  isProduction: boolean
  port: number
  host: string
  publicUrl: string
  databaseUrl: string | undefined
  dataDir: string
  sessionSecret: string
  smtpUrl: string | undefined
  /** GOV.UK Notify instead of SMTP, when NOTIFY_API_KEY is set. */
  notify: { apiKey: string; templateId: string; baseUrl: string | undefined } | undefined
  /** Client secrets of sign-in providers, by environment variable name (KEEPSAFE_OIDC_SECRET_*). */
  oidcSecrets: Readonly<Record<string, string>>
  mailFrom: string
  logLevel: RawConfig['LOG_LEVEL']
  demoData: boolean
  secureCookies: boolean
  trustProxy: boolean
  /** Per client address, for each of sign-in, second factor, password reset and set-password. */
  signInAttemptsPerMinute: number
  /** Server processes sharing the port (PostgreSQL only). */
  webConcurrency: number
  /**
   * The bearer token /metrics asks for. Without one, /metrics is open outside production and
   * switched off (404) in production.
   */
  metricsToken: string | undefined
  /** The partnership whose public front page `/` shows when the instance holds several. */
  defaultPartnership: string | undefined
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Keepsafe cannot start: its configuration is not valid.\n${problems.map(p => `  - ${p}`).join('\n')}`,
    )
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`),
    )
  }
  const raw = parsed.data
  const isProduction = raw.NODE_ENV === 'production'
  return Object.freeze({
    isProduction,
    port: raw.PORT,
    host: raw.HOST,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    sessionSecret: raw.SESSION_SECRET,
    smtpUrl: raw.SMTP_URL,
    notify:
      raw.NOTIFY_API_KEY && raw.NOTIFY_TEMPLATE_ID
        ? {
            apiKey: raw.NOTIFY_API_KEY,
            templateId: raw.NOTIFY_TEMPLATE_ID,
            baseUrl: raw.NOTIFY_BASE_URL,
          }
        : undefined,
    oidcSecrets: oidcSecretsOf(env),
    mailFrom: raw.MAIL_FROM,
    logLevel: raw.LOG_LEVEL,
    demoData: raw.DEMO_DATA,
    secureCookies: raw.SECURE_COOKIES ?? isProduction,
    trustProxy: raw.TRUST_PROXY,
    signInAttemptsPerMinute: raw.SIGN_IN_ATTEMPTS_PER_MINUTE,
    webConcurrency: raw.WEB_CONCURRENCY,
    metricsToken: raw.METRICS_TOKEN,
    defaultPartnership: raw.DEFAULT_PARTNERSHIP,
  })
}

/** Only variables named for the purpose: a provider row can never name SESSION_SECRET. */
function oidcSecretsOf(env: Record<string, string | undefined>): Readonly<Record<string, string>> {
  const secrets: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (/^KEEPSAFE_OIDC_SECRET_[A-Z0-9_]{1,60}$/.test(name) && value) secrets[name] = value
  }
  return Object.freeze(secrets)
}
