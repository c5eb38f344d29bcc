/**
 * example_multi_step: the model looks up a value for each synonym of the
 * term the user's query is about (`get_synonym_value`), then submits the
 * values in prompt order (`extract_synonym_values`). Verify compares the last
 * submission with the row's `expected_synonym_values`.
 */
import { Type, verifyRequestWith, type Static } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';
import { pydanticLaxInt, pyEquals, PyKeyError, pyIn, pySetIntersection, PyValidationError, PyZeroDivisionError } from '@gym/pysemantics';

export const MultiStepVerifyRequest = verifyRequestWith({
  id: Type.Optional(Type.Integer()),
  expected_synonyms: Type.Optional(Type.Array(Type.String())),
  expected_synonym_values: Type.Array(Type.Integer(), { description: 'Values of the synonyms of the queried term, in prompt order.' }),
  minefield_label: Type.String({ description: 'The term itself; submitting it is a known trap.' }),
  minefield_label_value: Type.Integer({ description: 'The value of the term itself.' }),
});
export type MultiStepVerifyRequest = Static<typeof MultiStepVerifyRequest>;

/** A synonym's value: the sum of its Unicode code points ("Blazing" → 711). */
export function synonymValue(synonym: string): number {
  let sum = 0;
  for (const ch of synonym) sum += ch.codePointAt(0) ?? 0;
  return sum;
}

/** `synonym_values` of the last `extract_synonym_values` call, or [] when there is none. Malformed arguments throw. */
export function lastSubmission(output: Array<Record<string, unknown>>): unknown[] {
  for (let i = output.length - 1; i >= 0; i--) {
    const item = output[i];
    if (item.type !== 'function_call' || item.name !== 'extract_synonym_values') continue;
    const args = JSON.parse(String(item.arguments)) as Record<string, unknown> | null;
    if (args === null || typeof args !== 'object' || !Object.hasOwn(args, 'synonym_values')) throw new PyKeyError('synonym_values');
    const values = args.synonym_values;
    if (!Array.isArray(values)) throw new PyValidationError(`parsed_synonym_values: Input should be a valid list, got ${JSON.stringify(values)}`);
    return values;
  }
  return [];
}

export function gradeSubmission(body: Pick<MultiStepVerifyRequest, 'expected_synonym_values' | 'minefield_label' | 'minefield_label_value'>, actual: unknown[]) {
  const expected = body.expected_synonym_values;
  if (expected.length === 0) throw new PyZeroDivisionError('division by zero (expected_synonym_values is empty)');
  const accuracy = pyEquals(actual, expected);
  const setOverlap = pySetIntersection(actual, expected).length / expected.length;
  return {
    reward: accuracy ? 1.0 : 0.0,
    parsed_synonym_values: actual.map((v, i) => pydanticLaxInt(v, `parsed_synonym_values.${i}`)),
    accuracy,
    set_overlap: setOverlap,
    original_term_minefield_hit: pyIn(body.minefield_label, actual) || pyIn(body.minefield_label_value, actual),
    order_instruction_following_failure: !accuracy && setOverlap === 1.0,
  };
}

export const server = defineResourcesServer({
  className: 'ExampleMultiStepResourcesServer',
  reverifyMode: 'stateless',
  verifyRequest: MultiStepVerifyRequest,
  tools: {
    get_synonym_value: tool(Type.Object({ synonym: Type.String() }), async (args) => ({ synonym_value: synonymValue(args.synonym) }), 'Get the value of a synonym.'),
    extract_synonym_values: tool(Type.Object({ synonym_values: Type.Array(Type.Integer()) }), async () => ({ success: true }), 'Submit the synonym values for the queried term.'),
  },
  verify: async (body) => gradeSubmission(body, lastSubmission(body.response.output)),
});

if (isMainModule(import.meta.url)) await serve(server);
