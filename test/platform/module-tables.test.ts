/**
 * DESIGN: a module owns its tables and reads another module only through its exported functions
 * (ADR 0005). Table ownership is each module's `*Tables` interface in its `table.ts`; this test
 * reads those, then every module file's Kysely calls (`selectFrom('child')`, `innerJoin(...)`,
 * ...) and raw `sql` text (`from child`), and fails when a file names a table of another module
 * that the allow-list below does not name for that file, with its reason.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const MODULES = fileURLToPath(new URL('../../src/modules', import.meta.url))

/** The census-aligned record tables of the children module that protection records the journey in. */
const CENSUS_RECORDS = ['cinEpisode', 'assessment', 'cinPlan', 'section47', 'childProtectionPlan']

/**
 * Files that may name another module's tables, each with the tables and why. An entry that is
 * no longer needed fails the test too, so the list only shrinks as tables move behind queries.
 */
const ALLOWED: Record<string, { tables: string[]; why: string }> = {
  'children/merge-moves.ts': {
    tables: [
      'earlyHelpEpisode',
      'exploitationEntry',
      'panelAgendaChild',
      'govMeeting',
      'previousProtectionPlan',
    ],
    why: "merging two child records moves every module's rows onto the kept child, in one transaction",
  },
  'children/merge.ts': {
    tables: ['referral', 'referralChild'],
    why: "the merge moves the front door's links to the kept child in the same transaction",
  },
  'protection/figures.ts': {
    tables: ['section47', 'childProtectionPlan'],
    why: 'protection counts the enquiries and plans it records in the census record tables',
  },
  'protection/tray.ts': {
    tables: CENSUS_RECORDS,
    why: 'the journey work protection offers the work tray lives in the census record tables',
  },
  'protection/demo.ts': {
    tables: ['cinEpisode', 'section47', 'childProtectionPlan'],
    why: 'the demo starts journeys on open episodes that have no enquiry or plan yet',
  },
  'protection/repo/journey.ts': {
    tables: CENSUS_RECORDS,
    why: 'protection records assessments and CIN plans and closes episodes in the census record tables',
  },
  'protection/repo/people.ts': {
    tables: ['cinEpisode'],
    why: "protection finds the child's open episode its journey is recorded in",
  },
  'protection/repo/plans.ts': {
    tables: ['childProtectionPlan', 'cinEpisode'],
    why: 'protection records child protection plans in the census record tables',
  },
  'protection/repo/section47.ts': {
    tables: ['section47', 'cinEpisode'],
    why: 'protection records Section 47 enquiries in the census record tables',
  },
  'protection/repo/visits.ts': {
    tables: ['childProtectionPlan', 'cinEpisode'],
    why: 'the visits clock runs from the open plans protection records in the census record tables',
  },
}

/** Kysely calls whose first argument names a table (`'child'`, `'child as c'` or a list of them). */
const TABLE_CALLS = new Set([
  'selectFrom',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'replaceInto',
  'using',
])

/** Raw SQL that names a table: `from x`, `join x`, `into x`, `update x`. */
const RAW_TABLE = /\b(?:from|join|into|update)\s+([a-z_][a-z0-9_]*)/gi

const snakeCase = (name: string) => name.replace(/[A-Z]/g, letter => `_${letter.toLowerCase()}`)
const camelCase = (name: string) =>
  name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? filesUnder(join(folder, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(folder, entry.name)]
        : [],
  )
}

/** A module file: its path under `src/modules`, with `/` between folders, and its text. */
interface ModuleFile {
  path: string
  text: string
}

const moduleOf = (path: string) => path.split('/')[0] as string

function parse(file: ModuleFile) {
  return ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true)
}

function visit(node: ts.Node, seen: (node: ts.Node) => void) {
  seen(node)
  node.forEachChild(child => visit(child, seen))
}

/** Each table (camel case, as Kysely names it) and the module whose `*Tables` interface lists it. */
function tableOwners(files: readonly ModuleFile[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const file of files.filter(f => f.path.endsWith('/table.ts'))) {
    visit(parse(file), node => {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith('Tables')) return
      for (const member of node.members) {
        if (member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)))
          owners.set(member.name.text, moduleOf(file.path))
      }
    })
  }
  return owners
}

