import { makeMemoryStore } from '../../../src/adapters/memory/index.js'
import {
  checkpointStoreConformance,
  eventStoreConformance,
  snapshotStoreConformance,
} from '../../../src/testing/eventStoreConformance.js'

const makeStore = async () => ({ store: makeMemoryStore() })

eventStoreConformance('memory store', makeStore)
snapshotStoreConformance('memory store', makeStore)
checkpointStoreConformance('memory store', makeStore)
