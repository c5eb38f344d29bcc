/**
 * The simple_agent episode behind `/v1/responses`: call the model, run its
 * function calls on the resources server, feed the outputs back, repeat
 * until the model answers, stops early, or the step bound is reached.
 */
import type { Cookies, ServerClient } from '@gym/client';
import type { FunctionCallItem, FunctionCallOutputItem, MessageItem, ResponseItem, ResponseObject, ResponseUsage, ResponsesCreateParams } from '@gym/schemas';
import { addUsage, callModel, inputItems, nextHopCookies, reprError } from '@gym/server';

export interface ToolLoopOptions {
  modelServer: string;
  resourcesServer: string;
  /** Model calls allowed; null = unlimited. */
  maxSteps: number | null;
}

export type StopReason = 'answered' | 'incomplete' | 'max_steps';

export interface ToolLoopResult {
  /** The last model Response, with every new item of the episode as output and the summed usage. */
  response: ResponseObject;
  resourcesCookies: Cookies;
  modelCookies: Cookies;
  steps: number;
  stoppedBy: StopReason;
}

export async function runToolLoop(
  body: ResponsesCreateParams,
  inboundCookies: Cookies,
  client: ServerClient,
  opts: ToolLoopOptions,
): Promise<ToolLoopResult> {
  const input = inputItems(body.input);
  const newOutputs: ResponseItem[] = [];
  let usage: ResponseUsage | null = null;
  let modelCookies: Cookies = {};
  let resourcesCookies: Cookies = { ...inboundCookies };

  for (let step = 1; ; step++) {
    const turn = await callModel(client, opts.modelServer, { ...body, input: [...input, ...newOutputs] }, modelCookies);
    modelCookies = nextHopCookies(modelCookies, turn.cookies);
    const { output } = turn.response;
    newOutputs.push(...output);
    usage = addUsage(usage, turn.response.usage);

    const finish = (stoppedBy: StopReason): ToolLoopResult => ({
      response: { ...turn.response, output: newOutputs, usage },
      resourcesCookies,
      modelCookies,
      steps: step,
      stoppedBy,
    });

    // A truncated turn may hold half-written calls: none of them run.
    if (turn.response.incomplete_details) return finish('incomplete');
    const calls = output.filter((item): item is FunctionCallItem => item.type === 'function_call');
    const answered = output.some((item) => item.type === 'message' && (item as MessageItem).role === 'assistant');
    if (calls.length === 0 && answered) return finish('answered');

    for (const call of calls) {
      const result = await runFunctionCall(client, opts.resourcesServer, call, resourcesCookies);
      resourcesCookies = nextHopCookies(resourcesCookies, result.cookies);
      newOutputs.push(result.item);
    }
    if (opts.maxSteps !== null && step >= opts.maxSteps) return finish('max_steps');
  }
}

/**
 * POST the call's arguments to `/<name>` on the resources server. Whatever
 * the status, the reply text is what the model sees: a 404 for an unknown
 * tool or a 422 for bad arguments is feedback, not an agent failure.
 */
export async function runFunctionCall(
  client: ServerClient,
  resourcesServer: string,
  call: FunctionCallItem,
  cookies: Cookies,
): Promise<{ item: FunctionCallOutputItem; cookies: Cookies }> {
  try {
    JSON.parse(call.arguments);
  } catch (err) {
    return { item: functionCallOutput(call, invalidArgumentsOutput(err)), cookies: {} };
  }
  // The arguments text is sent as written: re-serialising would lose integers beyond 2^53.
  // The name is encoded so a model cannot reach another route (e.g. `ng-rollout/x/verify`).
  const res = await client.post(resourcesServer, `/${encodeURIComponent(call.name)}`, call.arguments, { cookies });
  return { item: functionCallOutput(call, res.text), cookies: res.cookies };
}

function functionCallOutput(call: FunctionCallItem, output: string): FunctionCallOutputItem {
  return { type: 'function_call_output', call_id: call.call_id, output };
}

/** Same text shape as the reference (`json.dumps({"error": ...})`); the repr is of the JS parse error. */
export function invalidArgumentsOutput(err: unknown): string {
  return `{"error": ${JSON.stringify(`Invalid tool call arguments: ${reprError(err)}`)}}`;
}
