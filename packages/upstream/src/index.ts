/** Public API of @gym/upstream: the HTTP client model servers use to call their LLM endpoint. */
export * from './client.ts';
export * from './errors.ts';
export * from './limiter.ts';
export * from './policy.ts';
export * from './chat-params.ts';
