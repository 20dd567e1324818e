/** Rules on assessments and the factors identified at assessment. */
import { ASSESSMENT_FACTOR_CODES } from '../codes.js'
import type { Assessment } from '../model.js'
import { isBefore, isOutside } from './dates.js'
import { overdueCutOff } from './timescales.js'
import { childRule } from './types.js'

const NO_FACTORS_IDENTIFIED = '21'

const factorsText = (assessment: Assessment) => assessment.factors?.join(' ')

export const rule1103 = childRule({
  code: '1103',
  message: 'The assessment start date cannot be before the referral date',
  fields: ['AssessmentActualStartDate', 'CINreferralDate'],
  check({ episodes }, _context, report) {
    for (const { referralDate, assessments } of episodes) {
      for (const { startDate } of assessments) {
        if (isBefore(startDate, referralDate)) {
          report({ AssessmentActualStartDate: startDate, CINreferralDate: referralDate })
        }
      }
    }
  },
})

export const rule8608 = childRule({
  code: '8608',
  message: 'Assessment Start Date cannot be later than its End Date',
  fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
  check({ episodes }, _context, report) {
    for (const { assessments } of episodes) {
      for (const { startDate, authorisationDate } of assessments) {
        if (isBefore(authorisationDate, startDate)) {
          report({
            AssessmentActualStartDate: startDate,
            AssessmentAuthorisationDate: authorisationDate,
          })
        }
      }
    }
  },
})

export const rule8614 = childRule({
  code: '8614',
  message:
    'Parental or child factors at assessment should only be present for a completed assessment.',
  fields: ['AssessmentAuthorisationDate', 'AssessmentFactors'],
  check({ episodes }, _context, report) {
    for (const { assessments } of episodes) {
      for (const assessment of assessments) {
        if (assessment.authorisationDate === undefined && assessment.factors) {
          report({
            AssessmentAuthorisationDate: undefined,
            AssessmentFactors: factorsText(assessment),
          })
        }
      }
    }
  },
})

export const rule8670Q = childRule({
  code: '8670Q',
  message:
    'Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.',
  fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
  check({ episodes }, { referenceDate, calendar }, report) {
    const cutOff = overdueCutOff(referenceDate, 45, calendar)
    for (const { assessments } of episodes) {
      for (const { startDate, authorisationDate } of assessments) {
        if (authorisationDate === undefined && isBefore(startDate, cutOff)) {
          report({ AssessmentActualStartDate: startDate, AssessmentAuthorisationDate: undefined })
        }
      }
    }
  },
})

export const rule8696 = childRule({
  code: '8696',
  message: 'Assessment end date must fall within the census year',
  fields: ['AssessmentAuthorisationDate', 'ReferenceDate'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const { assessments } of episodes) {
      for (const { authorisationDate } of assessments) {
        if (isOutside(authorisationDate, collectionStart, referenceDate)) {
          report({ AssessmentAuthorisationDate: authorisationDate, ReferenceDate: referenceDate })
        }
      }
    }
  },
})

export const rule8736 = childRule({
  code: '8736',
  message:
    'For an Assessment that has not been completed, the start date must fall within the census year',
  fields: ['AssessmentAuthorisationDate', 'AssessmentActualStartDate'],
  check({ episodes }, { collectionStart, referenceDate }, report) {
    for (const { assessments } of episodes) {
      for (const { startDate, authorisationDate } of assessments) {
        if (authorisationDate !== undefined) continue
        if (startDate === undefined || isOutside(startDate, collectionStart, referenceDate)) {
          report({ AssessmentAuthorisationDate: undefined, AssessmentActualStartDate: startDate })
        }
      }
    }
  },
})

