import { stat } from 'node:fs/promises'

/**
 * Why a file named on the command line cannot be read, as a sentence for the person who typed
 * it, or null when it can. Raw ENOENT or EISDIR codes help nobody.
 */
export async function whyFileCannotBeRead(file: string): Promise<string | null> {
  try {
    const found = await stat(file)
    if (found.isDirectory()) return `${file} is a folder, not a file: give the file inside it.`
    if (!found.isFile()) return `${file} is not an ordinary file.`
    return null
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return `There is no file at ${file}.`
    if (code === 'EACCES' || code === 'EPERM') return `Keepsafe is not allowed to read ${file}.`
    return `${file} cannot be read (${code ?? 'unknown reason'}).`
  }
}
