import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 256

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane. Algorithm 2 is argon2id.
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

const COMMON_PASSWORDS = new Set(dictionary['passwords-common'].map(word => word.toLowerCase()))

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let decoyHash: Promise<string> | undefined
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('keepsafe-decoy-password')
  return decoyHash
}

/** The GOV.UK-style message for a password that may not be used, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Password must be ${MIN_PASSWORD_LENGTH} characters or more`
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`
  }
  const lowered = password.toLowerCase()
  const withoutTrailingDigits = lowered.replace(/[\d!?.]+$/, '')
  if (COMMON_PASSWORDS.has(lowered) || COMMON_PASSWORDS.has(withoutTrailingDigits)) {
    return 'Password is too common: choose one that is harder to guess'
  }
  if (new Set(password).size < 4) {
    return 'Password must use more different characters'
  }
  const localPart = email?.split('@')[0]?.toLowerCase()
  if (localPart && localPart.length >= 4 && lowered.includes(localPart)) {
    return 'Password must not contain your email address'
  }
  return null
}