export const rule8863Q = childRule({
  code: '8863Q',
  message: 'An Assessment is shown as starting when there is another Assessment ongoing.',
  fields: ['AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
  check({ episodes }, { referenceDate }, report) {
    for (const { assessments } of episodes) {
      for (const [i, later] of assessments.entries()) {
        const start = later.startDate
        if (start === undefined) continue
        // Ongoing means from its start to its completion, both days included.
        const ongoing = assessments.find(
          (other, j) =>
            i !== j &&
            other.startDate !== undefined &&
            start >= other.startDate &&
            start <= (other.authorisationDate ?? referenceDate),
        )
        if (ongoing) {
          report({
            AssessmentActualStartDate: start,
            AssessmentAuthorisationDate: ongoing.authorisationDate,
          })
        }
      }
    }
  },
})

export const rule8869 = childRule({
  code: '8869',
  message:
    'The assessment factors code “21” cannot be used in conjunction with any other assessment factors.',
  fields: ['AssessmentFactors'],
  check({ episodes }, _context, report) {
    for (const { assessments } of episodes) {
      for (const assessment of assessments) {
        const factors = assessment.factors ?? []
        if (
          factors.includes(NO_FACTORS_IDENTIFIED) &&
          factors.some(f => f !== NO_FACTORS_IDENTIFIED)
        ) {
          report({ AssessmentFactors: factorsText(assessment) })
        }
      }
    }
  },
})

export const rule8873Q = childRule({
  code: '8873Q',
  message:
    "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
  fields: ['ReasonForClosure', 'AssessmentFactors'],
  check({ episodes }, _context, report) {
    for (const { assessments, reasonForClosure } of episodes) {
      const [only] = assessments
      if (assessments.length !== 1 || !only || only.authorisationDate === undefined) continue
      if (!only.factors?.includes(NO_FACTORS_IDENTIFIED)) continue
      if (reasonForClosure !== 'RC8' && reasonForClosure !== 'RC9') {
        report({ ReasonForClosure: reasonForClosure, AssessmentFactors: factorsText(only) })
      }
    }
  },
})

export const rule8896 = childRule({
  code: '8896',
  message: 'Within one CINDetails group there are 2 or more open Assessments groups',
  fields: ['AssessmentAuthorisationDate'],
  check({ episodes }, _context, report) {
    for (const { assessments } of episodes) {
      const open = assessments.filter(a => a.authorisationDate === undefined)
      if (open.length > 1) report({ AssessmentAuthorisationDate: undefined })
    }
  },
})

export const rule8897Q = childRule({
  code: '8897Q',
  message:
    'Parental or child factors at assessment information is missing from a completed assessment',
  fields: ['AssessmentAuthorisationDate', 'AssessmentFactors'],
  check({ episodes }, { collectionStart }, report) {
    for (const { assessments } of episodes) {
      for (const assessment of assessments) {
        const { authorisationDate, factors } = assessment
        if (authorisationDate === undefined || authorisationDate < collectionStart) continue
        if (!factors || factors.some(code => !ASSESSMENT_FACTOR_CODES.has(code))) {
          report({
            AssessmentAuthorisationDate: authorisationDate,
            AssessmentFactors: factorsText(assessment),
          })
        }
      }
    }
  },
})

export const rule8898 = childRule({
  code: '8898',
  message: ' The assessment has more than one parental or child factors with the same code',
  fields: ['AssessmentFactors'],
  check({ episodes }, _context, report) {
    for (const { assessments } of episodes) {
      for (const assessment of assessments) {
        const factors = assessment.factors ?? []
        if (new Set(factors).size < factors.length) {
          report({ AssessmentFactors: factorsText(assessment) })
        }
      }
    }
  },
})

function withdrawnFactorRule(code: '8945Q' | '8950Q', factor: string, replacements: string) {
  return childRule({
    code,
    message: `Please check and either amend data or provide a reason: the assessment factors code '${factor}' should not be used (${replacements} should be used instead)`,
    fields: ['AssessmentFactors'],
    check({ episodes }, _context, report) {
      for (const { assessments } of episodes) {
        for (const assessment of assessments) {
          if (assessment.factors?.some(f => f.toUpperCase() === factor)) {
            report({ AssessmentFactors: factorsText(assessment) })
          }
        }
      }
    },
  })
}

export const rule8945Q = withdrawnFactorRule('8945Q', '18A', "'18B' or '18C'")
export const rule8950Q = withdrawnFactorRule('8950Q', '19A', "'19B' or '19C'")
