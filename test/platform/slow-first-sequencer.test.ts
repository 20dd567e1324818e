import { describe, expect, it } from 'vitest'
import { slowFirst } from '../helpers/slow-first-sequencer.js'

describe('the test files’ order', () => {
  it('starts the known slow files first, slowest first, and keeps the rest in their order', () => {
    const files = [
      '/repo/test/app.test.ts',
      '/repo/test/faults/census-import.test.ts',
      '/repo/test/modules/children/routes.test.ts',
      '/repo/test/cli/cli.test.ts',
      '/repo/test/platform/route-permissions.test.ts',
      '/repo/test/config.test.ts',
    ].map(moduleId => ({ moduleId }))
    expect(slowFirst(files).map(file => file.moduleId)).toEqual([
      '/repo/test/platform/route-permissions.test.ts',
      '/repo/test/cli/cli.test.ts',
      '/repo/test/faults/census-import.test.ts',
      '/repo/test/app.test.ts',
      '/repo/test/modules/children/routes.test.ts',
      '/repo/test/config.test.ts',
    ])
  })
})
