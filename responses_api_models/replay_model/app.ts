/**
 * replay_model: the offline default policy model. It is a recorder/replayer,
 * not a language model: it answers `/v1/responses` with the next model turn
 * of a recorded rollout whose conversation so far matches the request, so
 * quick starts and tests run end to end without an LLM.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { findRepoRoot } from '@gym/config';
import { HttpError, ServerConfigError, defineModelServer, isMainModule, serve } from '@gym/server';
import { ReplayModelConfigSchema, type ReplayModelConfig } from './src/config.ts';
import { DEFAULT_FALLBACK_MESSAGE, describeLastItem, fallbackItems } from './src/fallback.ts';
import { buildResponse } from './src/response.ts';
import { buildIndex, discoverRolloutFiles, type RolloutIndex } from './src/rollout-index.ts';

const indexes = new WeakMap<object, RolloutIndex>();

/** Files named in the config (relative to the repo root), or the discovered defaults. */
export function rolloutFiles(config: ReplayModelConfig, repoRoot = findRepoRoot()): string[] {
  if (!config.rollouts_jsonl_fpaths) return discoverRolloutFiles(repoRoot);
  return config.rollouts_jsonl_fpaths.map((p, i) => {
    const file = isAbsolute(p) ? p : resolve(repoRoot, p);
    if (!existsSync(file)) throw new ServerConfigError(`rollouts_jsonl_fpaths[${i}]: ${file} does not exist (paths are relative to the repo root ${repoRoot}).`);
    return file;
  });
}

export const server = defineModelServer<ReplayModelConfig>({
  className: 'ReplayModel',
  configSchema: ReplayModelConfigSchema,
  setup(_app, ctx) {
    const repoRoot = findRepoRoot();
    const index = buildIndex(rolloutFiles(ctx.config, repoRoot), repoRoot);
    indexes.set(ctx.config, index);
    const s = index.stats;
    ctx.log.info(`replaying ${s.turns} model turns of ${s.rollouts} rollouts from ${s.files.length} files` + (s.skippedLines ? ` (${s.skippedLines} unusable lines skipped)` : ''));
  },
  responses(body, ctx) {
    const config = ctx.config;
    const model = config.model ?? 'replay_model';
    const turn = indexes.get(config)!.lookup(body);
    if (turn) return buildResponse(body, turn.items, { model, status: turn.status, incompleteDetails: turn.incompleteDetails });
    const policy = config.fallback_policy ?? 'none';
    if (policy === 'none') {
      throw new HttpError(
        404,
        'GYM_REPLAY_NO_MATCH',
        `No recorded rollout matches this input: ${describeLastItem(body.input)}… ` +
          'Record a rollout for it, list its file in rollouts_jsonl_fpaths, or set fallback_policy: message | first_tool.',
      );
    }
    return buildResponse(body, fallbackItems(policy, body, config.fallback_message ?? DEFAULT_FALLBACK_MESSAGE), { model });
  },
  // Chat requests are not replayed: they get the fixed fallback message, whatever the policy.
  chatCompletions(_body, ctx) {
    return {
      id: `chatcmpl-replay-${Date.now().toString(36)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: ctx.config.model ?? 'replay_model',
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: ctx.config.fallback_message ?? DEFAULT_FALLBACK_MESSAGE } }],
      usage: null,
    };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
