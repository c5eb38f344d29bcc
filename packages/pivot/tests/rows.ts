/** Pivot rows for the dataset-tool tests. */

export const weatherTool = {
  type: 'function',
  strict: true,
  name: 'get_weather',
  description: 'Weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

/** A valid pivot row; override any part. */
export function pivotRow(overrides: Record<string, unknown> = {}, params: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    responses_create_params: {
      input: [{ role: 'user', type: 'message', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      parallel_tool_calls: false,
      tool_choice: 'auto',
      ...params,
    },
    expected_action: { type: 'function_call', name: 'get_weather', arguments: '{"city": "Paris"}' },
    agent_ref: { type: 'responses_api_agents', name: 'weather_pivots_agent' },
    ...overrides,
  };
}
