/**
 * Strings from UTF-8 bytes, made once and shared: a return repeats the same element names,
 * dates and codes hundreds of thousands of times, and making each one anew is most of the cost
 * of reading it. A fixed table (one slot per hash, the newest wins) keeps memory bounded.
 */
const SLOTS = 4096
const LONGEST_SHARED = 64

export class StringCache {
  private readonly table: (string | undefined)[] = new Array<string | undefined>(SLOTS)

  /** The bytes from `start` to `end` as a string (UTF-8). */
  get(data: Buffer, start: number, end: number): string {
    const length = end - start
    if (length > LONGEST_SHARED) return data.toString('utf8', start, end)
    let hash = 0x811c9dc5
    let ascii = true
    for (let i = start; i < end; i++) {
      const c = data[i] as number
      if (c > 127) ascii = false
      hash = Math.imul(hash ^ c, 16777619)
    }
    if (!ascii) return data.toString('utf8', start, end)
    const slot = (hash >>> 0) & (SLOTS - 1)
    const cached = this.table[slot]
    if (cached !== undefined && sameAscii(cached, data, start, length)) return cached
    const made = data.toString('latin1', start, end)
    this.table[slot] = made
    return made
  }
}

function sameAscii(text: string, data: Buffer, start: number, length: number): boolean {
  if (text.length !== length) return false
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== data[start + i]) return false
  return true
}
