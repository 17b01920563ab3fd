/**
 * The decider testing kit alone: given/when/then and the property laws, with no Node module and
 * no test runner imported, for browsers and workers (`foldwise/testing/kit`).
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
