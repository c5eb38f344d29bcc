/**
 * example_tool_call_multireward: one expected `get_weather` call graded on
 * three independent 0/1 components (correctness, schema_valid, format).
 * `reward` is their sum (0–3); the components also come back in
 * `reward_components` and as top-level fields, so metrics profile each one.
 */
import { Type, verifyRequestWith, type FunctionTool, type Static } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';
import { isPyDict, pyEquals, pyTruthy } from '@gym/pysemantics';

export const MultiRewardVerifyRequest = verifyRequestWith({
  expected_call: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), { description: 'The one call the model should make: `{name, arguments: {...}}`.' }),
  ),
});
export type MultiRewardVerifyRequest = Static<typeof MultiRewardVerifyRequest>;

type Item = Record<string, unknown>;
interface PredictedCall {
  name: unknown;
  arguments: unknown;
}

/** Arguments as a dict: a JSON string holding an object, or an object. Anything else is invalid and reads as {}. */
export function parseArguments(args: unknown): { parsed: Record<string, unknown>; valid: boolean } {
  if (isPyDict(args)) return { parsed: args, valid: true };
  if (typeof args === 'string') {
    try {
      const value: unknown = JSON.parse(args);
      return isPyDict(value) ? { parsed: value, valid: true } : { parsed: {}, valid: false };
    } catch {
      return { parsed: {}, valid: false };
    }
  }
  return { parsed: {}, valid: false };
}

/** `required` of the tool's parameters, looked up by name in the request's tools. */
function requiredParams(tools: FunctionTool[] | null | undefined, name: unknown): unknown[] {
  for (const t of tools ?? []) {
    if (t.name !== name) continue;
    if (!('parameters' in t) || t.parameters === undefined) return [];
    // The reference reads `parameters.get(...)`, which fails on an explicit null.
    if (t.parameters === null) throw new TypeError(`tool '${String(name)}' has parameters: null`);
    return pyIterate(t.parameters.required);
  }
  return [];
}

/** Same name, and every expected argument Python-equal to the call's (a missing argument reads as null). An empty expectation never matches. */
export function callMatches(predicted: PredictedCall, expected: Record<string, unknown>): boolean {
  if (Object.keys(expected).length === 0) return false;
  // A function_call without a name is malformed: it never counts as the expected call, even when expected_call names none.
  if (predicted.name === undefined || !pyEquals(predicted.name, expected.name ?? null)) return false;
  const { parsed } = parseArguments(predicted.arguments ?? {});
  const expectedArgs = pyTruthy(expected.arguments) ? expected.arguments : {};
  if (!isPyDict(expectedArgs)) throw new TypeError('expected_call.arguments must be an object');
  return Object.entries(expectedArgs).every(([key, value]) => pyEquals(Object.hasOwn(parsed, key) ? parsed[key] : null, value));
}

export function gradeCalls(body: MultiRewardVerifyRequest) {
  const output = body.response.output as Item[];
  const calls: PredictedCall[] = output.filter((it) => it.type === 'function_call').map((it) => ({ name: it.name, arguments: it.arguments }));
  const expected = body.expected_call ?? {};

  const format = calls.length === 1 && !output.some((it) => it.type === 'message') ? 1.0 : 0.0;
  let schemaValid = 0.0;
  if (calls.length > 0) {
    const { parsed, valid } = parseArguments(calls[0].arguments);
    const required = requiredParams(body.responses_create_params.tools, calls[0].name);
    schemaValid = valid && required.every((k) => typeof k === 'string' && Object.hasOwn(parsed, k)) ? 1.0 : 0.0;
  }
  const correctness = calls.some((c) => callMatches(c, expected)) ? 1.0 : 0.0;

  const reward_components = { correctness, schema_valid: schemaValid, format };
  return {
    expected_call: expected,
    reward: correctness + schemaValid + format,
    reward_components,
    ...reward_components,
    predicted_calls: calls.map((c) => ({ name: c.name, arguments: parseArguments(c.arguments).parsed })),
  };
}

/** What `for k in value` visits in Python (`value or []` first): list items, string characters, dict keys. */
function pyIterate(value: unknown): unknown[] {
  if (!pyTruthy(value)) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (isPyDict(value)) return Object.keys(value);
  throw new TypeError(`'${typeof value}' object is not iterable`);
}

export const server = defineResourcesServer({
  className: 'ToolCallMultiRewardResourcesServer',
  reverifyMode: 'stateless',
  verifyRequest: MultiRewardVerifyRequest,
  tools: {
    get_weather: tool(
      Type.Object({ city: Type.String() }),
      async (args) => ({ city: args.city, weather_description: `The weather in ${args.city} is sunny.` }),
      'Get the current weather for a city.',
    ),
  },
  verify: async (body) => gradeCalls(body),
});

if (isMainModule(import.meta.url)) await serve(server);
