/**
 * The decider testing kit alone: given/when/then and the property laws, with no Node module and
 * no test runner imported, for browsers and workers (`foldwise/testing/kit`).
 *
 * @since 0.1.0
 */
export { DeciderAssertionError } from './AssertionError.js'
export { DeciderLawError } from './DeciderLawError.js'
export type { LawViolation } from './LawViolation.js'
export type { DeciderLaw, DeciderLawOptions } from './deciderLaws.js'
export { checkDeciderLaws, deciderLaws } from './deciderLaws.js'
export type { Given, Then } from './givenWhenThen.js'
export { given, specFor } from './givenWhenThen.js'
export type { History } from './history.js'
