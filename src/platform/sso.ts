import * as oidc from 'openid-client'
import { bindScope, inPartnership, inTransaction, type Db, type Trx } from '../db/database.js'
import { listMemberships, mfaRequired, normaliseEmail, openSession } from './accounts.js'
import { recordAudit } from './audit.js'

/**
 * Single sign-on with a partnership's (or one agency's) OpenID Connect provider: authorization
 * code flow with PKCE, state and nonce. No account is ever made here: an administrator invites
 * the person, and their first sign-in through the provider links the provider's subject to it.
 */

export interface SignInProvider {
  id: string
  partnershipId: string
  agencyId: string | null
  organisationName: string
  issuer: string
  clientId: string
  clientSecretEnv: string
  emailDomains: string[]
}

/** What the browser keeps (in a signed cookie) between leaving for the provider and coming back. */
export interface PendingSignIn {
  providerId: string
  partnershipId: string
  state: string
  nonce: string
  codeVerifier: string
  next: string
}

export type SsoRefusal =
  | 'no-provider'
  | 'provider-unavailable'
  | 'bad-response'
  | 'email-not-verified'
  | 'wrong-domain'
  | 'no-account'
  | 'linked-elsewhere'

export type SsoOutcome =
  | { kind: 'signed-in'; sessionId: string; nextStep: 'done' | 'mfa' | 'enrol-mfa' }
  | { kind: 'refused'; reason: SsoRefusal }

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1)

/** The provider for an email address's domain, when one is set up and switched on. */
export async function providerForEmail(db: Db, email: string): Promise<SignInProvider | null> {
  const domain = await db
    .selectFrom('signInDomain')
    .select(['providerId', 'partnershipId'])
    .where('domain', '=', domainOf(normaliseEmail(email)))
    .executeTakeFirst()
  if (!domain) return null
  return providerById(db, domain.partnershipId, domain.providerId)
}

export async function providerById(db: Db, partnershipId: string, id: string) {
  const provider = await inPartnership(db, { partnershipId, userId: null }, trx =>
    trx
      .selectFrom('signInProvider')
      .selectAll()
      .where('id', '=', id)
      .where('isEnabled', '=', true)
      .executeTakeFirst(),
  )
  return provider ?? null
}

// Discovery is fetched once a while per provider, not on every sign-in.
const discovered = new Map<string, { config: oidc.Configuration; until: number }>()
const DISCOVERY_MS = 10 * 60_000

/** Plain http only for a provider on this machine (tests, local development), never otherwise. */
const isLocal = (issuer: URL) =>
  issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)

/** An issuer Keepsafe will talk to: https, or plain http on this machine only. */
export function isAllowedIssuer(value: string): boolean {
  if (!URL.canParse(value)) return false
  const issuer = new URL(value)
  return (issuer.protocol === 'https:' || isLocal(issuer)) && !issuer.username && !issuer.password
}

/** Forgets a provider's discovered configuration, when an administrator changes or removes it. */
export function forgetProvider(id: string): void {
  discovered.delete(id)
}

async function configurationOf(
  provider: SignInProvider,
  secrets: Readonly<Record<string, string>>,
): Promise<oidc.Configuration> {
  const kept = discovered.get(provider.id)
  if (kept && kept.until > Date.now()) return kept.config
  const secret = secrets[provider.clientSecretEnv]
  if (!secret) throw new Error(`${provider.clientSecretEnv} is not set`)
  const issuer = new URL(provider.issuer)
  const config = await oidc.discovery(
    issuer,
    provider.clientId,
    secret,
    undefined,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain http only on this machine (tests)
    isLocal(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
  )
  discovered.set(provider.id, { config, until: Date.now() + DISCOVERY_MS })
  return config
}

/** The provider's authorization address to send the browser to, and what to check on return. */
export async function startSignIn(
  provider: SignInProvider,
  options: {
    secrets: Readonly<Record<string, string>>
    redirectUri: string
    next: string
    loginHint: string
  },
): Promise<{ url: URL; pending: PendingSignIn }> {
  const config = await configurationOf(provider, options.secrets)
  const codeVerifier = oidc.randomPKCECodeVerifier()
  const pending: PendingSignIn = {
    providerId: provider.id,
    partnershipId: provider.partnershipId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    next: options.next,
  }
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    login_hint: options.loginHint,
  })
  return { url, pending }
}

/** An ID token's word that the person used more than one factor at their provider. */
export function providerDidMfa(claims: { amr?: unknown; acr?: unknown }): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : []
  const acr = typeof claims.acr === 'string' ? claims.acr : ''
  return amr.includes('mfa') || /mfa|multi/i.test(acr)
}

