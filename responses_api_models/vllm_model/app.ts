/**
 * vllm_model: a Responses API model server in front of vLLM's chat
 * completions, built for RL: reasoning kept as `<think>` text across turns,
 * token ids and log-probs returned on the output, sessions pinned to one
 * engine, context overflow answered as an incomplete response.
 */
import { defineModelServer, isMainModule, serve } from '@gym/server';
import { VllmModelConfigSchema, type VllmModelConfigInput } from './src/config.ts';
import { VllmModel } from './src/model.ts';

const models = new WeakMap<object, VllmModel>();

function modelFor(config: VllmModelConfigInput): VllmModel {
  const model = models.get(config);
  if (!model) throw new Error('vllm_model was used before its setup ran.');
  return model;
}

export const server = defineModelServer<VllmModelConfigInput>({
  className: 'VLLMModel',
  configSchema: VllmModelConfigSchema,
  setup(app, ctx) {
    const model = new VllmModel(ctx.config);
    models.set(ctx.config, model);
    app.addHook('onClose', async () => model.close());
  },
  responses: (body, ctx) => modelFor(ctx.config).responses(body, ctx.sessionId),
  chatCompletions: (body, ctx) => modelFor(ctx.config).chatCompletions(body, ctx.sessionId),
});

if (isMainModule(import.meta.url)) await serve(server);
