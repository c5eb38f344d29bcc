/** The grading ladder, rung by rung. Expected values were produced by the reference Python grader. */
import { describe, expect, it } from 'vitest';
import { answersMatch, gradeStringMatch, normalizeLatex, normalizeLists, normalizeStates, removeLatexCommand, softNumericGrade } from '../src/grade.ts';

describe('gradeStringMatch(expected, extracted)', () => {
  it.each([
    ['Paris', 'paris', 'lowercase'],
    ['Paris', '"Paris"', 'one pair of outer quotes'],
    ['Paris', 'Paris!?.', 'trailing . ! ?'],
    ['...', '...', 'punctuation-only answers keep their dots'],
    ['Ｐａｒｉｓ', 'Paris', 'NFKC'],
    ['80', '80.0', 'float normalisation'],
    ['80', '$80', 'float normalisation drops $'],
    ['0.5', '.5', 'float normalisation'],
    ['1e3', '1000', 'float normalisation reads exponents'],
    ['inf', 'infinity', 'float normalisation reads inf words'],
    ['nan', 'NaN', 'float normalisation reads nan'],
    ['1234', '1,234', 'digit-comma removal'],
    ['50%', '50\\%', '\\% becomes %'],
    ['bold', '\\textbf{bold}', 'latex commands keep their content'],
    ['x', '\\(x\\)', 'latex delimiters are removed'],
    ['New York', 'NY', 'state names become codes'],
    ['kansas', 'KS', 'state names'],
    ['arkansas', 'AR', 'arkansas is replaced before kansas'],
    ['maine', 'me', 'codes are lowercased afterwards'],
  ])('%j vs %j gives 1.0 (%s)', (gt, pred) => {
    expect(gradeStringMatch(gt, pred)).toBe(1.0);
  });

  it.each([
    ['99.5', '100'],
    ['100', '99.5'],
    ['100', '101'],
    ['90', '90°'],
    ['90°', '90^\\circ'],
    ['5', '5 cm'],
    ['5', '5m'],
    ['5 kg', '5'],
    ['7', '7 mm'],
    ['1,234,567', '1234567'],
    ['1000000', '1,000,000.5'],
  ])('%j vs %j is a near miss: 0.98', (gt, pred) => {
    expect(gradeStringMatch(gt, pred)).toBe(0.98);
  });

  it.each([
    ['red, green and blue', 'red green blue'],
    ['new york and california', 'ny, ca'],
    ['orange', 'range'],
    ['', 'x'],
    ['2 m²', '2'],
    ['Paris', 'London'],
    ['80', '90'],
  ])('%j vs %j gives 0.0', (gt, pred) => {
    expect(gradeStringMatch(gt, pred)).toBe(0.0);
  });

  it('compares stripped text exactly when case-sensitive', () => {
    expect(answersMatch(' Paris ', 'Paris', true)).toBe(1.0);
    expect(answersMatch('paris', 'Paris', true)).toBe(0.0);
    expect(answersMatch('80.0', '80', true)).toBe(0.0);
  });
});

describe('normalisation helpers', () => {
  it('list normalisation removes "and"/"or" inside words unless the text shrinks by over 10%', () => {
    expect(normalizeLists('and')).toBe('and');
    expect(normalizeLists('portland oregon')).toBe('portland oregon');
    expect(normalizeLists('a, b; c')).toBe('a b c');
  });
  it('states are replaced then list-normalised and lowercased', () => {
    expect(normalizeStates('west virginia')).toBe('wv');
  });
  it('latex normalisation peels commands and delimiters', () => {
    expect(normalizeLatex('\\boxed{\\text{a}} $b$ \\[c\\]')).toBe('a b c');
    expect(removeLatexCommand('\\text', 'a\\text{b{c}}d\\text{e')).toBe('ab{c}de');
  });
  it('soft numeric grading is 0 for NaN and infinite differences (Python max keeps 0.0)', () => {
    expect(softNumericGrade('1', 'nan')).toBe(0.0);
    expect(softNumericGrade('inf', 'inf')).toBe(0.0);
    expect(softNumericGrade('100', 'inf')).toBe(0.0);
    expect(softNumericGrade('100', 'abc')).toBe(0.0);
    expect(softNumericGrade('100', '99')).toBeCloseTo(0.9801, 10);
  });
});