function tableOfArgument(argument: ts.Expression): string[] {
  if (ts.isStringLiteralLike(argument))
    return [argument.text.split(/\s+as\s+/)[0]?.trim() ?? ''].filter(Boolean)
  if (ts.isArrayLiteralExpression(argument)) return argument.elements.flatMap(tableOfArgument)
  return []
}

/** The tables a file names: Kysely calls' table arguments and the tables raw `sql` reads or writes. */
function tablesNamed(file: ModuleFile): Set<string> {
  const named = new Set<string>()
  visit(parse(file), node => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const call = node.expression.name.text
      const [first] = node.arguments
      const isTableCall =
        TABLE_CALLS.has(call) ||
        (call === 'table' && node.expression.expression.getText() === 'sql')
      if (isTableCall && first) for (const table of tableOfArgument(first)) named.add(table)
    }
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'sql') {
      const template = node.template
      const parts = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template.text]
        : [template.head.text, ...template.templateSpans.map(span => span.literal.text)]
      for (const part of parts)
        for (const match of part.matchAll(RAW_TABLE)) named.add(camelCase(match[1] as string))
    }
  })
  return named
}

/** For each file, the tables of other modules it names: `table (owner)`, sorted. */
function tablesOfOtherModules(files: readonly ModuleFile[]): Map<string, string[]> {
  const owners = tableOwners(files)
  const found = new Map<string, string[]>()
  for (const file of files) {
    const foreign = [...tablesNamed(file)]
      .filter(table => owners.has(table) && owners.get(table) !== moduleOf(file.path))
      .sort()
    if (foreign.length > 0) found.set(file.path, foreign)
  }
  return found
}

/** What breaks the rule: tables named outside their module and not allowed for that file. */
function strayTables(found: Map<string, string[]>): string[] {
  return [...found].flatMap(([path, tables]) =>
    tables
      .filter(table => !ALLOWED[path]?.tables.includes(table))
      .map(table => `${path} names ${table} (${snakeCase(table)}), a table of another module`),
  )
}

function moduleFiles(): ModuleFile[] {
  return filesUnder(MODULES).map(path => ({
    path: relative(MODULES, path).split(sep).join('/'),
    text: readFileSync(path, 'utf8'),
  }))
}

describe('each module names only its own tables (DESIGN, ADR 0005)', () => {
  const files = moduleFiles()
  const found = tablesOfOtherModules(files)

  it('reads table ownership from every table.ts', () => {
    const owners = tableOwners(files)
    expect(owners.get('child')).toBe('children')
    expect(owners.get('referral')).toBe('frontdoor')
    expect(owners.get('team')).toBe('worktray')
    expect(owners.get('exploitationEntry')).toBe('registers')
  })

  it('no module names another module’s table outside the allow-list', () => {
    expect(strayTables(found)).toEqual([])
  })

  it('every allow-list entry is still needed', () => {
    const unused = Object.entries(ALLOWED).flatMap(([path, { tables }]) =>
      tables.filter(table => !found.get(path)?.includes(table)).map(table => `${path}: ${table}`),
    )
    expect(unused).toEqual([])
  })

  it('catches a stray query, a join and raw SQL in another module', () => {
    const stray: ModuleFile = {
      path: 'dataset/figures/stray.ts',
      text: `
        export const a = (trx) => trx.selectFrom('child as c').selectAll().execute()
        export const b = (trx) => trx.selectFrom('referral').innerJoin('team', 'team.id', 'referral.teamId')
        export const c = sql<number>\`select count(*) from early_help_episode where x = \${1}\``,
    }
    const tables = files.filter(file => file.path.endsWith('/table.ts'))
    const found = tablesOfOtherModules([...tables, stray])
    expect(found.get(stray.path)).toEqual(['child', 'earlyHelpEpisode', 'referral', 'team'])
    expect(strayTables(found)).toHaveLength(4)
  })
})
