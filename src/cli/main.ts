/** The `keepsafe` command's entry: `npx keepsafe`, `npm run keepsafe` and the server start here. */
import { runCli } from './program.js'

process.exitCode = await runCli(process.argv)
