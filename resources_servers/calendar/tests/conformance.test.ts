/**
 * Re-verifies recorded rollouts against the running server over HTTP: the
 * reference recordings in the shared fixtures, and this folder's own example
 * rollouts. Each rollout is joined to its example row; the verify request is
 * the row plus the recorded response, and the recorded reward must come
 * back (calendar's reply has no other graded fields).
 */
import { describeVerifyConformance } from '@gym/testing';
import { server } from '../app.ts';

describeVerifyConformance({
  name: 'calendar',
  server,
  instanceName: 'calendar',
  dataDir: new URL('../data/', import.meta.url).pathname,
  count: 5,
});
