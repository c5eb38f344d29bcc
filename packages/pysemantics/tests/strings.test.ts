import { describe, expect, it } from 'vitest';
import {
  PY_WHITESPACE,
  PyValueError,
  isPySpace,
  pyChars,
  pyCollapseWhitespace,
  pyIsAlpha,
  pyIsDecimal,
  pyIsSpace,
  pyLen,
  pyLower,
  pyLstrip,
  pyRstrip,
  pySlice,
  pySplit,
  pySplitlines,
  pyStrRepr,
  pyStrip,
  pyUpper,
} from '../src/index.ts';

describe('Python whitespace', () => {
  it('is exactly the 29 characters of str.isspace()', () => {
    expect([...PY_WHITESPACE].map((c) => c.codePointAt(0)!.toString(16))).toEqual(
      ['9', 'a', 'b', 'c', 'd', '1c', '1d', '1e', '1f', '20', '85', 'a0', '1680', '2000', '2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008', '2009', '200a', '2028', '2029', '202f', '205f', '3000'],
    );
  });
  it('includes the ASCII separators \\x1c-\\x1f and NEL but not the BOM (unlike JS \\s)', () => {
    expect(isPySpace('\x1c')).toBe(true);
    expect(isPySpace('\x85')).toBe(true);
    expect(isPySpace('\ufeff')).toBe(false);
    expect(/\s/.test('\ufeff')).toBe(true);
    expect(pyIsSpace(' \u3000\t')).toBe(true);
    expect(pyIsSpace('')).toBe(false);
  });
});

describe('strip', () => {
  it('strips Unicode whitespace on both sides by default', () => {
    expect(pyStrip('\u2003\x1c a b \x85\xa0')).toBe('a b');
    expect(pyLstrip('  a  ')).toBe('a  ');
    expect(pyRstrip('  a  ')).toBe('  a');
  });
  it('keeps the BOM and zero-width space (not whitespace in Python)', () => {
    expect(pyStrip('\ufeffa\u200b')).toBe('\ufeffa\u200b');
  });
  it('strips a set of characters when given, by code point', () => {
    expect(pyStrip('*_`Answer.,;:', '*_` \t\n\r.,;:')).toBe('Answer');
    expect(pyRstrip('B...', '.')).toBe('B');
    expect(pyStrip('😀a😀', '😀')).toBe('a');
    expect(pyStrip('abc', '')).toBe('abc');
  });
});

describe('split', () => {
  it('splits on whitespace runs and drops empties', () => {
    expect(pySplit('  a\u2003b\n\nc  ')).toEqual(['a', 'b', 'c']);
    expect(pySplit('')).toEqual([]);
    expect(pySplit(' \t ')).toEqual([]);
  });
  it('honours maxsplit, keeping the rest (trailing whitespace included)', () => {
    expect(pySplit(' a b c ', null, 1)).toEqual(['a', 'b c ']);
    expect(pySplit(' a b c ', null, 0)).toEqual(['a b c ']);
    expect(pySplit('a  ', null, 1)).toEqual(['a']);
  });
  it('splits on an explicit separator, keeping empty pieces', () => {
    expect(pySplit('a,,b,', ',')).toEqual(['a', '', 'b', '']);
    expect(pySplit('10:30:00', ':', 1)).toEqual(['10', '30:00']);
    expect(pySplit('x', ',')).toEqual(['x']);
  });
  it('raises ValueError on an empty separator', () => {
    expect(() => pySplit('abc', '')).toThrow(PyValueError);
  });
  it('collapses whitespace like " ".join(s.split())', () => {
    expect(pyCollapseWhitespace('  A\n\tb\u3000 c ')).toBe('A b c');
  });
});

describe('splitlines', () => {
  it('uses every Python line boundary, \\r\\n as one', () => {
    expect(pySplitlines('a\nb\r\nc\rd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']);
  });
  it('does not treat \\x1f as a line break (it is whitespace, not a line boundary)', () => {
    expect(pySplitlines('a\x1fb')).toEqual(['a\x1fb']);
  });
  it('has no trailing empty line and keeps inner empty lines', () => {
    expect(pySplitlines('a\n')).toEqual(['a']);
    expect(pySplitlines('\n\n')).toEqual(['', '']);
    expect(pySplitlines('')).toEqual([]);
  });
  it('keeps the line ends when asked', () => {
    expect(pySplitlines('a\r\nb\n', true)).toEqual(['a\r\n', 'b\n']);
  });
});

describe('code points', () => {
  it('counts and slices by code point, not UTF-16 unit', () => {
    expect(pyLen('a😀b')).toBe(3);
    expect('a😀b'.length).toBe(4);
    expect(pyChars('😀é')).toEqual(['😀', 'é']);
    expect(pySlice('😀😀😀abc', 0, 2)).toBe('😀😀');
    expect(pySlice('abcdef', -2)).toBe('ef');
    expect(pySlice('abc', 5)).toBe('');
    expect(pySlice('abc', 2, 1)).toBe('');
    expect(pySlice('abc', -10, 2)).toBe('ab');
  });
});

describe('case and classes', () => {
  it('maps case with full Unicode rules', () => {
    expect(pyUpper('ß')).toBe('SS');
    expect(pyLower('İ')).toBe('i\u0307');
    expect(pyLower('ΣΑΣ')).toBe('σας');
    expect(pyLower('ＡＢ')).toBe('ａｂ');
  });
  it('isalpha: letters of any script, not digits, marks or empty', () => {
    expect(pyIsAlpha('Aé中ب')).toBe(true);
    expect(pyIsAlpha('A1')).toBe(false);
    expect(pyIsAlpha('')).toBe(false);
    expect(pyIsAlpha('\u0301')).toBe(false);
    expect(pyIsAlpha('Ⅳ')).toBe(false);
  });
  it('isdecimal: Nd digits of any script', () => {
    expect(pyIsDecimal('١٢३')).toBe(true);
    expect(pyIsDecimal('½')).toBe(false);
  });
});

describe('repr of a str', () => {
  it('picks the quote like Python', () => {
    expect(pyStrRepr("it's")).toBe(`"it's"`);
    expect(pyStrRepr('a"b')).toBe(`'a"b'`);
    expect(pyStrRepr(`both ' and "`)).toBe(`'both \\' and "'`);
  });
  it('escapes unprintables as Python does', () => {
    expect(pyStrRepr('tab\tnl\nnul\x00 del\x7f nb\xa0 é \u2028 😀 \ud800')).toBe("'tab\\tnl\\nnul\\x00 del\\x7f nb\\xa0 é \\u2028 😀 \\ud800'");
  });
});
