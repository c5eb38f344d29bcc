import { describe, expect, it } from 'vitest';
import { PyRegex, PyRegexError, pyRe, pyReEscape } from '../src/index.ts';

// Expected values come from CPython 3.11 `re`.
describe('Python regex semantics', () => {
  it('findall returns the group text; `.` stops only at \\n (not \\r or \\u2028)', () => {
    expect(pyRe(String.raw`(?i)(?:final\s+answer|answer)\s*[:：]\s*(.+)`).findall('Answer: x\r y\nFINAL  answer：  Paris.\n')).toEqual(['x\r y', 'Paris.']);
    expect(pyRe('x.y').findall('x\ry x\ny x\u2028y')).toEqual(['x\ry', 'x\u2028y']);
    expect(pyRe('x.y', { dotAll: true }).findall('x\ny')).toEqual(['x\ny']);
  });
  it('\\d, \\w and \\s are Unicode-aware, \\s is Python whitespace', () => {
    expect(pyRe(String.raw`\d+`).findall('a12b٣٤c')).toEqual(['12', '٣٤']);
    expect(pyRe(String.raw`\w+`).findall('héllo wörld_1 ٣')).toEqual(['héllo', 'wörld_1', '٣']);
    expect(pyRe(String.raw`\s+`).findall('a\x1cb\ufeffc\x85d')).toEqual(['\x1c', '\x85']);
    expect(pyRe(String.raw`\d+`, { ascii: true }).findall('a12b٣٤c')).toEqual(['12']);
  });
  it('\\b uses Unicode word characters', () => {
    expect(pyRe(String.raw`\b[A-Z]\b`).findall('éA B_C D')).toEqual(['D']);
    expect(pyRe(String.raw`\B`).findall('')).toEqual([]);
  });
  it('$ also matches before one final newline; multiline ^ only after \\n', () => {
    expect(pyRe('a$').search('a\n')?.[0]).toBe('a');
    expect(pyRe('a$').search('a\n\n')).toBeNull();
    expect(pyRe('^b', { multiline: true }).findall('a\nb\rb\u2028b')).toEqual(['b']);
  });
  it('treats a { that is not a quantifier as a literal, and {,n} as {0,n}', () => {
    expect(pyRe('a{,2}').findall('aaa')).toEqual(['aa', 'a', '']);
    expect(pyRe(String.raw`\\boxed{`).findall('x \\boxed{B}')).toEqual(['\\boxed{']);
    expect(pyRe('a{1,x}').findall('a{1,x}')).toEqual(['a{1,x}']);
  });
  it('retries at the same place for a non-empty match after an empty one (Python 3.7+)', () => {
    expect(pyRe('|a').findall('aa')).toEqual(['', 'a', '', 'a', '']);
    expect(pyRe('|.').findall('a')).toEqual(['', 'a', '']);
  });
  it('returns one entry per group when there are several, "" for groups that did not take part', () => {
    expect(pyRe('(a)|(b)').findall('ab')).toEqual([
      ['a', ''],
      ['', 'b'],
    ]);
  });
  it('supports named groups and backreferences, verbose mode and escaped punctuation', () => {
    expect(pyRe(String.raw`(?P<n>\w)(?P=n)`).findall('aabcc')).toEqual(['a', 'c']);
    expect(pyRe('(?x) a  b # comment').findall('ab a b')).toEqual(['ab']);
    expect(pyRe(String.raw`\:\-\'`).findall(":-'")).toEqual([":-'"]);
  });
  it('handles negated categories inside classes', () => {
    expect(pyRe(String.raw`[\W\d]+`).findall('ab, 12;cd')).toEqual([', 12;']);
    expect(pyRe(String.raw`[^\W\d]+`).findall('ab, 12;cd_é')).toEqual(['ab', 'cd_é']);
    expect(pyRe('[]a]+').findall('x]a]')).toEqual([']a]']);
  });
  it('fullmatch backtracks to span the whole string', () => {
    expect(pyRe(String.raw`\\text\{\s*(.*?)\s*\}`, { dotAll: true }).fullmatch('\\text{ a } and \\text{b }')?.[1]).toBe('a } and \\text{b');
    expect(pyRe('a|ab').fullmatch('ab')?.[0]).toBe('ab');
    expect(pyRe('a').fullmatch('ab')).toBeNull();
  });
  it('match anchors at the start, search does not', () => {
    expect(pyRe('b').match('ab')).toBeNull();
    expect(pyRe('b').search('ab')?.index).toBe(1);
  });
  it('sub expands Python templates; unmatched groups give ""', () => {
    expect(pyRe(String.raw`(\d+),(\d+)`).sub(String.raw`\1\2`, '1,234,567 and 8,9')).toBe('1234,567 and 89');
    expect(pyRe('(a)(x)?').sub(String.raw`[\2|\g<1>]`, 'ab')).toBe('[|a]b');
    expect(pyRe(String.raw`\.`).sub('-', 'a.b.c', 1)).toBe('a-b.c');
  });
  it('split keeps group texts', () => {
    expect(pyRe(String.raw`\.\s*$`).split('a. .')).toEqual(['a. ', '']);
    expect(pyRe('(,)').split('a,b')).toEqual(['a', ',', 'b']);
  });
  it.each([
    ['a(?i)', 'global flags not at the start'],
    ['^*', 'nothing to repeat'],
    [String.raw`\b*`, 'nothing to repeat'],
    ['a**', 'multiple repeat'],
    ['a{2}{3}', 'multiple repeat'],
    [String.raw`[\w-a]`, 'bad character range'],
    [String.raw`\8`, 'invalid group reference'],
    [String.raw`(a\1)`, 'cannot refer to an open group'],
    [String.raw`\z`, 'bad escape'],
    ['[', 'unterminated character set'],
    ['a)', 'unbalanced parenthesis'],
    ['(a', 'missing )'],
    ['(?<n>a)', 'unknown extension'],
    [String.raw`\x4`, 'incomplete escape'],
    ['\\', 'bad escape (end of pattern)'],
    ['(?L)a', "cannot use 'L' flag"],
    ['a{3,1}', 'min repeat greater than max repeat'],
  ])('rejects %j like re.compile (%s)', (pattern, message) => {
    expect(() => new PyRegex(pattern)).toThrow(PyRegexError);
    expect(() => new PyRegex(pattern)).toThrow(message);
  });
  it('accepts what Python accepts even where JS u-mode would not', () => {
    for (const p of ['(?i)(?s)a', '(?#c)(?i)a', 'a{}', 'a{,}', '[]a]', '[^]a]', '(?=a)*', String.raw`\Z`, String.raw`[\b]`, String.raw`\u0041`, '(?a:b)', '(?x: a b )c d', '}', ']']) {
      expect(() => new PyRegex(p), p).not.toThrow();
    }
  });
  it('says so when a construct cannot be expressed in JS', () => {
    expect(() => new PyRegex('(?>a)')).toThrow('cannot be expressed');
    expect(() => new PyRegex('a*+')).toThrow('cannot be expressed');
    expect(() => new PyRegex('(?i)(?-i:a)')).toThrow('cannot be expressed');
  });
  it('honours flags given inline and as options', () => {
    expect(pyRe('(?i)abc').findall('ABC abc')).toEqual(['ABC', 'abc']);
    expect(pyRe('abc', { ignoreCase: true }).findall('AbC')).toEqual(['AbC']);
    expect(pyRe('(?s:.)x').findall('\nx')).toEqual(['\nx']);
    expect(pyRe('(?m:^b)').findall('a\nb')).toEqual(['b']);
  });
  it('caches compiled patterns', () => {
    expect(pyRe('abc')).toBe(pyRe('abc'));
    expect(pyRe('abc')).not.toBe(pyRe('abc', { ignoreCase: true }));
  });
});

describe('re.escape', () => {
  it('escapes the characters Python 3.7+ escapes, and the result matches literally', () => {
    expect(pyReEscape('Answer (final): a.b\t*é')).toBe('Answer\\ \\(final\\):\\ a\\.b\\\t\\*é');
    const prefix = 'Final [choice] {x}?';
    expect(pyRe(pyReEscape(prefix)).search(`say ${prefix}`)?.[0]).toBe(prefix);
  });
});
