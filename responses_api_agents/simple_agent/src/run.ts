/**
 * `/run` of simple_agent: seed the resources session, run the episode
 * through the agent's own `/v1/responses`, then verify. The cookies of each
 * hop go to the next one; that chain is what keys per-rollout state.
 */
import type { RunRequest } from '@gym/schemas';
import type { Cookies, ServerClient } from '@gym/client';
import { nextHopCookies, parseVerifyResponse, postHop } from '@gym/server';

export interface RunOptions {
  /** This agent's own instance name: the episode runs through its `/v1/responses`. */
  selfName: string;
  resourcesServer: string;
  skipVerification: boolean;
  skipVerificationReward: number;
}

export async function runEpisode(run: RunRequest, inboundCookies: Cookies, client: ServerClient, opts: RunOptions): Promise<Record<string, unknown>> {
  const seed = await postHop(client, 'resources server', opts.resourcesServer, '/seed_session', run, { cookies: inboundCookies });
  let cookies = nextHopCookies(inboundCookies, seed.cookies);

  // The whole tool loop runs inside this call, so it gets the /run deadline, not a model call's.
  const episode = await postHop(client, 'agent', opts.selfName, '/v1/responses', run.responses_create_params, { cookies, timeoutMs: client.policy.run_timeout_ms });
  cookies = nextHopCookies(cookies, episode.cookies);
  const response = episode.json<Record<string, unknown>>();

  if (opts.skipVerification) {
    return { ...run, response, reward: opts.skipVerificationReward, verification_skipped: true };
  }
  const verified = await postHop(client, 'resources server', opts.resourcesServer, '/verify', { ...run, response }, { cookies });
  return parseVerifyResponse(verified.text, opts.resourcesServer);
}

