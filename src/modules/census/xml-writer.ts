/**
 * Census XML serialisation: the model written back as CIN census XML, element order following
 * the XSD sequence. Used by the generator, the demo and the census export.
 */
import type {
  Assessment,
  CensusChild,
  CensusHeader,
  ChildProtectionPlan,
  CinEpisode,
} from './model.js'

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, c => `&#${c.charCodeAt(0)};`)
}

function element(name: string, value: string | undefined, indent: string): string {
  return value === undefined ? '' : `${indent}<${name}>${escapeXml(value)}</${name}>\n`
}

export function headerXml(h: CensusHeader): string {
  return (
    '  <Header>\n    <CollectionDetails>\n' +
    element('Collection', h.collection, '      ') +
    element('Year', h.year, '      ') +
    element('ReferenceDate', h.referenceDate, '      ') +
    '    </CollectionDetails>\n    <Source>\n' +
    element('SourceLevel', h.sourceLevel, '      ') +
    element('LEA', h.lea, '      ') +
    element('SoftwareCode', h.softwareCode, '      ') +
    element('Release', h.release, '      ') +
    element('SerialNo', h.serialNo, '      ') +
    element('DateTime', h.dateTime, '      ') +
    '    </Source>\n  </Header>\n'
  )
}

export function childXml(child: CensusChild): string {
  const i = child.identifiers
  const ind = '        '
  const disabilities =
    child.disabilities.length === 0
      ? ''
      : `${ind}<Disabilities>\n${child.disabilities.map(d => element('Disability', d, `${ind}  `)).join('')}${ind}</Disabilities>\n`
  return (
    '    <Child>\n      <ChildIdentifiers>\n' +
    element('LAchildID', i.laChildId, ind) +
    element('UPN', i.upn, ind) +
    element('FormerUPN', i.formerUpn, ind) +
    element('UPNunknown', i.upnUnknown, ind) +
    element('PersonBirthDate', i.personBirthDate, ind) +
    element('ExpectedPersonBirthDate', i.expectedPersonBirthDate, ind) +
    element('GenderCurrent', i.genderCurrent, ind) +
    element('Sex', i.sexElement, ind) +
    element('PersonDeathDate', i.personDeathDate, ind) +
    '      </ChildIdentifiers>\n      <ChildCharacteristics>\n' +
    element('Ethnicity', child.ethnicity, ind) +
    disabilities +
    '      </ChildCharacteristics>\n' +
    child.episodes.map(episodeXml).join('') +
    '    </Child>\n'
  )
}

function episodeXml(e: CinEpisode): string {
  const ind = '        '
  return (
    '      <CINdetails>\n' +
    element('CINreferralDate', e.referralDate, ind) +
    element('ReferralSource', e.referralSource, ind) +
    element('PrimaryNeedCode', e.primaryNeedCode, ind) +
    element('CINclosureDate', e.closureDate, ind) +
    element('ReasonForClosure', e.reasonForClosure, ind) +
    element('DateOfInitialCPC', e.dateOfInitialCpc, ind) +
    e.assessments.map(assessmentXml).join('') +
    e.cinPlans
      .map(
        p =>
          `${ind}<CINPlanDates>\n${element('CINPlanStartDate', p.startDate, `${ind}  `)}${element('CINPlanEndDate', p.endDate, `${ind}  `)}${ind}</CINPlanDates>\n`,
      )
      .join('') +
    e.section47s
      .map(
        s =>
          `${ind}<Section47>\n${element('S47ActualStartDate', s.startDate, `${ind}  `)}${element('InitialCPCtarget', s.icpcTargetDate, `${ind}  `)}${element('DateOfInitialCPC', s.dateOfInitialCpc, `${ind}  `)}${element('ICPCnotRequired', s.icpcNotRequired, `${ind}  `)}${ind}</Section47>\n`,
      )
      .join('') +
    element('ReferralNFA', e.referralNfa, ind) +
    e.childProtectionPlans.map(planXml).join('') +
    '      </CINdetails>\n'
  )
}

function assessmentXml(a: Assessment): string {
  const ind = '          '
  const factors = a.factors
    ? `${ind}<FactorsIdentifiedAtAssessment>\n${a.factors.map(f => element('AssessmentFactors', f, `${ind}  `)).join('')}${ind}</FactorsIdentifiedAtAssessment>\n`
    : ''
  return (
    '        <Assessments>\n' +
    element('AssessmentActualStartDate', a.startDate, ind) +
    element('AssessmentInternalReviewDate', a.internalReviewDate, ind) +
    element('AssessmentAuthorisationDate', a.authorisationDate, ind) +
    factors +
    '        </Assessments>\n'
  )
}

function planXml(p: ChildProtectionPlan): string {
  const ind = '          '
  const reviews =
    p.reviewDates.length === 0
      ? ''
      : `${ind}<Reviews>\n${p.reviewDates.map(d => `${ind}  <CPPreviewDate>${d ?? ''}</CPPreviewDate>\n`).join('')}${ind}</Reviews>\n`
  return (
    '        <ChildProtectionPlans>\n' +
    element('CPPstartDate', p.startDate, ind) +
    element('CPPendDate', p.endDate, ind) +
    element('InitialCategoryOfAbuse', p.initialCategoryOfAbuse, ind) +
    element('LatestCategoryOfAbuse', p.latestCategoryOfAbuse, ind) +
    element('NumberOfPreviousCPP', p.numberOfPreviousCpp, ind) +
    reviews +
    '        </ChildProtectionPlans>\n'
  )
}
