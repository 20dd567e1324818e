import { expect } from 'vitest'
import type { TestApp } from './test-app.js'

/** A GOV.UK date input's three boxes as a form posts them: `boxes('heldOn', '27 3 2026')`. */
export function boxes(name: string, written: string): Record<string, string> {
  const [day = '', month = '', year = ''] = written.split(' ')
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year }
}

/** Checks each page shows the named date input's boxes and the GOV.UK hint. */
export async function expectDateInputs(
  t: TestApp,
  cookie: string,
  pages: (readonly [url: string, name: string])[],
): Promise<void> {
  for (const [url, name] of pages) {
    const page = await t.inject({ method: 'GET', url, headers: { cookie } })
    expect(page.statusCode, url).toBe(200)
    expect(page.body, url).toContain(`name="${name}-day"`)
    expect(page.body, url).toContain(`name="${name}-month"`)
    expect(page.body, url).toContain(`name="${name}-year"`)
    expect(page.body, url).toContain('For example, 27 3 2026')
  }
}

/** The value a refused form wrote back into a box. */
export const boxValue = (name: string, part: 'day' | 'month' | 'year', value: string) =>
  `name="${name}-${part}" type="text" value="${value}"`

/** An ISO date as the boxes a person would type it into: `isoBoxes('dueOn', '2026-03-07')`. */
export function isoBoxes(name: string, date: string): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-')
  return boxes(name, `${Number(day)} ${Number(month)} ${year}`)
}
