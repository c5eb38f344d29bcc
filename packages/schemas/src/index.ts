export * from './responses.ts';
export * from './gym.ts';
export * from './gymnasium.ts';
export * from './output-text.ts';
export { Type, type Static, type TSchema } from '@sinclair/typebox';
export * from './response-echo.ts';
