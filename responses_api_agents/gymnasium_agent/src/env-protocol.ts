/**
 * The gymnasium-style environment protocol as this agent reads it: the
 * replies of `/reset` and `/step` (shapes from @gym/schemas), with the
 * reference's defaults filled in.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { GymnasiumResetReply, GymnasiumStepReply } from '@gym/schemas';

export type ResetResult = Required<GymnasiumResetReply>;
export type StepResult = Required<GymnasiumStepReply>;

const resetCheck = TypeCompiler.Compile(GymnasiumResetReply);
const stepCheck = TypeCompiler.Compile(GymnasiumStepReply);

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
