import { defineConfig } from 'vitest/config';

// One config for the whole workspace: every package's and server's tests/.
export default defineConfig({
  test: {
    include: [
      'packages/*/tests/**/*.test.ts',
      'responses_api_models/*/tests/**/*.test.ts',
      'resources_servers/*/tests/**/*.test.ts',
      'responses_api_agents/*/tests/**/*.test.ts',
      'tests/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '.tmp/**', 'results/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { GYM_LOG_LEVEL: process.env.GYM_LOG_LEVEL ?? 'silent' },
  },
});
