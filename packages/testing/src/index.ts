export * from './fixtures.ts';
export * from './files.ts';
export * from './processes.ts';
export * from './fake-upstream.ts';
export * from './topology.ts';
export * from './items.ts';
export * from './replay.ts';
export * from './conformance.ts';
