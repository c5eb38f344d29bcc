export * from './fixtures.ts';
export * from './fake-upstream.ts';
