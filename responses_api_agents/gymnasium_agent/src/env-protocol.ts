/**
 * The gymnasium-style environment protocol as this agent reads it: the
 * replies of `/reset` and `/step`, with the reference's defaults filled in.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const Observation = Type.Optional(Type.Union([Type.String(), Type.Null()]));
const Info = Type.Record(Type.String(), Type.Unknown());

export const EnvResetReply = Type.Object(
  {
    observation: Observation,
    info: Type.Optional(
      Type.Object(
        {
          /** The environment holds resources: the agent POSTs /close when the episode ends, even on failure. */
          supports_explicit_close: Type.Optional(Type.Unknown()),
          /** Each /step carries `_ng_step_request_id` so a retried step is not applied twice. */
          supports_step_idempotency: Type.Optional(Type.Unknown()),
        },
        { additionalProperties: true },
      ),
    ),
  },
  { additionalProperties: true },
);

export const ToolOutput = Type.Object({ call_id: Type.String(), output: Type.String() }, { additionalProperties: true });

export const EnvStepReply = Type.Object(
  {
    observation: Observation,
    reward: Type.Optional(Type.Number()),
    terminated: Type.Optional(Type.Boolean()),
    truncated: Type.Optional(Type.Boolean()),
    /** `tool_outputs` answers the turn's function calls; everything else is the environment's own. */
    info: Type.Optional(Type.Object({ tool_outputs: Type.Optional(Type.Array(ToolOutput)) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export interface ResetResult {
  observation: string | null;
  info: Static<typeof Info>;
}

export interface StepResult {
  observation: string | null;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Static<typeof Info>;
}

const resetCheck = TypeCompiler.Compile(EnvResetReply);
const stepCheck = TypeCompiler.Compile(EnvStepReply);

export function parseResetReply(text: string, hop: string): ResetResult {
  const json = parseJson(text);
  if (!resetCheck.Check(json)) throw invalidReply(hop, '{observation: string|null, info: {}}', text);
  return { observation: json.observation ?? null, info: json.info ?? {} };
}

export function parseStepReply(text: string, hop: string): StepResult {
  const json = parseJson(text);
  if (!stepCheck.Check(json)) {
    throw invalidReply(hop, '{observation: string|null, reward: number, terminated: bool, truncated: bool, info: {tool_outputs?: [{call_id, output}]}}', text);
  }
  return {
    observation: json.observation ?? null,
    reward: json.reward ?? 0.0,
    terminated: json.terminated ?? false,
    truncated: json.truncated ?? false,
    info: json.info ?? {},
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalidReply(hop: string, shape: string, text: string): Error {
  return new Error(`${hop} answered with a body that is not ${shape}: ${text.slice(0, 2000)}`);
}
