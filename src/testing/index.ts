/**
 * The testing kit: given/when/then examples and property laws for deciders (plus the helpers
 * they are built from), and the event store conformance suite. The decider kit imports no Node
 * module and no test runner, so it runs wherever fast-check runs; the conformance suite
 * registers vitest tests.
 *
 * @since 0.1.0
 */
export * from './AssertionError.js'
export * from './DeciderLawError.js'
export * from './LawViolation.js'
export * from './deciderLaws.js'
export * from './deepEqual.js'
export * from './deepFreeze.js'
export * from './givenWhenThen.js'
export * from './history.js'
export * from './toSource.js'
export * from './eventStoreConformance.js'
