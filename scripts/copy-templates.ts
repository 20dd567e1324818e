// `npm run build`'s second step: the compiled server finds its templates beside its code, so
// every file under src/ that TypeScript does not compile (the Nunjucks views) is copied to dist/.
import { cpSync } from 'node:fs'

cpSync('src', 'dist', {
  recursive: true,
  filter: source => !source.endsWith('.ts') && !source.endsWith('.md'),
})
