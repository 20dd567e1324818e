import type { ReportKind, SectionKind } from './table.js'

export interface TemplateSection {
  kind: SectionKind
  title: string
  block?: string
  body?: string
}

/**
 * The full report in the order of Milton Keynes' 2016/17 annual report: the chair's foreword,
 * local context, governance, the child protection figures, what the sub-groups did, case reviews,
 * child deaths, allegations, training, self-assessment returns, agency contributions, the voice of
 * children, next year's priorities, then the appendices (attendance, budget).
 */
export const MILTON_KEYNES_2016_17: TemplateSection[] = [
  { kind: 'narrative', title: 'Foreword by the Independent Chair' },
  { kind: 'narrative', title: 'Local context' },
  { kind: 'narrative', title: 'Governance and accountability' },
  { kind: 'figures', title: 'Child protection in our area', block: 'child-protection' },
  {
    kind: 'narrative',
    title: 'What the sub-groups did',
    body: '## How much did we do?\n\n## How well did we do it?\n\n## Is anyone better off?\n',
  },
  { kind: 'module', title: 'Case reviews', block: 'case-reviews' },
  { kind: 'module', title: 'Child death reviews', block: 'cdop' },
  { kind: 'module', title: 'Allegations against people who work with children', block: 'lado' },
  { kind: 'module', title: 'Multi-agency training', block: 'training' },
  { kind: 'module', title: 'Section 11 and Section 175 returns', block: 'assurance-returns' },
  { kind: 'narrative', title: 'The voice of children and young people' },
  { kind: 'narrative', title: 'Priorities for next year' },
  { kind: 'module', title: 'Appendix A: attendance at board meetings', block: 'attendance' },
  { kind: 'module', title: 'Appendix B: budget', block: 'budget' },
]

/** The young people's version: short, plain words, drawn from the same year's figures. */
export const YOUNG_PEOPLE: TemplateSection[] = [
  {
    kind: 'narrative',
    title: 'Who we are',
    body: 'We are the people in our area whose job is to keep children and young people safe: the council, the police, health services and schools working together.',
  },
  { kind: 'figures', title: 'What we found this year', block: 'child-protection' },
  { kind: 'narrative', title: 'What we did to keep you safe' },
  { kind: 'narrative', title: 'What you told us' },
  { kind: 'narrative', title: 'What we will do next year' },
  {
    kind: 'narrative',
    title: 'Where to get help',
    body: 'If you are worried about yourself or a friend, talk to an adult you trust, or call Childline free on 0800 1111.',
  },
]

export const TEMPLATES: Record<ReportKind, TemplateSection[]> = {
  full: MILTON_KEYNES_2016_17,
  'young-people': YOUNG_PEOPLE,
}
