/**
 * Our (rule, child) findings on the reference's own fake files equal the reference validator's,
 * except where the reference is wrong. Each difference is listed here with its reason, and is
 * its own test.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateCensusFile } from '../../../src/modules/census/validator.js'
import { hasSharedData, SHARED_CIN_DIR, SHARED_SKIP_MESSAGE } from './helpers.js'

interface ReferenceFindings {
  ruleset: string
  files: Record<string, { pairs: string[]; returnLevel: string[] }>
}

const reference = JSON.parse(
  readFileSync(new URL('fixtures/reference-findings.json', import.meta.url), 'utf8'),
) as ReferenceFindings

interface KnownDifference {
  files: string[]
  finding: string
  foundBy: 'us only' | 'the reference only'
  why: string
}

const SMALL_FILES = [
  'CIN2rows.xml',
  'CIN_Census_2021.xml',
  'CIN_Census_2021_copy.xml',
  'CIN_Census_2021_no_assessment_factors.xml',
  'CIN_Census_2024.xml',
  'CIN_Census_2026.xml',
  'CIN_header_issues_100.xml',
  'CIN_la_issues_2887Q.xml',
]
const FILES_WITH_1066_BIRTH = [
  'CIN_Census_2021.xml',
  'CIN_header_issues_100.xml',
  'CIN_la_issues_2887Q.xml',
]

const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    files: SMALL_FILES,
    finding: '1560Q DfEX0000001',
    foundBy: 'the reference only',
    why: 'the former UPN X98765432123B is a temporary UPN (letter in position 13), a form the XSD allows; the reference demands 12 digits after the first letter',
  },
  {
    files: [
      'CIN2rows.xml',
      'CIN_Census_2021_copy.xml',
      'CIN_Census_2021_no_assessment_factors.xml',
    ],
    finding: '8565 DfEX0000001',
    foundBy: 'us only',
    why: 'the protection plan ends on 14 March, after the episode closed on 27 February; the reference checks a hard-coded test frame instead of the file’s plans',
  },
  {
    files: FILES_WITH_1066_BIRTH,
    finding: '8525Q DfEX0000001',
    foundBy: 'us only',
    why: 'the child has both a date of birth and an expected date of birth (1066-04-13); pandas turns dates before 1677 into NaT, so the reference never sees the second',
  },
  {
    files: FILES_WITH_1066_BIRTH,
    finding: '8530Q DfEX0000001',
    foundBy: 'us only',
    why: 'the expected date of birth 1066-04-13 is far outside the census range; the reference reads it as missing (pandas cannot hold dates before 1677)',
  },
  {
    files: FILES_WITH_1066_BIRTH,
    finding: '2886Q ',
    foundBy: 'the reference only',
    why: 'the only child has an expected date of birth, so is excluded as unborn; the reference lost that date (before 1677) and counts a born child with no Sex',
  },
  {
    files: ['fake_CIN_data.xml'],
    finding: '8569Q RND000200693458',
    foundBy: 'the reference only',
    why: 'the NFA referral is on 21 July 2021, the working day before the collection start (22 July 2021): not before it. The reference’s cut-off is the start itself (CustomBusinessDay(0))',
  },
  {
    files: ['fake_CIN_data.xml'],
    finding: '2887Q ',
    foundBy: 'the reference only',
    why: 'the return uses 12 different disability codes; the reference counts how many children have NONE (6) instead of how many codes are used',
  },
]

async function ourFindings(file: string): Promise<Set<string>> {
  const found = new Set<string>()
  const findings = validateCensusFile(join(SHARED_CIN_DIR, 'fake', file), { year: '2024-25' })
  for await (const finding of findings) found.add(`${finding.ruleCode} ${finding.laChildId}`)
  return found
}

function referenceFindings(file: string): Set<string> {
  const entry = reference.files[file]
  if (!entry) throw new Error(`no reference findings for ${file}`)
  return new Set([...entry.pairs, ...entry.returnLevel.map(code => `${code} `)])
}

const differencesIn = (file: string) => KNOWN_DIFFERENCES.filter(d => d.files.includes(file))

describe.skipIf(!hasSharedData)(
  `agreement with the reference validator${hasSharedData ? '' : ` (skipped: ${SHARED_SKIP_MESSAGE})`}`,
  () => {
    const files = hasSharedData
      ? readdirSync(join(SHARED_CIN_DIR, 'fake')).filter(name => name.endsWith('.xml'))
      : []

    it('has reference findings for every fake file', () => {
      expect(Object.keys(reference.files).sort()).toEqual([...files].sort())
    })

    it.each(files)('agrees on %s apart from the known differences', async file => {
      const ours = await ourFindings(file)
      const theirs = referenceFindings(file)
      const onlyOurs = [...ours].filter(f => !theirs.has(f)).sort()
      const onlyTheirs = [...theirs].filter(f => !ours.has(f)).sort()
      const expected = differencesIn(file)
      expect(onlyOurs).toEqual(
        expected
          .filter(d => d.foundBy === 'us only')
          .map(d => d.finding)
          .sort(),
      )
      expect(onlyTheirs).toEqual(
        expected
          .filter(d => d.foundBy === 'the reference only')
          .map(d => d.finding)
          .sort(),
      )
    })

    for (const difference of KNOWN_DIFFERENCES) {
      const [code] = difference.finding.split(' ')
      it(`rule ${code ?? ''} differs (found by ${difference.foundBy}) because ${difference.why}`, async () => {
        for (const file of difference.files) {
          const ours = await ourFindings(file)
          const theirs = referenceFindings(file)
          expect(ours.has(difference.finding)).toBe(difference.foundBy === 'us only')
          expect(theirs.has(difference.finding)).toBe(difference.foundBy === 'the reference only')
        }
      })
    }
  },
)
