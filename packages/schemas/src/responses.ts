/**
 * OpenAI Responses API wire shapes, defined once as TypeBox schemas.
 * Items are validated loosely (extra fields such as RL token ids must pass
 * through every hop untouched); the typed item schemas exist for code.
 */
import { Type, type Static } from '@sinclair/typebox';

const Loose = { additionalProperties: true } as const;

export const OutputText = Type.Object(
  { type: Type.Literal('output_text'), text: Type.String(), annotations: Type.Optional(Type.Array(Type.Unknown())) },
  Loose,
);
export type OutputText = Static<typeof OutputText>;

export const InputText = Type.Object({ type: Type.Literal('input_text'), text: Type.String() }, Loose);
export type InputText = Static<typeof InputText>;

export const ContentPart = Type.Object({ type: Type.String(), text: Type.Optional(Type.String()) }, Loose);
export type ContentPart = Static<typeof ContentPart>;

export const MessageItem = Type.Object(
  {
    type: Type.Optional(Type.Literal('message')),
    id: Type.Optional(Type.String()),
    role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('system'), Type.Literal('developer')]),
    content: Type.Union([Type.String(), Type.Array(ContentPart)]),
    status: Type.Optional(Type.String()),
  },
  Loose,
);
export type MessageItem = Static<typeof MessageItem>;

export const FunctionCallItem = Type.Object(
  {
    type: Type.Literal('function_call'),
    id: Type.Optional(Type.String()),
    call_id: Type.String(),
    name: Type.String(),
    arguments: Type.String(),
    status: Type.Optional(Type.String()),
  },
  Loose,
);
export type FunctionCallItem = Static<typeof FunctionCallItem>;

export const FunctionCallOutputItem = Type.Object(
  {
    type: Type.Literal('function_call_output'),
    id: Type.Optional(Type.String()),
    call_id: Type.String(),
    output: Type.Union([Type.String(), Type.Array(ContentPart)]),
    status: Type.Optional(Type.String()),
  },
  Loose,
);
export type FunctionCallOutputItem = Static<typeof FunctionCallOutputItem>;

export const SummaryText = Type.Object({ type: Type.Literal('summary_text'), text: Type.String() }, Loose);
export const ReasoningItem = Type.Object(
  {
    type: Type.Literal('reasoning'),
    id: Type.Optional(Type.String()),
    summary: Type.Array(SummaryText),
    content: Type.Optional(Type.Union([Type.Null(), Type.Array(ContentPart)])),
    encrypted_content: Type.Optional(Type.Union([Type.Null(), Type.String()])),
    status: Type.Optional(Type.String()),
  },
  Loose,
);
export type ReasoningItem = Static<typeof ReasoningItem>;

/** Any input or output item: validated only as an object; narrow with the typed schemas above. */
export const ResponseItem = Type.Object({ type: Type.Optional(Type.String()) }, Loose);
export type ResponseItem = Static<typeof ResponseItem>;
export type TypedItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem;

export const FunctionTool = Type.Object(
  {
    type: Type.String(),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    parameters: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    strict: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  },
  Loose,
);
export type FunctionTool = Static<typeof FunctionTool>;

const Nullable = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

/** Body of `POST /v1/responses`: strict at the top level, as the reference is. */
export const ResponsesCreateParams = Type.Object(
  {
    input: Type.Union([Type.String(), Type.Array(ResponseItem)]),
    model: Nullable(Type.String()),
    instructions: Nullable(Type.String()),
    max_output_tokens: Nullable(Type.Integer()),
    max_tool_calls: Nullable(Type.Integer()),
    metadata: Nullable(Type.Record(Type.String(), Type.Unknown())),
    parallel_tool_calls: Nullable(Type.Boolean()),
    previous_response_id: Nullable(Type.String()),
    prompt: Nullable(Type.Unknown()),
    reasoning: Nullable(Type.Record(Type.String(), Type.Unknown())),
    service_tier: Nullable(Type.String()),
    store: Nullable(Type.Boolean()),
    stream: Nullable(Type.Boolean()),
    stream_options: Nullable(Type.Unknown()),
    temperature: Nullable(Type.Number()),
    text: Nullable(Type.Record(Type.String(), Type.Unknown())),
    tool_choice: Nullable(Type.Unknown()),
    tools: Nullable(Type.Array(FunctionTool)),
    top_logprobs: Nullable(Type.Integer()),
    top_p: Nullable(Type.Number()),
    truncation: Nullable(Type.String()),
    user: Nullable(Type.String()),
    include: Nullable(Type.Array(Type.String())),
    background: Nullable(Type.Boolean()),
    conversation: Nullable(Type.Unknown()),
    prompt_cache_key: Nullable(Type.String()),
    safety_identifier: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type ResponsesCreateParams = Static<typeof ResponsesCreateParams>;

export const ResponseUsage = Type.Object(
  {
    input_tokens: Type.Number(),
    output_tokens: Type.Number(),
    total_tokens: Type.Number(),
    input_tokens_details: Type.Optional(Type.Union([Type.Object({ cached_tokens: Type.Union([Type.Number(), Type.Null()]) }, Loose), Type.Null()])),
    output_tokens_details: Type.Optional(Type.Union([Type.Object({ reasoning_tokens: Type.Union([Type.Number(), Type.Null()]) }, Loose), Type.Null()])),
  },
  Loose,
);
export type ResponseUsage = Static<typeof ResponseUsage>;

/** A Response object as returned by `/v1/responses`. */
export const ResponseObject = Type.Object(
  {
    id: Type.String(),
    object: Type.Optional(Type.Literal('response')),
    created_at: Type.Optional(Type.Number()),
    model: Type.Optional(Type.String()),
    status: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    output: Type.Array(ResponseItem),
    incomplete_details: Type.Optional(Type.Union([Type.Object({ reason: Type.Optional(Type.String()) }, Loose), Type.Null()])),
    usage: Type.Optional(Type.Union([ResponseUsage, Type.Null()])),
    error: Type.Optional(Type.Unknown()),
  },
  Loose,
);
export type ResponseObject = Static<typeof ResponseObject>;
