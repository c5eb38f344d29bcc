/** The linear-time JSON-list finder must pick exactly the span the reference regex picks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pyRe } from '@gym/pysemantics';
import { findJsonListSpan } from '../src/json-list.ts';

const REFERENCE = pyRe(String.raw`\[(?:[^\[\]]|\{[^}]*\})*\{(?:[^\[\]]|\{[^}]*\})*\}(?:[^\[\]]|\{[^}]*\})*\]`, { dotAll: true });
const viaRegex = (text: string): [number, number] | null => {
  const m = REFERENCE.search(text);
  return m ? [m.index, m.index + m[0].length] : null;
};

describe('findJsonListSpan', () => {
  it.each<[string, [number, number] | null]>([
    ['[{"a": 1}]', [0, 10]],
    ['x [1, 2] [{"a": 1}] y', [9, 19]],
    ['x [1, 2] [{"a": [1]}] y', null],
    ['[a {b] c}]', null],
    ['[{b] c} {d}]', [0, 12]],
    ['[{"k": "[x]"}, {}]', [0, 18]],
    ['[{]}', null],
    ['no list', null],
    ['[{}] and [{}]', [0, 4]],
    ['[[{"a": 1}]]', [1, 11]],
  ])('%j → %j', (text, span) => {
    expect(findJsonListSpan(text)).toEqual(span);
    expect(viaRegex(text)).toEqual(span);
  });

  it('agrees with the backtracking regex on random bracket soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('[', ']', '{', '}', 'a', ',', '\n', '😀'), { maxLength: 14 }), (chars) => {
        const text = chars.join('');
        expect(findJsonListSpan(text)).toEqual(viaRegex(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('stays fast on a truncated list with many objects (exponential for the regex)', () => {
    const text = '[' + '{"event_id": 1, "start_time": "10:00", "duration": 30}, '.repeat(200);
    const t0 = performance.now();
    expect(findJsonListSpan(text)).toBeNull();
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
