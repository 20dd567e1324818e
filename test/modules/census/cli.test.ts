import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { runValidateCommand } from '../../../src/modules/census/cli.js'
import { registerCensusCommands } from '../../../src/modules/census/commands.js'
import { writeCensusXmlFile } from '../../../src/modules/census/generate-xml.js'

const dir = mkdtempSync(join(tmpdir(), 'census-cli-'))

function capture() {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

async function run(file: string, format: 'text' | 'csv' | 'json', year?: '2024-25') {
  const stdout = capture()
  const stderr = capture()
  const code = await runValidateCommand(
    { file, format, year },
    { stdout: stdout.stream, stderr: stderr.stream },
  )
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

describe('keepsafe census validate', () => {
  it('prints CSV with the agreed header and exits 1 when an error rule fires', async () => {
    const file = join(dir, 'breaches.xml')
    await writeCensusXmlFile(file, { children: 40, seed: 3, breaches: 0.5 })
    const { code, stdout } = await run(file, 'csv')
    const [header, ...rows] = stdout.trim().split('\n')
    expect(header).toBe('rule_code,rule_type,la_child_id,fields,values,message')
    expect(rows.length).toBeGreaterThan(0)
    expect(code).toBe(1)
  })

  it('exits 0 when only queries fire or nothing does', async () => {
    const file = join(dir, 'clean.xml')
    await writeCensusXmlFile(file, { children: 30, seed: 4 })
    const { code, stdout } = await run(file, 'text')
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /30 children checked against the 2024-25 rules \(reference date 2025-03-31\): 0 errors/,
    )
  })

  it('prints JSON that parses, with findings and a summary', async () => {
    const file = join(dir, 'json.xml')
    await writeCensusXmlFile(file, { children: 20, seed: 5, breaches: 1 })
    const { stdout } = await run(file, 'json', '2024-25')
    const report = JSON.parse(stdout) as { findings: unknown[]; summary: { children: number } }
    expect(report.summary.children).toBe(20)
    expect(report.findings.length).toBeGreaterThan(0)
  })

  it('explains a file it cannot read and exits 2', async () => {
    const file = join(dir, 'not-xml.csv')
    writeFileSync(file, 'LAchildID,UPN\n')
    const { code, stderr } = await run(file, 'text')
    expect(code).toBe(2)
    expect(stderr).toContain('This is not an XML file')
  })

  it('quotes CSV cells and defuses spreadsheet formulas', async () => {
    const file = join(dir, 'formula.xml')
    writeFileSync(
      file,
      '<Message><Children><Child><ChildIdentifiers><LAchildID>=cmd,1</LAchildID></ChildIdentifiers></Child></Children></Message>',
    )
    const { stdout } = await run(file, 'csv')
    expect(stdout).toContain(`1580,error,"'=cmd,1",LAchildID,"'=cmd,1",`)
  })

  it('registers census validate on a commander program', () => {
    const program = new Command()
    registerCensusCommands(program)
    const census = program.commands.find(command => command.name() === 'census')
    expect(census?.commands.map(command => command.name())).toEqual([
      'validate',
      'import',
      'export',
    ])
  })
})
