/**
 * Servers tied to a test file's hooks, for model-server tests: one fake
 * upstream for the whole file, and the server under test built fresh per test
 * with that test's config overrides. Like `listenForSuite`, they hand back
 * getters or builders to call inside tests.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildServer, type GymApp, type ServerDefinition } from '@gym/server';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from './fake-upstream.ts';

/** Start a fake upstream before the file's (or enclosing suite's) tests, forget its recorded requests after each test, close it after all; the getter returns it. */
export function fakeUpstreamForSuite(options?: FakeUpstreamOptions): () => FakeUpstream {
  let fake: FakeUpstream | undefined;
  beforeAll(async () => {
    fake = await startFakeUpstream(options);
  });
  afterEach(() => {
    if (fake) fake.requests.length = 0;
  });
  afterAll(() => fake?.close());
  return () => {
    if (!fake) throw new Error('the fake upstream is not running: call the getter inside a test');
    return fake;
  };
}

/**
 * A builder of `def` as instance `instanceName` (not listening; use `inject()`, or `listen()` it),
 * its config `baseConfig()` under each call's overrides. Every app a test builds is closed after that test.
 */
export function serverPerTest<C>(
  def: ServerDefinition<C>,
  instanceName: string,
  baseConfig: () => Record<string, unknown>,
): (overrides?: Record<string, unknown>) => Promise<GymApp> {
  const apps: GymApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  return async (overrides = {}) => {
    const { app } = await buildServer(def, { instanceName, config: { ...baseConfig(), ...overrides }, docs: false });
    apps.push(app);
    return app;
  };
}
