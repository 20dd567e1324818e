import type { ColumnType, Generated } from 'kysely'
import type {
  PartnershipLogoTable,
  SignInDomainTable,
  SignInLinkTable,
  SignInProviderTable,
} from './sign-in-tables.js'

type CreatedAt = ColumnType<Date, Date | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface PartnershipTable {
  id: Generated<string>
  slug: string
  name: string
  mfaRequiredForAll: Generated<boolean>
  outOfHoursPhone: string | null
  frontDoorPhone: string | null
  frontDoorHours: string | null
  thresholdDocumentUrl: string | null
  createdAt: CreatedAt
}

export interface AgencyTable {
  id: Generated<string>
  partnershipId: string
  name: string
  sector: string
  isActive: Generated<boolean>
  createdAt: CreatedAt
}

export interface AppUserTable {
  id: Generated<string>
  email: string
  displayName: string
  passwordHash: string | null
  totpSecret: string | null
  totpEnabledAt: Timestamp | null
  /** The 30-second step of the last code accepted: a code is never accepted twice. */
  totpLastStep: string | null
  failedSignIns: Generated<number>
  lockedUntil: Timestamp | null
  disabledAt: Timestamp | null
  createdAt: CreatedAt
}

export interface RecoveryCodeTable {
  id: Generated<string>
  userId: string
  codeHash: string
  usedAt: Timestamp | null
}

export interface RoleGrantTable {
  id: Generated<string>
  partnershipId: string
  userId: string
  role: string
  agencyId: string | null
  grantedBy: string | null
  createdAt: CreatedAt
}

export interface UserSessionTable {
  idHash: string
  userId: string
  partnershipId: string | null
  mfaPassed: Generated<boolean>
  createdAt: CreatedAt
  lastSeenAt: Timestamp
  expiresAt: Timestamp
}

export interface ActionTokenTable {
  id: Generated<string>
  tokenHash: string
  userId: string
  purpose: 'invitation' | 'password-reset'
  expiresAt: Timestamp
  usedAt: Timestamp | null
  createdAt: CreatedAt
}

export interface ApiTokenTable {
  id: Generated<string>
  userId: string
  partnershipId: string
  name: string
  tokenHash: string
  tokenPrefix: string
  createdAt: CreatedAt
  lastUsedAt: Timestamp | null
  expiresAt: Timestamp | null
  revokedAt: Timestamp | null
}

export interface BankHolidayTable {
  id: Generated<string>
  partnershipId: string
  holidayOn: string
  name: string
  createdBy: string | null
  createdAt: CreatedAt
}

export interface OutboxMessageTable {
  id: Generated<string>
  partnershipId: string | null
  toAddress: string
  subject: string
  bodyText: string
  createdAt: CreatedAt
  sentAt: Timestamp | null
  transport: 'outbox' | 'smtp' | 'notify'
}

export interface AuditChainHeadTable {
  chainKey: string
  seq: string
  lastHash: string
}

export interface AuditEventTable {
  id: Generated<string>
  partnershipId: string | null
  chainKey: string
  seq: string
  occurredAt: Timestamp
  userId: string | null
  action: string
  resourceType: string
  resourceId: string | null
  childId: string | null
  fields: unknown
  detail: unknown
  requestId: string | null
  prevHash: string
  hash: string
}

/** A background job (see jobs.ts): platform-wide, no row-level security; payloads carry ids only. */
export interface JobTable {
  id: Generated<string>
  kind: string
  partnershipId: string | null
  runAt: ColumnType<Date, Date | string | undefined, Date | string>
  payload: ColumnType<Record<string, unknown>, string | undefined, string>
  dedupeKey: string | null
  attempts: Generated<number>
  maxAttempts: Generated<number>
  lockedUntil: Timestamp | null
  lockedBy: string | null
  finishedAt: Timestamp | null
  lastError: string | null
  createdAt: CreatedAt
}

/** A reminder emailed about a work tray item: once per item, reminder kind and person. */
export interface ReminderSentTable {
  id: Generated<string>
  partnershipId: string
  itemKey: string
  reminderKind: 'due-soon' | 'overdue'
  recipientId: string
  dueOn: string
  sentAt: CreatedAt
}

/** Failed sign-ins of one account from one client address (kept as a hash), and its pause. */
export interface SignInLockTable {
  userId: string
  addressHash: string
  failures: Generated<number>
  lockedUntil: Timestamp | null
  updatedAt: Generated<Timestamp>
}

export interface PlatformTables {
  partnership: PartnershipTable
  agency: AgencyTable
  appUser: AppUserTable
  recoveryCode: RecoveryCodeTable
  roleGrant: RoleGrantTable
  userSession: UserSessionTable
  actionToken: ActionTokenTable
  apiToken: ApiTokenTable
  bankHoliday: BankHolidayTable
  outboxMessage: OutboxMessageTable
  auditChainHead: AuditChainHeadTable
  auditEvent: AuditEventTable
  job: JobTable
  reminderSent: ReminderSentTable
  signInLock: SignInLockTable
  signInProvider: SignInProviderTable
  signInDomain: SignInDomainTable
  signInLink: SignInLinkTable
  partnershipLogo: PartnershipLogoTable
}
