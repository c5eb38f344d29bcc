/**
 * One gymnasium-style episode behind `/run`: reset the environment, then
 * alternate model turn and `/step` until the environment says terminated or
 * truncated, or max_steps runs out. The reward is the environment's, summed
 * over steps; there is no /verify.
 */
import { randomUUID } from 'node:crypto';
import type { Cookies, ServerClient } from '@gym/client';
import type { FunctionCallOutputItem, GymnasiumStepRequest, ResponseItem, ResponseObject, ResponseUsage, RunRequest } from '@gym/schemas';
import { addUsage, callModel, hopName, inputItems, nextHopCookies, postHop, userMessage } from '@gym/server';
import { parseResetReply, parseStepReply, type ResetResult, type StepResult } from './env-protocol.ts';

export interface EpisodeOptions {
  modelServer: string;
  resourcesServer: string;
  maxSteps: number;
  /** Where a failed /close after a failed episode is reported (the episode's own error wins). */
  onCloseError?(err: unknown): void;
}

export type EpisodeResult = {
  responses_create_params: RunRequest['responses_create_params'];
  response: ResponseObject;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Record<string, unknown>;
};

export async function runGymnasiumEpisode(run: RunRequest, inboundCookies: Cookies, client: ServerClient, opts: EpisodeOptions): Promise<EpisodeResult> {
  const env = new Environment(client, opts.resourcesServer, inboundCookies);
  const reset = await env.reset(run);
  const closes = reset.info.supports_explicit_close === true;
  let result: EpisodeResult;
  try {
    result = await playEpisode(run, reset, env, opts);
  } catch (err) {
    if (closes) await env.close().catch((closeErr: unknown) => opts.onCloseError?.(closeErr));
    throw err;
  }
  if (!closes) return result;
  try {
    await env.close();
  } catch (err) {
    // The rollout is complete and scored; a cleanup failure is reported, not fatal.
    const cleanup_warning = { operation: 'close', error_type: err instanceof Error ? err.name : typeof err, message: err instanceof Error ? err.message : String(err) };
    result = { ...result, info: { ...result.info, cleanup_warning } };
  }
  return result;
}

async function playEpisode(run: RunRequest, reset: ResetResult, env: Environment, opts: EpisodeOptions): Promise<EpisodeResult> {
  const params = run.responses_create_params;
  const input: ResponseItem[] = [...inputItems(params.input)];
  if (reset.observation) input.push(userMessage(reset.observation));
  const baseParams = { ...params, input };
  const idempotentSteps = reset.info.supports_step_idempotency === true;

  const newOutputs: ResponseItem[] = [];
  let total = 0;
  let usage: ResponseUsage | null = null;
  let modelCookies: Cookies = {};
  let last: ResponseObject | undefined;
  let step: StepResult = { observation: null, reward: 0, terminated: false, truncated: true, info: {} };
  let finished = false;

  for (let turn = 1; turn <= opts.maxSteps; turn++) {
    const model = await callModel(env.client, opts.modelServer, { ...baseParams, input: [...input, ...newOutputs] }, modelCookies);
    modelCookies = nextHopCookies(modelCookies, model.cookies);
    last = model.response;
    newOutputs.push(...model.response.output);
    usage = addUsage(usage, model.response.usage);

    // The environment sees the row and this turn's Response only (with this turn's usage).
    const stepBody: GymnasiumStepRequest & { _ng_step_request_id?: string } = { ...run, response: model.response };
    if (idempotentSteps) stepBody._ng_step_request_id = randomUUID().replaceAll('-', '');
    step = await env.step(stepBody);
    total += step.reward;

    const toolOutputs = (step.info.tool_outputs ?? []) as Array<{ call_id: string; output: string }>;
    for (const { call_id, output } of toolOutputs) {
      const item: FunctionCallOutputItem = { type: 'function_call_output', call_id, output };
      newOutputs.push(item);
    }
    if (step.observation) newOutputs.push(userMessage(step.observation));
    if (step.terminated || step.truncated) {
      finished = true;
      break;
    }
  }
  if (!finished) step = { ...step, truncated: true };
  if (!last) throw new Error('Gymnasium episode ended before any model turn');

  return {
    responses_create_params: baseParams,
    response: { ...last, output: newOutputs, usage },
    reward: total,
    terminated: step.terminated,
    truncated: step.truncated,
    info: step.info,
  };
}

/** The resources server seen as an environment; its cookies key the episode's state. */
class Environment {
  private cookies: Cookies;

  constructor(
    readonly client: ServerClient,
    private readonly server: string,
    inboundCookies: Cookies,
  ) {
    this.cookies = { ...inboundCookies };
  }

  async reset(run: RunRequest): Promise<ResetResult> {
    const text = await this.post('/reset', run);
    return parseResetReply(text, this.hop('/reset'));
  }

  async step(body: GymnasiumStepRequest): Promise<StepResult> {
    const text = await this.post('/step', body);
    return parseStepReply(text, this.hop('/step'));
  }

  async close(): Promise<void> {
    await this.post('/close', {});
  }

  private async post(path: string, body: unknown): Promise<string> {
    const res = await postHop(this.client, 'resources server', this.server, path, body, { cookies: this.cookies });
    this.cookies = nextHopCookies(this.cookies, res.cookies);
    return res.text;
  }

  private hop(path: string): string {
    return hopName('resources server', this.server, path);
  }
}
