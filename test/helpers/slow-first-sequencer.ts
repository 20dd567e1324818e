import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The test files that take longest (each a minute or more on these two-core machines: every role
 * on every route, the command line's spawned processes, the fault tests' killed servers, backups,
 * the property-based runs). Vitest starts the slowest files first only when it has timed a
 * previous run; on a clean clone (CI) it starts the largest files first, so these short files
 * started last and ran on alone after the rest had finished.
 */
const SLOW_FILES = [
  'test/platform/route-permissions.test.ts',
  'test/cli/cli.test.ts',
  'test/faults/',
  'test/db/backup.test.ts',
  'test/platform/jobs.test.ts',
  'test/platform/property-based.test.ts',
  'test/platform/words-not-codes.test.ts',
  'test/modules/governance/hostile-upload.test.ts',
  'test/demo/start.test.ts',
  'test/platform/command-line.test.ts',
  'test/platform/cluster-metrics.test.ts',
]

function slowRank(file: string): number {
  const rank = SLOW_FILES.findIndex(slow => file.includes(slow))
  return rank === -1 ? SLOW_FILES.length : rank
}

/** The known slow files first, slowest first; the rest keep the order they came in. */
export function slowFirst<T extends { moduleId: string }>(files: readonly T[]): T[] {
  return files
    .map((file, order) => ({ file, order, rank: slowRank(file.moduleId) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ file }) => file)
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return slowFirst(await super.sort(files))
  }
}
