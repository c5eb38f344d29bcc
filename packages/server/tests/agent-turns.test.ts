/** What agents accumulate over an episode: input items and summed usage. */
import { describe, expect, it } from 'vitest';
import type { ResponseUsage } from '@gym/schemas';
import { addUsage, inputItems, userMessage } from '../src/index.ts';

const usage = (input: number, output: number, cached: number | null = 0, reasoning: number | null = 0): ResponseUsage => ({
  input_tokens: input,
  output_tokens: output,
  total_tokens: input + output,
  input_tokens_details: { cached_tokens: cached },
  output_tokens_details: { reasoning_tokens: reasoning },
});

describe('input items', () => {
  it('turns a string input into one user message and keeps item lists as they are', () => {
    expect(userMessage('hi')).toEqual({ role: 'user', content: 'hi', type: 'message' });
    expect(inputItems('hi')).toEqual([{ role: 'user', content: 'hi', type: 'message' }]);
    const items = [{ type: 'message', role: 'user', content: 'x' }];
    expect(inputItems(items)).toBe(items);
  });
});

describe('addUsage', () => {
  it('sums counts and known details over turns', () => {
    expect(addUsage(addUsage(null, usage(10, 2, 1, 0)), usage(20, 3, 4, 5))).toEqual(usage(30, 5, 5, 5));
  });

  it('skips turns without usage and returns null when no turn had any', () => {
    expect(addUsage(null, null)).toBeNull();
    expect(addUsage(null, undefined)).toBeNull();
    expect(addUsage(usage(1, 1), null)).toEqual(usage(1, 1));
  });

  it('keeps a detail unknown (null) when either side does not know it', () => {
    const sum = addUsage(usage(1, 1, null, 2), usage(1, 1, 3, null));
    expect(sum?.input_tokens_details).toEqual({ cached_tokens: null });
    expect(sum?.output_tokens_details).toEqual({ reasoning_tokens: null });
  });

  it('does not share objects with its inputs', () => {
    const first = usage(1, 1);
    const total = addUsage(null, first)!;
    expect(total).toEqual(first);
    expect(total).not.toBe(first);
    expect(total.input_tokens_details).not.toBe(first.input_tokens_details);
  });
});