/** Checks the provider's answer (state, nonce, PKCE, ID token) and opens a session, or refuses. */
export async function finishSignIn(
  db: Db,
  options: {
    pending: PendingSignIn
    callbackUrl: URL
    secrets: Readonly<Record<string, string>>
    requestId: string
  },
): Promise<SsoOutcome> {
  const { pending, requestId } = options
  const provider = await providerById(db, pending.partnershipId, pending.providerId)
  const refused = (reason: SsoRefusal, userId: string | null = null) =>
    auditRefusal(db, pending.partnershipId, provider?.id ?? null, reason, userId, requestId)
  if (!provider) return refused('no-provider')
  let claims: oidc.IDToken | undefined
  try {
    const config = await configurationOf(provider, options.secrets)
    const tokens = await oidc.authorizationCodeGrant(config, options.callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
    claims = tokens.claims()
  } catch {
    return refused('bad-response')
  }
  if (!claims) return refused('bad-response')
  const email = typeof claims.email === 'string' ? normaliseEmail(claims.email) : ''
  if (!email || claims.email_verified !== true) return refused('email-not-verified')
  if (!provider.emailDomains.includes(domainOf(email))) return refused('wrong-domain')
  return linkAndOpenSession(db, provider, { email, subject: claims.sub, claims, requestId })
}

function auditRefusal(
  db: Db,
  partnershipId: string,
  providerId: string | null,
  reason: SsoRefusal,
  userId: string | null,
  requestId: string,
): Promise<SsoOutcome> {
  return inPartnership(db, { partnershipId, userId }, async trx => {
    await recordAudit(trx, {
      partnershipId,
      userId,
      action: 'sign-in.failed',
      resourceType: 'session',
      detail: { method: 'single sign-on', providerId, reason },
      requestId,
    })
    return { kind: 'refused', reason } as const
  })
}

async function linkAndOpenSession(
  db: Db,
  provider: SignInProvider,
  who: { email: string; subject: string; claims: oidc.IDToken; requestId: string },
): Promise<SsoOutcome> {
  const outcome = await inTransaction(db, async trx => {
    await bindScope(trx, { partnershipId: provider.partnershipId, userId: null })
    const linked = await trx
      .selectFrom('signInLink')
      .select('userId')
      .where('providerId', '=', provider.id)
      .where('subject', '=', who.subject)
      .executeTakeFirst()
    const user = await trx
      .selectFrom('appUser')
      .select(['id', 'email', 'disabledAt', 'totpEnabledAt'])
      .where(linked ? 'id' : 'email', '=', linked ? linked.userId : who.email)
      .executeTakeFirst()
    if (!user || user.disabledAt) return { kind: 'refused', reason: 'no-account' } as const
    const memberships = await listMemberships(trx, user.id)
    const here = memberships.find(m => m.partnershipId === provider.partnershipId)
    const inAgency = !provider.agencyId || here?.agencyIds.includes(provider.agencyId)
    if (!here || !inAgency)
      return { kind: 'refused', reason: 'no-account', userId: user.id } as const
    await bindScope(trx, { partnershipId: provider.partnershipId, userId: user.id })
    if (!linked) {
      const existing = await trx
        .selectFrom('signInLink')
        .select('subject')
        .where('providerId', '=', provider.id)
        .where('userId', '=', user.id)
        .executeTakeFirst()
      if (existing) return { kind: 'refused', reason: 'linked-elsewhere', userId: user.id } as const
      await linkAccount(trx, provider, user.id, who)
    }
    const providerMfa = providerDidMfa(who.claims as { amr?: unknown; acr?: unknown })
    const nextStep = providerMfa
      ? 'done'
      : user.totpEnabledAt
        ? 'mfa'
        : mfaRequired(here)
          ? 'enrol-mfa'
          : 'done'
    const sessionId = await openSession(trx, user.id, here.partnershipId, nextStep === 'done')
    await recordAudit(trx, {
      partnershipId: here.partnershipId,
      userId: user.id,
      action: 'sign-in.succeeded',
      resourceType: 'session',
      detail: {
        method: 'single sign-on',
        providerId: provider.id,
        secondFactor: providerMfa
          ? 'by identity provider'
          : nextStep === 'done'
            ? 'not required'
            : 'pending',
      },
      requestId: who.requestId,
    })
    return { kind: 'signed-in', sessionId, nextStep } as const
  })
  if (outcome.kind === 'signed-in') return outcome
  return auditRefusal(
    db,
    provider.partnershipId,
    provider.id,
    outcome.reason,
    'userId' in outcome ? (outcome.userId ?? null) : null,
    who.requestId,
  )
}

async function linkAccount(
  trx: Trx,
  provider: SignInProvider,
  userId: string,
  who: { subject: string; requestId: string },
) {
  await trx
    .insertInto('signInLink')
    .values({
      providerId: provider.id,
      subject: who.subject,
      partnershipId: provider.partnershipId,
      userId,
    })
    .execute()
  await recordAudit(trx, {
    partnershipId: provider.partnershipId,
    userId,
    action: 'sign-in.linked',
    resourceType: 'sign-in-provider',
    resourceId: provider.id,
    requestId: who.requestId,
  })
}
