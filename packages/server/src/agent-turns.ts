/**
 * What an agent accumulates over the model turns of one episode: the input
 * items it sends (a string prompt becomes one user message) and the token
 * usage it reports.
 */
import type { MessageItem, ResponseItem, ResponsesCreateParams, ResponseUsage } from '@gym/schemas';

/** The user message an agent appends for a prompt string or an environment observation. */
export function userMessage(text: string): MessageItem {
  return { role: 'user', content: text, type: 'message' };
}

/** The request's input as items: a string input is one user message. */
export function inputItems(input: ResponsesCreateParams['input']): ResponseItem[] {
  return typeof input === 'string' ? [userMessage(input)] : input;
}

/**
 * Token usage summed over turns, the way the reference sums it: turns
 * without usage are skipped, and a detail count that either side does not
 * know stays unknown (null) instead of being counted as zero.
 */
export function addUsage(total: ResponseUsage | null, turn: ResponseUsage | null | undefined): ResponseUsage | null {
  if (!turn) return total;
  if (!total) return structuredClone(turn);
  const sum: ResponseUsage = {
    ...structuredClone(total),
    input_tokens: total.input_tokens + turn.input_tokens,
    output_tokens: total.output_tokens + turn.output_tokens,
    total_tokens: total.total_tokens + turn.total_tokens,
  };
  if (total.input_tokens_details && turn.input_tokens_details) {
    sum.input_tokens_details = {
      ...total.input_tokens_details,
      cached_tokens: addKnown(total.input_tokens_details.cached_tokens, turn.input_tokens_details.cached_tokens),
    };
  }
  if (total.output_tokens_details && turn.output_tokens_details) {
    sum.output_tokens_details = {
      ...total.output_tokens_details,
      reasoning_tokens: addKnown(total.output_tokens_details.reasoning_tokens, turn.output_tokens_details.reasoning_tokens),
    };
  }
  return sum;
}

function addKnown(a: number | null | undefined, b: number | null | undefined): number | null {
  return a === null || a === undefined || b === null || b === undefined ? null : a + b;
}
