import type { ColumnType, Generated } from 'kysely'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>

/** A partnership's (or one agency's) OpenID Connect provider. No secret: only where it is. */
export interface SignInProviderTable {
  id: Generated<string>
  partnershipId: string
  agencyId: string | null
  organisationName: string
  issuer: string
  clientId: string
  /** The environment variable holding the client secret (KEEPSAFE_OIDC_SECRET_...). */
  clientSecretEnv: string
  emailDomains: string[]
  isEnabled: Generated<boolean>
  createdAt: CreatedAt
  updatedAt: Timestamp
}

/** Which provider an email domain signs in with: read before anyone is known. */
export interface SignInDomainTable {
  domain: string
  providerId: string
  partnershipId: string
}

/** A provider's subject, linked to an account at its first single sign-on. */
export interface SignInLinkTable {
  providerId: string
  subject: string
  partnershipId: string
  userId: string
  linkedAt: CreatedAt
}

export interface PartnershipLogoTable {
  partnershipId: string
  mediaType: 'image/png' | 'image/jpeg'
  byteSize: number
  content: Buffer
  sha256: string
  updatedBy: string | null
  updatedAt: Timestamp
}
