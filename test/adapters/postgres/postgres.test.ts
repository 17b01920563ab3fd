import {
  checkpointStoreConformance,
  eventStoreConformance,
  snapshotStoreConformance,
} from '../../../src/testing/eventStoreConformance.js'
import { makeTestStore } from './fixtures.js'

eventStoreConformance('postgres store', () => makeTestStore(), { numRuns: 25 })
snapshotStoreConformance('postgres store', () => makeTestStore())
checkpointStoreConformance('postgres store', () => makeTestStore())
