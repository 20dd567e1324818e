import type { JourneyStepKind } from '../table.js'

export const STEP_NAMES: Record<JourneyStepKind, string> = {
  'early-help-to-social-care': 'Stepped up from early help to children’s social care',
  'social-care-to-early-help': 'Stepped down from children’s social care to early help',
  'protection-plan-to-cin-plan':
    'Stepped down from a child protection plan to a child in need plan',
  'cin-plan-to-protection-plan': 'Stepped up from a child in need plan to a child protection plan',
}
