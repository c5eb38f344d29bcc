/** Public API of @gym/pivot: the pure tool-call verifier and the pivot dataset tools. */
export * from './categories.ts';
export * from './python-json.ts';
export * from './python-text.ts';
export * from './comparator-config.ts';
export * from './actions.ts';
export * from './response-action.ts';
export * from './argument-comparison.ts';
export * from './matching.ts';
export * from './action-comparison.ts';
export * from './verify.ts';
