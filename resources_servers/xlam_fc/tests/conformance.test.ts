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
  name: 'xlam_fc',
  server,
  instanceName: 'xlam_fc',
  dataDir: new URL('../data/', import.meta.url).pathname,
  count: 5,
  fields: ['num_expected', 'num_predicted', 'num_correct', 'predicted_calls'],
});
