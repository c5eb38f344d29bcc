/**
 * openai_model: forwards `/v1/responses` and `/v1/chat/completions` to an
 * OpenAI-compatible endpoint, with the configured model, `extra_body` under
 * the caller's fields, an optional concurrency cap and bounded retries.
 */
import { Type, type ResponseObject, type Static } from '@gym/schemas';
import { HttpError, defineModelServer, isMainModule, serve } from '@gym/server';
import { ConcurrencyLimiter, UpstreamClient, UpstreamPolicyFields, knownChatParams, upstreamPolicyFrom } from '@gym/upstream';

export const OpenAIModelConfigSchema = Type.Object(
  {
    openai_base_url: Type.String({ minLength: 1 }),
    openai_api_key: Type.String(),
    openai_model: Type.String({ minLength: 1 }),
    openai_organization: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    /** Sent under every request body; the caller's fields win. */
    extra_body: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    openai_default_headers: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()])),
    /** Cap on upstream calls in flight from this server; null = no cap. */
    max_concurrent_requests: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    /** Strip `reasoning` input items (some hosted endpoints fail on their own echoed reasoning items). */
    drop_input_reasoning_items: Type.Optional(Type.Boolean()),
    ...UpstreamPolicyFields,
  },
  { additionalProperties: true },
);
export type OpenAIModelConfig = Static<typeof OpenAIModelConfigSchema>;

type Obj = Record<string, any>;

class OpenAIModel {
  readonly client: UpstreamClient;
  readonly limiter: ConcurrencyLimiter;

  constructor(readonly config: OpenAIModelConfig) {
    const headers: Record<string, string> = { ...config.openai_default_headers };
    if (config.openai_organization) headers['openai-organization'] = config.openai_organization;
    this.client = new UpstreamClient({ baseUrl: config.openai_base_url, apiKey: config.openai_api_key, defaultHeaders: headers, policy: upstreamPolicyFrom(config) });
    this.limiter = new ConcurrencyLimiter(config.max_concurrent_requests ?? null);
  }

  /** `extra_body` under the request, the configured model over it. */
  body(request: Obj): Obj {
    if (request.stream) throw new HttpError(400, 'GYM_MODEL_STREAM_UNSUPPORTED', 'stream: true is not supported by this model server; send stream: false or leave it out.');
    return { ...this.config.extra_body, ...request, model: this.config.openai_model };
  }

  async responses(request: Obj): Promise<ResponseObject> {
    const body = this.body(request);
    if (this.config.drop_input_reasoning_items && Array.isArray(body.input)) body.input = body.input.filter((item: Obj) => item?.type !== 'reasoning');
    const reply = await this.limiter.run(() => this.client.postJson<Obj>('/responses', body));
    if (!reply || typeof reply !== 'object' || !Array.isArray(reply.output)) {
      throw new Error(`The upstream ${this.client.url('/responses')} answered without an \`output\` list; is it a Responses API endpoint?`);
    }
    return reply as ResponseObject;
  }

  chatCompletions(request: Obj): Promise<Obj> {
    // Keys outside the chat API are dropped (as the reference does) rather than risking an upstream 400.
    const body = this.body(knownChatParams(request));
    return this.limiter.run(() => this.client.postJson<Obj>('/chat/completions', body));
  }
}

const models = new WeakMap<object, OpenAIModel>();
const modelFor = (config: OpenAIModelConfig) => models.get(config)!;

export const server = defineModelServer<OpenAIModelConfig>({
  className: 'SimpleModelServer',
  configSchema: OpenAIModelConfigSchema,
  setup(app, ctx) {
    const model = new OpenAIModel(ctx.config);
    models.set(ctx.config, model);
    app.addHook('onClose', async () => model.client.close());
  },
  responses: (body, ctx) => modelFor(ctx.config).responses(body),
  chatCompletions: (body, ctx) => modelFor(ctx.config).chatCompletions(body),
});

if (isMainModule(import.meta.url)) await serve(server);
