/**
 * Function-call matching for xlam_fc, with Python semantics throughout:
 * arguments are parsed with json.loads, compared with Python `==` (so "14"
 * is not 14, but 1 is 1.0), and the odd shapes the reference tolerates (a
 * JSON string holding JSON, a non-object payload) behave as they do there,
 * including raising where Python raises.
 */
import { PyAttributeError, isPyDict, pyEquals, pyGetItem, pyIn, pyTypeName, tryPyJsonLoads } from '@gym/pysemantics';

export interface PredictedCall {
  name: unknown;
  arguments: unknown;
}

type Item = Record<string, unknown>;

/**
 * A string is JSON-parsed (a parse failure gives `{}`) and the parsed value
 * is returned as it is, object or not; an object is kept; anything else is `{}`.
 */
export function normalizeArguments(args: unknown): unknown {
  if (typeof args === 'string') return tryPyJsonLoads(args, {});
  if (isPyDict(args)) return args;
  return {};
}

/** Every function_call item, in order, with its arguments normalised once. */
export function extractFunctionCalls(output: readonly Item[]): PredictedCall[] {
  return output.filter((o) => o.type === 'function_call').map((o) => ({ name: o.name ?? null, arguments: normalizeArguments(o.arguments) }));
}

const get = (m: Record<string, unknown>, key: string, dflt: unknown) => (Object.hasOwn(m, key) ? m[key] : dflt);

/** Same name, and every expected argument present in the prediction with a Python-equal value (extra keys allowed). */
export function functionCallsMatch(predicted: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  if (!pyEquals(get(predicted, 'name', null), get(expected, 'name', null))) return false;
  // Normalised again on both sides, so a double-encoded arguments string still becomes an object.
  const predictedArgs = normalizeArguments(get(predicted, 'arguments', {}));
  const expectedArgs = normalizeArguments(get(expected, 'arguments', {}));
  if (!isPyDict(expectedArgs)) throw new PyAttributeError(`'${pyTypeName(expectedArgs)}' object has no attribute 'items'`);
  for (const [key, expectedValue] of Object.entries(expectedArgs)) {
    if (!pyIn(key, predictedArgs)) return false;
    if (!pyEquals(pyGetItem(predictedArgs, key), expectedValue)) return false;
  }
  return true;
}

export interface CallScore {
  reward: number;
  numCorrect: number;
}

/**
 * Greedy matching: each expected call takes the first unused predicted call
 * that matches. Reward 1.0 iff every expected call matched and nothing extra
 * was predicted; with no expected calls, iff nothing was predicted.
 */
export function scoreCalls(predicted: PredictedCall[], expected: Array<Record<string, unknown>>): CallScore {
  if (expected.length === 0) return { reward: predicted.length === 0 ? 1.0 : 0.0, numCorrect: 0 };
  let numCorrect = 0;
  const used = new Set<number>();
  for (const exp of expected) {
    for (const [i, pred] of predicted.entries()) {
      if (used.has(i)) continue;
      if (functionCallsMatch(pred as unknown as Record<string, unknown>, exp)) {
        numCorrect++;
        used.add(i);
        break;
      }
    }
  }
  const reward = numCorrect === expected.length && expected.length === predicted.length ? 1.0 : 0.0;
  return { reward, numCorrect };
}
