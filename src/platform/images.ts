/**
 * What an uploaded image really is, read from its first bytes (never its name or the type the
 * browser claims): PNG or JPEG, the two formats every output (HTML, PDF, Word) can carry.
 */
export type ImageType = 'image/png' | 'image/jpeg'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

const startsWith = (bytes: Buffer, signature: number[]) =>
  bytes.length > signature.length && signature.every((byte, i) => bytes[i] === byte)

export function sniffImageType(bytes: Buffer): ImageType | null {
  if (startsWith(bytes, PNG)) return 'image/png'
  if (startsWith(bytes, JPEG)) return 'image/jpeg'
  return null
}
