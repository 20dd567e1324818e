/**
 * A "zip bomb" XLSX for tests: one worksheet entry of `unpackedMegabytes` of zeros, deflated a
 * megabyte at a time (so making it never holds the unpacked data), a few hundred KB on the wire.
 * With `declaredBytes`, the archive lies about what the entry unpacks to.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib'

export function zipBomb(unpackedMegabytes: number, declaredBytes?: number): Buffer {
  const megabyte = Buffer.alloc(1024 * 1024, 0x20)
  const parts: Buffer[] = []
  let crc = 0
  // Each megabyte is its own deflate block sequence; only the last one ends the stream.
  for (let index = 0; index < unpackedMegabytes; index += 1) {
    const last = index === unpackedMegabytes - 1
    crc = crc32(megabyte, crc)
    parts.push(
      deflateRawSync(megabyte, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }),
    )
  }
  const data = Buffer.concat(parts)
  const size = declaredBytes ?? unpackedMegabytes * 1024 * 1024
  return zipOf([{ name: 'xl/worksheets/sheet1.xml', data, crc, size }])
}

interface Entry {
  name: string
  data: Buffer
  crc: number
  size: number
}

function zipOf(entries: Entry[]): Buffer {
  const locals: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(entry.crc >>> 0, 14)
    local.writeUInt32LE(entry.data.length, 18)
    local.writeUInt32LE(entry.size, 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, entry.data)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(entry.crc >>> 0, 16)
    central.writeUInt32LE(entry.data.length, 20)
    central.writeUInt32LE(entry.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    directory.push(central, name)
    offset += local.length + name.length + entry.data.length
  }
  const directoryBytes = Buffer.concat(directory)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directoryBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directoryBytes, end])
}
