/**
 * `/run` of simple_agent: seed the resources session, run the episode
 * through the agent's own `/v1/responses`, then verify. The cookies of each
 * hop go to the next one; that chain is what keys per-rollout state.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { VerifyResponse, type RunRequest } from '@gym/schemas';
import type { Cookies, ServerClient } from '@gym/client';
import { nextHopCookies, requireOk } from './hops.ts';

const verifyResponseCheck = TypeCompiler.Compile(VerifyResponse);

export interface RunOptions {
  /** This agent's own instance name: the episode runs through its `/v1/responses`. */
  selfName: string;
  resourcesServer: string;
  skipVerification: boolean;
  skipVerificationReward: number;
}

export async function runEpisode(run: RunRequest, inboundCookies: Cookies, client: ServerClient, opts: RunOptions): Promise<Record<string, unknown>> {
  const seed = requireOk(
    await client.post(opts.resourcesServer, '/seed_session', run, { cookies: inboundCookies }),
    `resources server '${opts.resourcesServer}' POST /seed_session`,
  );
  let cookies = nextHopCookies(inboundCookies, seed.cookies);

  // The whole tool loop runs inside this call, so it gets the /run deadline, not a model call's.
  const episode = requireOk(
    await client.post(opts.selfName, '/v1/responses', run.responses_create_params, { cookies, timeoutMs: client.policy.run_timeout_ms }),
    `agent '${opts.selfName}' POST /v1/responses`,
  );
  cookies = nextHopCookies(cookies, episode.cookies);
  const response = episode.json<Record<string, unknown>>();

  if (opts.skipVerification) {
    return { ...run, response, reward: opts.skipVerificationReward, verification_skipped: true };
  }
  const verified = requireOk(
    await client.post(opts.resourcesServer, '/verify', { ...run, response }, { cookies }),
    `resources server '${opts.resourcesServer}' POST /verify`,
  );
  return checkVerifyResponse(verified.text, opts.resourcesServer);
}

export function checkVerifyResponse(text: string, resourcesServer: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!verifyResponseCheck.Check(body)) {
    throw new Error(`Resources server '${resourcesServer}' answered /verify with a body that is not a verify response (the request echoed back plus a numeric reward): ${text.slice(0, 2000)}`);
  }
  return body as Record<string, unknown>;
}
