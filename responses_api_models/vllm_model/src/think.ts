/**
 * `<think>…</think>` handling: models served without a reasoning parser put
 * their reasoning inline; Gym carries it as `reasoning` items and writes it
 * back inline when it sends history upstream.
 */

const THINK_BLOCK = /<think>([\s\S]*?)<\/think>/g;

/** Every `<think>` block's inner text, and the text outside them concatenated (whitespace kept as is). */
export function parseThink(content: string): { reasoning: string[]; rest: string } {
  const reasoning = Array.from(content.matchAll(THINK_BLOCK), (m) => m[1]);
  return { reasoning, rest: reasoning.length ? content.replace(THINK_BLOCK, '') : content };
}

/** `<think>t</think>` for each non-empty text, concatenated. */
export function wrapThink(texts: readonly string[]): string {
  return texts
    .filter((t) => t)
    .map((t) => `<think>${t}</think>`)
    .join('');
}
