import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from 'node:crypto'

/** A URL-safe random token with 256 bits of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'keepsafe', purpose, 32))
}

/**
 * HMAC-SHA256 under a key derived from the server secret: for short secrets (recovery codes) that
 * a copy of the database alone must not let anyone test guesses against.
 */
export function keyedHash(value: string, secret: string, purpose: string): string {
  return createHmac('sha256', keyFor(secret, purpose)).update(value).digest('hex')
}

/** AES-256-GCM, for secrets the server must read back (TOTP seeds). Output: iv.tag.ciphertext */
export function encryptSecret(plain: string, secret: string, purpose: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret, purpose), iv)
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map(part => part.toString('base64url')).join('.')
}

export function decryptSecret(sealed: string, secret: string, purpose: string): string {
  const [iv, tag, body] = sealed.split('.').map(part => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !body) throw new Error('Sealed secret is malformed')
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret, purpose), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}
