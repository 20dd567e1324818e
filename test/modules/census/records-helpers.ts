import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import type { TestApp } from '../../helpers/test-app.js'

export const workDir = mkdtempSync(join(tmpdir(), 'census-records-'))

export function writeFile(name: string, text: string): string {
  const path = join(workDir, name)
  writeFileSync(path, text)
  return path
}

export function capture() {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

/** A small, valid 2024/25 return; `child` replaces the children. */
export function censusXml(children: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>Test</SoftwareCode><Release>1</Release><SerialNo>001</SerialNo><DateTime>2025-04-01T09:00:00</DateTime></Source>
  </Header>
  <Children>
${children}
  </Children>
</Message>
`
}

export function childXml(
  id: string,
  parts: { ethnicity?: string; birth?: string; closure?: string; extra?: string } = {},
): string {
  return `    <Child>
      <ChildIdentifiers>
        <LAchildID>${id}</LAchildID>
        <UPNunknown>UN2</UPNunknown>
        <PersonBirthDate>${parts.birth ?? '2015-06-01'}</PersonBirthDate>
        <Sex>F</Sex>
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>${parts.ethnicity ?? 'WBRI'}</Ethnicity>
        <Disabilities><Disability>NONE</Disability></Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2024-05-01</CINreferralDate>
        <ReferralSource>1A</ReferralSource>
        <PrimaryNeedCode>N1</PrimaryNeedCode>
        ${parts.closure ? `<CINclosureDate>${parts.closure}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>` : ''}
        <Assessments>
          <AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2024-06-10</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2024-05-03</S47ActualStartDate>
          <InitialCPCtarget>2024-05-24</InitialCPCtarget>
          <DateOfInitialCPC>2024-05-22</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <ReferralNFA>false</ReferralNFA>
        <ChildProtectionPlans>
          <CPPstartDate>2024-05-22</CPPstartDate>
          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>1</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2024-08-20</CPPreviewDate><CPPreviewDate>2025-02-11</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>${parts.extra ?? ''}
    </Child>`
}

/** Every child-level row of a partnership, without ids or timestamps, in a stable order. */
export async function snapshot(t: TestApp, partnershipId: string) {
  const owner = t.database.owner
  const children = await owner
    .selectFrom('child')
    .select([
      'id',
      'la_child_id',
      'upn',
      'former_upn',
      'upn_unknown',
      'birth_date',
      'expected_birth_date',
      'sex',
      'death_date',
      'ethnicity',
      'disabilities',
    ])
    .where('partnership_id', '=', partnershipId)
    .orderBy('la_child_id')
    .execute()
  const byChild = new Map(children.map(c => [c.id, c.la_child_id]))
  const episodes = await owner
    .selectFrom('cin_episode')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .execute()
  const episodeKey = new Map(
    episodes.map(e => [e.id, `${byChild.get(e.child_id)} ${e.referral_date}`]),
  )
  const strip = (
    rows: Record<string, unknown>[],
    parent: (row: Record<string, unknown>) => string,
  ) =>
    rows
      .map(
        ({
          id: _id,
          partnership_id: _p,
          episode_id,
          child_id,
          created_at: _c,
          updated_at: _u,
          ...rest
        }) => ({
          parent: parent({ episode_id, child_id }),
          ...rest,
        }),
      )
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
  const sub = async (table: string) =>
    strip(
      await owner
        .selectFrom(table)
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .execute(),
      row => episodeKey.get(row.episode_id) ?? '',
    )
  return {
    children: children.map(({ id: _id, ...rest }) => rest),
    episodes: strip(episodes, row => byChild.get(row.child_id) ?? ''),
    assessments: await sub('assessment'),
    cinPlans: await sub('cin_plan'),
    section47s: await sub('section47'),
    plans: await sub('child_protection_plan'),
    preProceedings: await sub('pre_proceedings'),
  }
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const row = await t.database.owner
    .selectFrom(table)
    .select(eb => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
