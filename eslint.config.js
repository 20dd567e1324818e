import js from '@eslint/js'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import tseslint from 'typescript-eslint'

const MODULES = readdirSync(join(import.meta.dirname, 'src/modules'), { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)

/** Import patterns that reach into another module, from any depth of `own`'s folder. */
function moduleBoundary(own) {
  return MODULES.filter(other => other !== own).flatMap(other =>
    ['../', '../../', '../../../', '../../../../', '**/modules/'].flatMap(up => [
      `${up}${other}/**`,
      `!${up}${other}/service.js`,
      `!${up}${other}/queries.js`,
    ]),
  )
}

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'bin', 'packages/command/keepsafe.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Fastify plugins are async by contract, whether or not they await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Migrations are frozen in time and see the database as Kysely<any> (STYLE.md).
    files: ['src/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests read rows as the table owner (untyped) and use expect's asymmetric matchers.
    files: ['test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/platform/**/*.ts', 'src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/modules/**'], message: 'platform knows nothing about modules' }],
        },
      ],
    },
  },
  // ADR 0005: a module reads another only through its service.ts (commands) or queries.ts (read
  // models). One block per module folder, so that a module added later is guarded too.
  ...MODULES.map(own => ({
    files: [`src/modules/${own}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: moduleBoundary(own),
              message: 'import another module through its service.ts or queries.ts only',
            },
          ],
        },
      ],
    },
  })),
  { files: ['eslint.config.js', 'public/**/*.js'], ...tseslint.configs.disableTypeChecked },
)
