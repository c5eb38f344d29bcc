export * from './fixtures.ts';
export * from './processes.ts';
export * from './fake-upstream.ts';
