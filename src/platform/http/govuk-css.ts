/**
 * GOV.UK Frontend's CSS, compiled from its Sass with Arial instead of GDS Transport (a font
 * licensed only for GOV.UK). Compiled once into `build/`; the server compiles it on first use
 * when the build step has not run (a test run started with `npx vitest`).
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
// From src/platform/http or dist/platform/http alike.
const rootDir = path.resolve(here, '../../..')
const entry = path.join(rootDir, 'src/styles/govuk-frontend.scss')
export const GOVUK_CSS_PATH = path.join(rootDir, 'build/govuk-frontend.css')

export async function buildGovukCss(): Promise<string> {
  const sass = await import('sass')
  const result = await sass.compileAsync(entry, {
    style: 'compressed',
    importers: [new sass.NodePackageImporter(rootDir)],
    quietDeps: true,
    silenceDeprecations: ['import'],
  })
  await mkdir(path.dirname(GOVUK_CSS_PATH), { recursive: true })
  await writeFile(GOVUK_CSS_PATH, result.css)
  return GOVUK_CSS_PATH
}

let compiled: Promise<string> | null = null

/** The compiled CSS: the build's file, or compiled now (once per process) when it is missing. */
export function govukCss(): Promise<string> {
  compiled ??= existsSync(GOVUK_CSS_PATH)
    ? readFile(GOVUK_CSS_PATH, 'utf8')
    : buildGovukCss().then(file => readFile(file, 'utf8'))
  return compiled
}
