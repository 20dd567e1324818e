import { describe, expect, it } from 'vitest'
import { readValue } from '../../../../src/modules/dataset/returns/schema.js'
import {
  MAX_ENTRIES,
  describeCellError,
  inspectArchive,
} from '../../../../src/modules/dataset/returns/spreadsheet.js'

/** A ZIP archive's directory alone, with entries that claim the sizes given (no data needed). */
function zipDirectory(sizes: number[]): Buffer {
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  const entries = sizes.map((size, index) => {
    const name = Buffer.from(`f${index}`)
    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt32LE(size, 24)
    header.writeUInt16LE(name.length, 28)
    return Buffer.concat([header, name])
  })
  const directory = Buffer.concat(entries)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(sizes.length, 8)
  end.writeUInt16LE(sizes.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(local.length, 16)
  return Buffer.concat([local, directory, end])
}

describe('checking an upload before parsing it', () => {
  it('counts the entries and adds up what they unpack to', () => {
    expect(inspectArchive(zipDirectory([100, 200]))).toEqual({
      ok: true,
      entries: 2,
      uncompressed: 300,
    })
  })

  it('refuses an archive that unpacks to more than 20 MB (a zip bomb is small on the wire)', () => {
    const outcome = inspectArchive(zipDirectory([15 * 1024 * 1024, 6 * 1024 * 1024]))
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('more than 20 MB') })
  })

  it('refuses an archive with too many entries', () => {
    const outcome = inspectArchive(zipDirectory(Array.from({ length: MAX_ENTRIES + 1 }, () => 1)))
    expect(outcome).toEqual({ ok: false, message: expect.stringContaining('too many parts') })
  })

  it('refuses a file with no ZIP directory, or a ZIP64 one', () => {
    expect(inspectArchive(Buffer.from('PK\u0003\u0004 not really')).ok).toBe(false)
    expect(inspectArchive(zipDirectory([0xffffffff])).ok).toBe(false)
  })
})

describe('reading a figure', () => {
  it('takes whole numbers for counts, with thousands separators', () => {
    expect(readValue('count', '1,040')).toEqual({ ok: true, value: 1040 })
    expect(readValue('count', ' ')).toEqual({ ok: true, value: null })
    expect(readValue('count', '12.5')).toEqual({
      ok: false,
      message: 'enter a whole number, like 12',
    })
    expect(readValue('count', '-1').ok).toBe(false)
  })

  it('takes percentages from 0 to 100 and rates of 0 or more, to 2 decimal places', () => {
    expect(readValue('percentage', '24%')).toEqual({ ok: true, value: 24 })
    expect(readValue('percentage', '100.01').ok).toBe(false)
    expect(readValue('rate', '38.3')).toEqual({ ok: true, value: 38.3 })
    expect(readValue('rate', '38.333').ok).toBe(false)
  })

  it('says which row and indicator a bad cell is', () => {
    expect(
      describeCellError({
        row: 4,
        indicator: 'A&E attendances for self-harm',
        message: 'enter a whole number, like 12',
      }),
    ).toBe('Row 4, A&E attendances for self-harm: enter a whole number, like 12')
  })
})
