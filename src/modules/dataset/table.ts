import type { Generated } from 'kysely'

type Numeric = string | number

export interface DatasetSettingTable {
  partnershipId: string
  laNumber: number | null
  dfeCalendar: Generated<'england-and-wales' | 'partnership'>
  updatedAt: Generated<Date>
}

export interface DatasetPopulationTable {
  id: Generated<string>
  partnershipId: string
  year: number
  ageBand: string
  population: number
  source: string
  importedAt: Generated<Date>
}

export interface DatasetTargetTable {
  id: Generated<string>
  partnershipId: string
  indicatorKey: string
  year: number
  polarity: 'higher' | 'lower' | 'range'
  target: Numeric | null
  rangeLow: Numeric | null
  rangeHigh: Numeric | null
  tolerance: Generated<Numeric>
  notes: string | null
  updatedAt: Generated<Date>
  updatedBy: string | null
}

export interface DatasetTables {
  datasetSetting: DatasetSettingTable
  datasetPopulation: DatasetPopulationTable
  datasetTarget: DatasetTargetTable
}
