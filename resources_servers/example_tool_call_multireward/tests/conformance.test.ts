/**
 * Re-verifies the reference recordings (and this folder's own example
 * rollouts) against the running server: each rollout is joined to its
 * example row, its tool calls are replayed, and the recorded reward must
 * come back.
 */
import { describeRolloutConformance } from '@gym/testing';
import { server } from '../app.ts';

describeRolloutConformance({
  name: 'example_tool_call_multireward',
  server,
  instanceName: 'example_tool_call_multireward',
  dataDir: new URL('../data/', import.meta.url).pathname,
  agentName: 'example_tool_call_multireward_simple_agent',
  count: 5,
});
