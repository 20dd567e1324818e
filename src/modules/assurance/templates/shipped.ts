import type { Area, Question, QuestionType, TemplateDefinition } from './definition.js'

/**
 * The self-assessments Keepsafe ships. Each partnership gets version 1 of each the first time it
 * opens its templates; the business unit's changes become later versions.
 */

export interface ShippedTemplate {
  key: string
  title: string
  /** A standard scoring below this percentage needs an action. */
  threshold: number
  /** The return rate a cycle of this template aims for. */
  targetPercent: number
  definition: TemplateDefinition
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)

function scored(type: QuestionType, text: string): Question[] {
  return [
    { key: 'score', text, type, required: true },
    { key: 'evidence-notes', text: 'What evidence shows this?', type: 'text', required: false },
    { key: 'evidence', text: 'Upload evidence (optional)', type: 'evidence', required: false },
  ]
}

/** Areas from titles, each with its standards as [title, guidance] pairs. */
function areas(type: QuestionType, question: string, spec: [string, [string, string][]][]): Area[] {
  return spec.map(([title, standards], index) => ({
    key: `a${index + 1}-${slug(title)}`.slice(0, 40),
    title,
    standards: standards.map(([standard, guidance], position) => ({
      key: `a${index + 1}s${position + 1}`,
      title: standard,
      guidance,
      questions: scored(type, question),
    })),
  }))
}

const S11_QUESTION = 'How far does your agency meet this standard (percentage)?'

/** The thirteen key areas of the Birmingham 2016/17 Section 11 tool, in its order. */
export const SECTION_11_KEY_AREAS = [
  'Management commitment and delegation',
  'Policies and procedures',
  'Accountability Framework',
  'Services to children, young people and families',
  'Training',
  'Supervision',
  'Safer recruitment',
  'Working with agencies',
  'Information sharing',
  'Restraint',
  'Addressing domestic violence',
  'Addressing child sexual exploitation',
  'Addressing radicalisation',
] as const

const s11 = (area: string): [string, string][] => [
  [
    `${area}: senior leadership`,
    `A named senior lead is accountable for ${area.toLowerCase()}, reporting to the board of the agency.`,
  ],
  [
    `${area}: practice and monitoring`,
    `Staff know and follow the agency's arrangements for ${area.toLowerCase()}; compliance is audited.`,
  ],
]

export const SHIPPED_TEMPLATES: ShippedTemplate[] = [
  {
    key: 'section-11',
    title: 'Section 11 self-assessment',
    threshold: 100,
    targetPercent: 100,
    definition: {
      description:
        'The Children Act 2004 section 11 duties of statutory agencies, in thirteen key areas.',
      areas: areas(
        'percentage',
        S11_QUESTION,
        SECTION_11_KEY_AREAS.map(area => [area, s11(area)]),
      ),
    },
  },
  {
    key: 'section-175-157',
    title: 'Section 175/157 schools safeguarding audit',
    threshold: 100,
    targetPercent: 95,
    definition: {
      description:
        'The Education Act 2002 section 175 (maintained schools) and section 157 (academies and independent schools) safeguarding duties.',
      areas: areas('yes-no-partly', 'Does the school meet this standard?', [
        [
          'Leadership and governance',
          [
            [
              'A governor leads on safeguarding',
              'Name the governor and the date of their training.',
            ],
            ['The safeguarding policy is reviewed every year', 'Give the date of the last review.'],
          ],
        ],
        [
          'Designated safeguarding lead',
          [
            [
              'The DSL and deputies are trained every two years',
              'DSL training feeds the partnership’s training needs analysis.',
            ],
            ['The DSL has time and resources for the role', 'Describe protected time.'],
          ],
        ],
        [
          'Safer recruitment',
          [
            [
              'The single central record is complete',
              'Checks for every member of staff and regular volunteer.',
            ],
            ['A trained person sits on every interview panel', 'Safer recruitment training dates.'],
          ],
        ],
        [
          'Staff training and induction',
          [['All staff have annual safeguarding training', 'Include online safety and Prevent.']],
        ],
        [
          'Working with others',
          [
            [
              'Concerns are referred and escalated in line with thresholds',
              'Use the partnership’s threshold document.',
            ],
          ],
        ],
        [
          'Pupils’ voice and online safety',
          [
            [
              'Pupils are taught how to keep safe, including online',
              'Curriculum and filtering arrangements.',
            ],
          ],
        ],
      ]),
    },
  },
  {
    key: 'voluntary-sector',
    title: 'Voluntary sector safeguarding self-assessment (short)',
    threshold: 100,
    targetPercent: 80,
    definition: {
      description: 'A short version of Section 11 for voluntary and community groups.',
      areas: areas('yes-no-partly', 'Does your organisation meet this standard?', [
        ['Policy', [['You have a safeguarding policy, reviewed every year', 'Attach the policy.']]],
        [
          'People',
          [
            [
              'You have a named safeguarding lead and check staff and volunteers',
              'DBS checks where eligible.',
            ],
          ],
        ],
        [
          'Practice',
          [['Staff and volunteers know how to report a concern', 'Training and induction.']],
        ],
      ]),
    },
  },
  {
    key: 'cse-self-assessment',
    title: 'Child sexual exploitation self-assessment',
    threshold: 100,
    targetPercent: 100,
    definition: {
      description: 'Each agency’s response to child sexual exploitation, against the four Ps.',
      areas: areas('rag', 'Rate your agency against this standard', [
        [
          'Prevent',
          [['Staff recognise the signs of exploitation', 'Training and screening tools.']],
        ],
        [
          'Protect',
          [
            [
              'Children at risk are referred and protected without delay',
              'Use of the screening tool and MASE.',
            ],
          ],
        ],
        [
          'Pursue',
          [
            [
              'Intelligence is shared to disrupt perpetrators',
              'Information shared with the police.',
            ],
          ],
        ],
        ['Partnership', [['The agency takes part in the MASE panel', 'Attendance and actions.']]],
      ]),
    },
  },
  {
    key: 'safer-recruitment',
    title: 'Safer recruitment self-assessment',
    threshold: 100,
    targetPercent: 100,
    definition: {
      description: 'Safer recruitment and safe working, in four areas.',
      areas: areas('yes-no-partly', 'Does your organisation meet this standard?', [
        [
          'Recruitment',
          [['Every post is recruited safely', 'References, identity, DBS and gaps in employment.']],
        ],
        [
          'Induction',
          [['Every new starter has safeguarding induction and guidance', 'Induction records.']],
        ],
        [
          'Safe working culture',
          [['A code of conduct and whistleblowing policy are known by all', 'Staff survey.']],
        ],
        [
          'Monitoring',
          [['Safer recruitment is monitored and audited', 'Audit of personnel files.']],
        ],
      ]),
    },
  },
  {
    key: 'board-effectiveness',
    title: 'Board effectiveness self-assessment',
    threshold: 75,
    targetPercent: 100,
    definition: {
      description: 'Board members assess how well the partnership board works.',
      areas: areas('grade', 'Grade the board against this standard', [
        [
          'Leadership',
          [['The board sets clear priorities and holds partners to them', 'Business plan.']],
        ],
        ['Challenge', [['Members challenge each other and record it', 'Challenge log.']]],
        ['Learning', [['Learning from reviews changes practice', 'Reviews and audits.']]],
        ['Voice of children', [['Children’s views shape the board’s work', 'Consultations.']]],
      ]),
    },
  },
]
