/**
 * Re-verifies recorded rollouts against the running server over HTTP: the
 * reference recordings in the shared fixtures, and this folder's own example
 * rollouts. Each rollout is joined to its example row; the verify request is
 * the row plus the recorded response, and the recorded reward and extra
 * fields must come back.
 */
import { describeVerifyConformance } from '@gym/testing';
import { server } from '../app.ts';

describeVerifyConformance({
  name: 'string_match',
  server,
  instanceName: 'string_match',
  dataDir: new URL('../data/', import.meta.url).pathname,
  count: 5,
  fields: ['expected_answer', 'extracted_answer'],
});
