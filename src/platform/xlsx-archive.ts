/**
 * Checks an XLSX upload as a ZIP archive before anything unpacks it: a file of a few kilobytes
 * can unpack to gigabytes (a "zip bomb"). The central directory is read in place (no copy, no
 * inflating) to count the entries and add up the sizes they declare; then, in the spreadsheet
 * worker, each entry is inflated with its declared size as a hard cap, so an archive that lies
 * about its sizes is refused too.
 */
import { inflateRawSync } from 'node:zlib'

export interface ArchiveLimits {
  maxEntries: number
  maxUnpackedBytes: number
  /** What the person should upload instead: "the XLSX template", "a CSV or XLSX file". */
  expected: string
}

export interface ArchiveEntry {
  name: string
  method: number
  compressedSize: number
  declaredSize: number
  localHeaderOffset: number
}

export type ArchiveCheck =
  | { ok: true; entries: number; uncompressed: number; list: ArchiveEntry[] }
  | { ok: false; message: string }

const END_OF_DIRECTORY = 0x06054b50
const DIRECTORY_ENTRY = 0x02014b50
const LOCAL_HEADER = 0x04034b50
const ZIP64_MARK = 0xffffffff

export function isZip(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes.readUInt32LE(0) === LOCAL_HEADER
}

/** Counts the entries and adds up their declared sizes; ZIP64 archives are refused. */
export function inspectArchive(bytes: Buffer, limits: ArchiveLimits): ArchiveCheck {
  const notXlsx = { ok: false as const, message: `The selected file must be ${limits.expected}` }
  const end = endOfDirectory(bytes)
  if (end < 0) return notXlsx
  const entries = bytes.readUInt16LE(end + 10)
  const directoryOffset = bytes.readUInt32LE(end + 16)
  if (entries === 0xffff || directoryOffset === ZIP64_MARK) return notXlsx
  if (entries > limits.maxEntries) {
    return {
      ok: false,
      message: `The selected file holds too many parts (${entries}): upload ${limits.expected}`,
    }
  }
  const list: ArchiveEntry[] = []
  let at = directoryOffset
  let uncompressed = 0
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return notXlsx
    const nameLength = bytes.readUInt16LE(at + 28)
    const entry: ArchiveEntry = {
      name: bytes.toString('utf8', at + 46, Math.min(bytes.length, at + 46 + nameLength)),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      declaredSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    }
    if (entry.declaredSize === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) return notXlsx
    uncompressed += entry.declaredSize
    list.push(entry)
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32)
  }
  if (uncompressed > limits.maxUnpackedBytes) {
    return {
      ok: false,
      message: `The selected file unpacks to more than ${megabytes(limits.maxUnpackedBytes)}: upload ${limits.expected}`,
    }
  }
  return { ok: true, entries, uncompressed, list }
}

/**
 * Inflates each entry with its declared size as the most it may produce, one at a time, so an
 * entry that claims little and unpacks to much is caught having used at most what it claimed.
 * Returns the message to show, or undefined when every entry is what it says.
 */
export function findLyingEntry(bytes: Buffer, list: ArchiveEntry[]): string | undefined {
  for (const entry of list) {
    const at = entry.localHeaderOffset
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== LOCAL_HEADER) {
      return 'The selected file is a damaged archive'
    }
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28)
    const data = bytes.subarray(start, start + entry.compressedSize)
    if (entry.method === 0) {
      if (data.length !== entry.declaredSize) return 'The selected file is a damaged archive'
      continue
    }
    if (entry.method !== 8) return 'The selected file uses a kind of compression Excel does not'
    try {
      const unpacked = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.declaredSize) })
      if (unpacked.length !== entry.declaredSize) return 'The selected file is a damaged archive'
    } catch {
      return 'The selected file unpacks to more than it says it does: save it again from your spreadsheet program'
    }
  }
  return undefined
}

function endOfDirectory(bytes: Buffer): number {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff)
  for (let at = bytes.length - 22; at >= searchFrom; at -= 1) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) return at
  }
  return -1
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`
}
