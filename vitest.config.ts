import { defineConfig } from 'vitest/config'
import SlowFirstSequencer from './test/helpers/slow-first-sequencer.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Generous: CI runs this suite on PostgreSQL beside the browser tests on two cores, where a test
    // that takes 12 s alone (the demo data at start-up) once took over 30 s.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Each worker keeps its loaded modules from one test file to the next (every file still gets
    // its own database and app): importing the app once per worker, not once per file, saves about
    // a quarter of the suite's time.
    isolate: false,
    // Test files wait on the database much of the time: three at once keep two cores busy.
    maxWorkers: 3,
    // The longest files first, also on a clean clone with no timings kept (see the sequencer).
    sequence: { sequencer: SlowFirstSequencer },
  },
})
