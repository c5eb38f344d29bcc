export * from './environment.ts';
export * from './errors.ts';
export * from './child-process.ts';
export * from './summary.ts';
export * from './precompile.ts';
