/** What the commands that keep an uploaded file share: its checks and the name it is kept under. */
import { refuse } from './refusal.js'

export interface FileType {
  contentType: string
  extension: string
}

/**
 * An uploaded file checked before it is kept: not empty, not over `maxBytes`, of a type `typeOf`
 * knows by its first bytes; refused (on the form's `file` field, rolling the command back) when
 * not. The name it is kept under is the name it came with, made safe, or `fallbackName`.
 */
export function checkedUpload(
  file: { name: string; bytes: Buffer },
  rules: {
    emptyMessage: string
    maxBytes: number
    typeOf: (bytes: Buffer) => FileType | null
    fallbackName: string
  },
): FileType & { filename: string; sizeBytes: number } {
  if (file.bytes.length === 0) refuse('file', rules.emptyMessage)
  if (file.bytes.length > rules.maxBytes)
    refuse('file', `The selected file must be smaller than ${rules.maxBytes / (1024 * 1024)} MB`)
  const type = rules.typeOf(file.bytes)
  if (!type) refuse('file', 'The selected file must be a PDF, Word, Excel or PowerPoint file')
  const stem =
    file.name
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w-]+/g, '-')
      .slice(0, 80) || rules.fallbackName
  return { ...type, filename: `${stem}.${type.extension}`, sizeBytes: file.bytes.length }
}
