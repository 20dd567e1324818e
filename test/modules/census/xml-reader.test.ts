import { describe, expect, it } from 'vitest'
import {
  CensusFormatError,
  readCensus,
  type CensusEvent,
} from '../../../src/modules/census/xml-reader.js'

async function read(xml: string, chunkSize = xml.length): Promise<CensusEvent[]> {
  const chunks: string[] = []
  for (let i = 0; i < xml.length; i += chunkSize) chunks.push(xml.slice(i, i + chunkSize))
  const events: CensusEvent[] = []
  for await (const event of readCensus(chunks)) events.push(event)
  return events
}

const header = `<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>
<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>201</LEA></Source></Header>`

function census(children: string): string {
  return `<?xml version="1.0"?>\n<Message>${header}<Children>${children}</Children></Message>`
}

const CHILD = `<Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate>
<Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>
<Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate>
<FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors><AssessmentFactors>4B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
<ReferralNFA>FALSE</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2024-05-22</CPPstartDate><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
<Reviews><CPPreviewDate>2024-08-14</CPPreviewDate><CPPreviewDate>2025-02-10</CPPreviewDate></Reviews></ChildProtectionPlans>
</CINdetails></Child>`

const children = (events: CensusEvent[]) =>
  events.flatMap(e => (e.kind === 'child' ? [e.child] : []))
const issues = (events: CensusEvent[]) => events.flatMap(e => (e.kind === 'issue' ? [e.issue] : []))

async function failure(xml: string): Promise<CensusFormatError> {
  const error: unknown = await read(xml).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CensusFormatError))
    throw new Error(`expected a CensusFormatError, got ${String(error)}`)
  return error
}

describe('reading a census file', () => {
  it('yields the header, then each child as a typed record', async () => {
    const events = await read(census(CHILD))
    expect(events[0]).toMatchObject({
      kind: 'header',
      header: { year: '2025', referenceDate: '2025-03-31', lea: '201' },
    })
    const [child] = children(events)
    expect(child?.identifiers).toMatchObject({
      laChildId: 'C1',
      sex: 'F',
      personBirthDate: '2015-06-01',
    })
    expect(child?.episodes[0]?.assessments[0]?.factors).toEqual(['3A', '4B'])
    expect(child?.episodes[0]?.referralNfa).toBe('FALSE')
  })

  it('keeps every review date, and marks an empty one', async () => {
    const withEmptyReview = CHILD.replace('</Reviews>', '<CPPreviewDate/></Reviews>')
    const events = await read(census(withEmptyReview))
    const [child] = children(events)
    expect(child?.episodes[0]?.childProtectionPlans[0]?.reviewDates).toEqual([
      '2024-08-14',
      '2025-02-10',
      undefined,
    ])
    expect(issues(events)).toEqual([{ line: 11, message: '<CPPreviewDate> "" is empty' }])
  })

  it('gives the same records however the file is split into chunks', async () => {
    const whole = children(await read(census(CHILD + CHILD.replace('C1', 'C2'))))
    const byteByByte = children(await read(census(CHILD + CHILD.replace('C1', 'C2')), 7))
    expect(byteByByte).toEqual(whole)
  })

  it('maps the older GenderCurrent to sex', async () => {
    const older = CHILD.replace('<Sex>F</Sex>', '<GenderCurrent>1</GenderCurrent>')
    const [child] = children(await read(census(older)))
    expect(child?.identifiers).toMatchObject({
      genderCurrent: '1',
      sex: 'M',
      sexElement: undefined,
    })
  })

  it('reads the 2025/26 pre-proceedings items', async () => {
    const withPp = CHILD.replace(
      '</CINdetails>',
      '<PreProceedingsandFGDM><PPStartDate>2026-09-09</PPStartDate><PPOutcome>A</PPOutcome></PreProceedingsandFGDM></CINdetails>',
    )
    const [child] = children(await read(census(withPp)))
    expect(child?.episodes[0]?.preProceedings).toEqual([
      expect.objectContaining({ ppStartDate: '2026-09-09', ppOutcome: 'A' }),
    ])
    expect(issues(await read(census(withPp)))).toEqual([])
  })
})

describe('departures from the schema are reported with their line, and reading goes on', () => {
  it('reports an impossible date and treats it as missing', async () => {
    const events = await read(census(CHILD.replace('2024-05-01', '2024-02-30')))
    expect(issues(events)).toEqual([
      { line: 6, message: '<CINreferralDate> "2024-02-30" is not a real calendar date' },
    ])
    expect(children(events)[0]?.episodes[0]?.referralDate).toBeUndefined()
  })

  it('reports an unknown code', async () => {
    const events = await read(census(CHILD.replace('<ReferralSource>1A', '<ReferralSource>1Z')))
    expect(issues(events)[0]?.message).toBe(
      '<ReferralSource> "1Z" is not a known referral source code',
    )
  })

  it('reports an unexpected element', async () => {
    const events = await read(
      census(CHILD.replace('<Sex>F</Sex>', '<Sex>F</Sex><Nickname>x</Nickname>')),
    )
    expect(issues(events)[0]?.message).toBe('Unexpected element <Nickname> in <ChildIdentifiers>')
  })

  it('reports a duplicate child ID, naming the first', async () => {
    const events = await read(census(`${CHILD}\n${CHILD}`))
    expect(issues(events)).toEqual([
      { line: 13, message: 'Duplicate LAchildID "C1": the same ID is on the child at line 3' },
    ])
    expect(children(events)).toHaveLength(2)
  })
})

describe('files that cannot be read', () => {
  it('refuses a DOCTYPE, and with it external entities', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Message><Children/></Message>`
    expect((await failure(xxe)).message).toMatch(/DOCTYPE declaration is not allowed/)
  })

  it('refuses entity expansion', async () => {
    const bomb = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Message>&lol2;</Message>`
    expect((await failure(bomb)).message).toMatch(
      /external entities and entity expansion are refused/,
    )
  })

  it('says when the file is not XML', async () => {
    expect((await failure('LAchildID,UPN\nC1,A123')).message).toBe(
      'line 1: This is not an XML file: it does not start with "<"',
    )
  })

  it('says when the root element is wrong', async () => {
    expect((await failure('<Children><Child/></Children>')).message).toBe(
      'line 1: The root element is <Children>, not <Message>: this is not a CIN census file',
    )
  })

  it('says when the file is truncated', async () => {
    const truncated = census(CHILD).slice(0, 400)
    expect((await failure(truncated)).message).toMatch(
      /The file ends before <\w+> \(opened on line \d+\) is closed: it looks truncated/,
    )
  })

  it('says when the XML is not well formed, with the line', async () => {
    expect((await failure('<Message>\n<Children>\n</Child></Message>')).message).toMatch(
      /^line 3: The XML is not well formed/,
    )
  })

  it('says when the file is empty', async () => {
    expect((await failure('  \n')).message).toBe('The file is empty')
  })
})
