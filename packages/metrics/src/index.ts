export * from './stats.ts';
export * from './aggregate.ts';
