/**
 * The request fields a Response carries back, as OpenAI's Responses API
 * answers them: every create param except the input and transport options,
 * with the API's defaults where the caller left them out.
 */
import type { ResponsesCreateParams } from './responses.ts';

/** Request fields that are not echoed on the Response. */
const NOT_ECHOED = new Set(['input', 'model', 'stream', 'stream_options', 'include']);

export function echoedRequestFields(params: ResponsesCreateParams): Record<string, unknown> {
  const echoed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!NOT_ECHOED.has(k)) echoed[k] = v;
  return {
    instructions: null,
    metadata: null,
    temperature: null,
    top_p: null,
    max_output_tokens: null,
    previous_response_id: null,
    reasoning: null,
    ...echoed,
    parallel_tool_calls: params.parallel_tool_calls ?? true,
    tool_choice: params.tool_choice ?? 'auto',
    tools: params.tools ?? [],
  };
}
