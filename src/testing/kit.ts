/**
 * The decider testing kit alone: given/when/then and the property laws, with no Node module and
 * no test runner imported, for browsers and workers (`foldwise/testing/kit`).
 *
 * @since 0.1.0
 */
export { DeciderLawError } from './DeciderLawError.js'
export { LawViolation } from './LawViolation.js'
export { checkDeciderLaws, deciderLaws } from './deciderLaws.js'
export { given, specFor } from './givenWhenThen.js'
