import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCensusXmlFile } from '../../../src/modules/census/generate-xml.js'
import { importCensusFile } from '../../../src/modules/census/import.js'
import { runImportCommand } from '../../../src/modules/census/records-cli.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  capture,
  censusXml,
  childXml,
  countRows,
  snapshot,
  workDir,
  writeFile,
} from './records-helpers.js'

const t = useTestApp()

function importInto(path: string, partnershipId = t.northbridge.id) {
  return importCensusFile(t.database.db, {
    partnershipId,
    userId: null,
    path,
    fileName: 'census.xml',
  })
}

/** The line of the nth line holding `marker`. */
function lineOf(text: string, marker: string, nth: number): number {
  let seen = 0
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.includes(marker) && ++seen === nth) return i + 1
  }
  throw new Error(`No line ${nth} with ${marker}`)
}

const CHILD_TABLES = ['child', 'cin_episode', 'assessment', 'section47', 'child_protection_plan']

describe('census import', () => {
  it('runs two imports of one partnership one after the other, both succeeding', async () => {
    const path = join(workDir, 'twice-at-once.xml')
    await writeCensusXmlFile(path, { children: 60, seed: 11 })
    const [first, second] = await Promise.all([importInto(path), importInto(path)])
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    const counts = [first.counts.child, second.counts.child]
    expect(counts).toContainEqual({ inserted: 60, updated: 0, unchanged: 0 })
    expect(counts).toContainEqual({ inserted: 0, updated: 0, unchanged: 60 })
    expect(await countRows(t, 'child')).toBe(60)
  })

  it('imports every data item of a return in one go, logged and audited with counts', async () => {
    const path = join(workDir, 'generated.xml')
    await writeCensusXmlFile(path, { children: 120, seed: 7 })
    const outcome = await importInto(path)
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.children).toBe(120)
    expect(outcome.counts.child).toEqual({ inserted: 120, updated: 0, unchanged: 0 })
    expect(outcome.counts.cinEpisode.inserted).toBeGreaterThanOrEqual(120)
    expect(outcome.counts.assessment.inserted).toBeGreaterThan(0)
    expect(await countRows(t, 'child')).toBe(120)

    const log = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(log).toMatchObject({
      status: 'succeeded',
      children: 120,
      lea: '201',
      reference_date: '2025-03-31',
    })
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'census.imported')
      .executeTakeFirstOrThrow()
    expect(audit.partnership_id).toBe(t.northbridge.id)
    expect(audit.detail).toMatchObject({ children: 120, counts: { child: { inserted: 120 } } })
  })

  it('keeps every census field of a child, its episode, assessment, enquiry and plan', async () => {
    const outcome = await importInto(writeFile('one.xml', censusXml(childXml('A1'))))
    expect(outcome.ok).toBe(true)
    const snap = await snapshot(t, t.northbridge.id)
    expect(snap.children).toEqual([
      expect.objectContaining({
        la_child_id: 'A1',
        upn_unknown: 'UN2',
        birth_date: '2015-06-01',
        sex: 'F',
        ethnicity: 'WBRI',
        disabilities: ['NONE'],
      }),
    ])
    expect(snap.episodes[0]).toMatchObject({
      parent: 'A1',
      referral_date: '2024-05-01',
      referral_source: '1A',
      primary_need_code: 'N1',
      referral_nfa: false,
    })
    expect(snap.assessments[0]).toMatchObject({
      start_date: '2024-05-02',
      authorisation_date: '2024-06-10',
      factors: ['3A'],
    })
    expect(snap.section47s[0]).toMatchObject({
      icpc_target_date: '2024-05-24',
      date_of_initial_cpc: '2024-05-22',
      icpc_not_required: false,
    })
    expect(snap.plans[0]).toMatchObject({ initial_category: 'NEG', number_of_previous_plans: 1 })
    expect((snap.plans[0] as unknown as { review_dates: unknown[] }).review_dates).toHaveLength(2)
  })

  it('changes nothing when the same file is imported twice', async () => {
    const path = join(workDir, 'twice.xml')
    await writeCensusXmlFile(path, { children: 60, seed: 11 })
    await importInto(path)
    const before = await snapshot(t, t.northbridge.id)
    const stamps = await t.database.owner
      .selectFrom('child')
      .select(['id', 'updated_at'])
      .orderBy('id')
      .execute()
    const again = await importInto(path)
    expect(again.ok).toBe(true)
    if (!again.ok) return
    for (const counts of Object.values(again.counts)) {
      expect(counts.inserted).toBe(0)
      expect(counts.updated).toBe(0)
    }
    expect(again.counts.child.unchanged).toBe(60)
    expect(await snapshot(t, t.northbridge.id)).toEqual(before)
    expect(
      await t.database.owner
        .selectFrom('child')
        .select(['id', 'updated_at'])
        .orderBy('id')
        .execute(),
    ).toEqual(stamps)
  })

  it('saves a file across several batches, and the same file again changes nothing', async () => {
    const ids = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7']
    const path = writeFile('batches.xml', censusXml(ids.map(id => childXml(id)).join('')))
    const first = await importCensusFile(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      path,
      fileName: 'batches.xml',
      childrenPerBatch: 2,
    })
    expect(first.ok && first.counts.child).toEqual({ inserted: 7, updated: 0, unchanged: 0 })
    expect(first.ok && first.counts.cinEpisode.inserted).toBe(7)
    const again = await importCensusFile(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      path,
      fileName: 'batches.xml',
      childrenPerBatch: 3,
    })
    expect(again.ok && again.counts.child).toEqual({ inserted: 0, updated: 0, unchanged: 7 })
    expect(again.ok && again.counts.assessment.unchanged).toBe(
      first.ok && first.counts.assessment.inserted,
    )
    expect(await countRows(t, 'child')).toBe(7)
  })

  it('keeps nothing of batches saved before a problem later in the file, and lists every problem', async () => {
    const good = ['G1', 'G2', 'G3', 'G4', 'G5'].map(id => childXml(id)).join('')
    const xml = censusXml(
      good +
        childXml('X1', { birth: '2015-02-30' }) +
        childXml('G6') +
        childXml('X2', { ethnicity: 'ZZZZ' }),
    )
    const outcome = await importCensusFile(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      path: writeFile('late-problem.xml', xml),
      fileName: 'late-problem.xml',
      childrenPerBatch: 2,
    })
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problems.map(p => p.line)).toEqual([
      lineOf(xml, '2015-02-30', 1),
      lineOf(xml, 'ZZZZ', 1),
    ])
    for (const table of CHILD_TABLES) expect(await countRows(t, table), table).toBe(0)
    const log = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(log).toMatchObject({ status: 'failed', children: 8 })
  })

  it('refuses a file whose problem quotes a NUL, and logs the problem with the NUL replaced', async () => {
    const xml = censusXml(childXml('N1', { birth: '2015\u00006-01' }))
    const outcome = await importInto(writeFile('nul.xml', xml))
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problems).toHaveLength(1)
    expect(outcome.problems[0]?.message).toContain('2015\uFFFD6-01')
    const log = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(log.status).toBe('failed')
    expect(JSON.stringify(log.problems)).toContain('2015\uFFFD6-01')
    expect(await countRows(t, 'child')).toBe(0)
  })

  it('updates the records a later census carries and keeps the others', async () => {
    await importInto(writeFile('first.xml', censusXml(childXml('A1') + childXml('B2'))))
    const later = await importInto(
      writeFile(
        'later.xml',
        censusXml(childXml('A1', { ethnicity: 'MWBC', closure: '2025-03-01' })),
      ),
    )
    expect(later.ok).toBe(true)
    if (!later.ok) return
    expect(later.counts.child).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
    expect(later.counts.cinEpisode).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
    const snap = await snapshot(t, t.northbridge.id)
    expect(snap.children.map(c => [c.la_child_id, c.ethnicity])).toEqual([
      ['A1', 'MWBC'],
      ['B2', 'WBRI'],
    ])
    expect(snap.episodes.find(e => e.parent === 'A1')).toMatchObject({
      closure_date: '2025-03-01',
      reason_for_closure: 'RC1',
    })
  })

  it('imports older returns that carry GenderCurrent instead of Sex', async () => {
    const xml = censusXml(childXml('G1')).replace(
      '<Sex>F</Sex>',
      '<GenderCurrent>1</GenderCurrent>',
    )
    const outcome = await importInto(writeFile('gender.xml', xml))
    expect(outcome.ok).toBe(true)
    const child = await t.database.owner.selectFrom('child').selectAll().executeTakeFirstOrThrow()
    expect(child).toMatchObject({ sex: 'M', gender_current: '1' })
  })

  it('keeps each partnership’s children to itself', async () => {
    await importInto(writeFile('north.xml', censusXml(childXml('N1'))))
    const southView = await t.database.db.transaction().execute(async trx => {
      const { bindScope } = await import('../../../src/db/database.js')
      await bindScope(trx, { partnershipId: t.southbridge.id })
      return trx.selectFrom('child').selectAll().execute()
    })
    expect(southView).toEqual([])
  })

  describe('refuses bad input with a clear report and writes nothing', () => {
    const good = childXml('OK1')
    it.each([
      ['not XML', 'this is a spreadsheet, not XML', /not an XML file/, 1],
      [
        'the wrong root element',
        '<?xml version="1.0"?>\n<Return><Children/></Return>',
        /root element is <Return>/,
        2,
      ],
      [
        'an unknown code',
        censusXml(good + childXml('X1', { ethnicity: 'ZZZZ' })),
        /"ZZZZ" is not a known ethnicity code/,
        ['ZZZZ', 1],
      ],
      [
        'an impossible date',
        censusXml(good + childXml('X2', { birth: '2015-02-30' })),
        /not a real calendar date/,
        ['2015-02-30', 1],
      ],
      [
        'a duplicate child ID',
        censusXml(good + childXml('OK1')),
        /Duplicate LAchildID "OK1"/,
        ['<Child>', 2],
      ],
      ['a truncated file', censusXml(good).slice(0, 900), /looks truncated/, undefined],
      [
        'a DOCTYPE (external entities)',
        '<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Message/>',
        /DOCTYPE declaration is not allowed/,
        2,
      ],
      [
        'two episodes with the same referral date',
        censusXml(
          childXml('D1', {
            extra:
              '<CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><ReferralNFA>true</ReferralNFA></CINdetails>',
          }),
        ),
        /two <CINdetails> have the same referral date 2024-05-01/,
        ['<Child>', 1],
      ],
      ['no children', censusXml(''), /no <Child> records/, undefined],
    ] as [string, string, RegExp, number | [string, number] | undefined][])(
      '%s',
      async (_name, xml, message, where) => {
        const line = Array.isArray(where) ? lineOf(xml, ...where) : where
        const outcome = await importInto(writeFile('bad.xml', xml))
        expect(outcome.ok).toBe(false)
        if (outcome.ok) return
        const problem = outcome.problems.find(p => message.test(p.message))
        expect(problem, JSON.stringify(outcome.problems)).toBeDefined()
        if (line !== undefined) expect(problem?.line).toBe(line)
        for (const table of CHILD_TABLES) expect(await countRows(t, table), table).toBe(0)
        const log = await t.database.owner
          .selectFrom('census_import')
          .selectAll()
          .executeTakeFirstOrThrow()
        expect(log.status).toBe('failed')
      },
    )
  })

  it('imports from the command line into the partnership named by its slug', async () => {
    const path = writeFile('cli.xml', censusXml(childXml('C1')))
    const stdout = capture()
    const stderr = capture()
    const code = await runImportCommand(
      t.database,
      { file: path, partnership: 'southbridge' },
      {
        stdout: stdout.stream,
        stderr: stderr.stream,
      },
    )
    expect(code).toBe(0)
    expect(stdout.text()).toMatch(/Imported 1 children into southbridge/)
    const child = await t.database.owner.selectFrom('child').selectAll().executeTakeFirstOrThrow()
    expect(child.partnership_id).toBe(t.southbridge.id)
  })

  it('exits 1 from the command line and lists the problems with their lines', async () => {
    const path = writeFile('cli-bad.xml', censusXml(childXml('C1', { birth: '2015-13-01' })))
    const stdout = capture()
    const stderr = capture()
    const code = await runImportCommand(
      t.database,
      { file: path, partnership: 'northbridge' },
      {
        stdout: stdout.stream,
        stderr: stderr.stream,
      },
    )
    expect(code).toBe(1)
    expect(stderr.text()).toMatch(/Nothing was imported/)
    expect(stderr.text()).toMatch(/line \d+: <PersonBirthDate> "2015-13-01"/)
    expect(await countRows(t, 'child')).toBe(0)
  })

  it('asks which partnership when there are several and none is named', async () => {
    const stdout = capture()
    const stderr = capture()
    const code = await runImportCommand(
      t.database,
      { file: 'x.xml' },
      { stdout: stdout.stream, stderr: stderr.stream },
    )
    expect(code).toBe(2)
    expect(stderr.text()).toMatch(/--partnership/)
  })
})
