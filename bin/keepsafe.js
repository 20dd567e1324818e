#!/usr/bin/env node
// The `keepsafe` command, in this same process (no wrapper: SIGTERM and SIGINT reach the server
// and its graceful shutdown). In production it runs the JavaScript that `npm run build` compiled
// into dist/; elsewhere the TypeScript source through tsx, so an edit never meets a stale build.
import { existsSync } from 'node:fs'

const compiled = new URL('../dist/cli/main.js', import.meta.url)
if (process.env.NODE_ENV === 'production' && existsSync(compiled)) {
  await import(compiled.href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(new URL('../src/cli/main.ts', import.meta.url).href)
}
