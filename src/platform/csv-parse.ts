/**
 * CSV uploads, read with csv-parse (the csv-stringify project's parser). RFC 4180: quoted fields
 * may hold commas, quotes ("") and line breaks. Kept lenient as people's spreadsheets are: a
 * byte-order mark is dropped, rows may differ in length, a stray quote inside a field is kept as
 * text and lines may end in CRLF, LF or CR. Rows with nothing in them are dropped. With
 * `maxRows`, parsing stops at the first row past it, so a huge file is refused having read only
 * what the limit allows.
 */
import { CsvError, parse } from 'csv-parse/sync'

export function parseCsv(text: string, maxRows = Number.POSITIVE_INFINITY): string[][] {
  const rows: string[][] = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_records_with_empty_values: true,
    ...(Number.isFinite(maxRows) ? { to: maxRows + 1 } : {}),
  })
  return rows
}

/** What to tell the person who uploaded a file csv-parse could not read, or undefined. */
export function csvProblem(error: unknown): string | undefined {
  if (!(error instanceof CsvError)) return undefined
  // csv-parse knows where it stopped, not where the quote was opened: no line is better than a wrong one.
  return error.code === 'CSV_QUOTE_NOT_CLOSED'
    ? 'The selected file has a quotation mark that is never closed: check the file and upload it again'
    : 'The selected file could not be read as CSV'
}
