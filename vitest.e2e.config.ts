import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // CI runs the browser tests beside the PostgreSQL suite on two cores: a journey of twenty pages
    // can take minutes there. Two spec files at a time (each has its own server and database), so
    // that both cores work once the PostgreSQL suite is done.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    // As in the unit suite: one import of the app per worker, not one per spec file.
    isolate: false,
  },
})
