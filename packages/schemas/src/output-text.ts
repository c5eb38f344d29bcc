/** The text a Response carries, read the way the OpenAI SDK's `response.output_text` reads it. */

/** Every `output_text` part of every message item, concatenated with nothing between (reasoning, tool calls and refusals are left out). */
export function outputText(output: ReadonlyArray<Record<string, unknown>>): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message' || !Array.isArray(item.content)) continue;
    for (const part of item.content) if (part?.type === 'output_text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}
