import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

describe('/metrics with several server processes', () => {
  it('sums every cluster worker’s figures, not just the one that answers', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/platform/fixtures/cluster-metrics.ts'],
      { timeout: 60_000 },
    )
    expect(stdout).toMatch(
      /keepsafe_http_requests_total\{method="GET",route="\/ping",status="200"\} 2\b/,
    )
  }, 90_000)
})
