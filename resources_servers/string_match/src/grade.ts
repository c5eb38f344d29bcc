/**
 * The NeMo-RL string-match grader: both answers are normalised, then compared
 * under a ladder of ever looser normalisations. Exact equality at any rung
 * gives 1.0; a numeric near-miss (relative score above 0.98) gives 0.98.
 */
import { pyCollapseWhitespace, pyFloat, pyFloatRepr, pyLen, pyLower, pyRe, pyRstrip, pyStrip, pyUnicodeNormalize } from '@gym/pysemantics';

const DIGIT_COMMA = pyRe(String.raw`(\d+),(\d+)`);
/** Note that it deletes every "m", as the reference does. */
const MATH_UNITS = pyRe(String.raw`\^\{?\\circ\}?|\\circ|°|cm[²³]?|mm|km|m[²³]?|kg`);

const LATEX_COMMANDS = ['\\boxed', '\\text', '\\textbf', '\\textit', '\\texttt', '\\mathrm', '\\mathbf', '\\mathit', '\\mathsf', '\\mathbb', '\\mathcal', '\\emph', '\\url'];

/** Multi-word names first so "west virginia" is not read as "west VA"; the rest alphabetically. */
const US_STATES: Array<[string, string]> = [
  ['district of columbia', 'DC'], ['new hampshire', 'NH'], ['new jersey', 'NJ'], ['new mexico', 'NM'], ['new york', 'NY'],
  ['north carolina', 'NC'], ['north dakota', 'ND'], ['rhode island', 'RI'], ['south carolina', 'SC'], ['south dakota', 'SD'],
  ['west virginia', 'WV'], ['alabama', 'AL'], ['alaska', 'AK'], ['arizona', 'AZ'], ['arkansas', 'AR'], ['california', 'CA'],
  ['colorado', 'CO'], ['connecticut', 'CT'], ['delaware', 'DE'], ['florida', 'FL'], ['georgia', 'GA'], ['hawaii', 'HI'],
  ['idaho', 'ID'], ['illinois', 'IL'], ['indiana', 'IN'], ['iowa', 'IA'], ['kansas', 'KS'], ['kentucky', 'KY'],
  ['louisiana', 'LA'], ['maine', 'ME'], ['maryland', 'MD'], ['massachusetts', 'MA'], ['michigan', 'MI'], ['minnesota', 'MN'],
  ['mississippi', 'MS'], ['missouri', 'MO'], ['montana', 'MT'], ['nebraska', 'NE'], ['nevada', 'NV'], ['ohio', 'OH'],
  ['oklahoma', 'OK'], ['oregon', 'OR'], ['pennsylvania', 'PA'], ['tennessee', 'TN'], ['texas', 'TX'], ['utah', 'UT'],
  ['vermont', 'VT'], ['virginia', 'VA'], ['washington', 'WA'], ['wisconsin', 'WI'], ['wyoming', 'WY'],
];

const UNICODE_MATH: Array<[string, string]> = [
  ['°', '^\\circ'], ['²', '^2'], ['³', '^3'], ['⁴', '^4'], ['⁵', '^5'], ['⁶', '^6'], ['⁷', '^7'], ['⁸', '^8'], ['⁹', '^9'],
  ['√', '\\sqrt'], ['﹣', '-'], ['﹢', '+'], ['﹦', '='], ['﹤', '<'], ['﹥', '>'], ['：', ':'], ['π', '\\pi'],
];

/** 1.0 / 0.98 / 0.0 as the reference grades `expected` against `extracted`. */
export function answersMatch(extracted: string, expected: string, caseSensitive: boolean): number {
  if (caseSensitive) return pyStrip(extracted) === pyStrip(expected) ? 1.0 : 0.0;
  return gradeStringMatch(expected, extracted);
}

export function gradeStringMatch(gtAnswer: string, predAnswer: string): number {
  let pred = pyUnicodeNormalize('NFKC', predAnswer);
  let gt = pyUnicodeNormalize('NFKC', gtAnswer);
  pred = stripTrailingPunctuation(pyLower(stripOuterQuotes(pred)));
  gt = stripTrailingPunctuation(pyLower(stripOuterQuotes(gt)));

  if (pred === gt) return 1.0;
  if (normalizeFloat(pred) === normalizeFloat(gt)) return 1.0;
  if (normalizeNumbers(pred) === normalizeNumbers(gt)) return 1.0;
  if (normalizeLatex(pred) === normalizeLatex(gt)) return 1.0;
  if (normalizeLists(pred) === normalizeLists(gt)) return 1.0;
  if (normalizeStates(pred) === normalizeStates(gt)) return 1.0;
  if (softNumericGrade(gt, pred) > 0.98) return 0.98;

  const predStripped = pyStrip(MATH_UNITS.sub('', normalizeUnicodeMath(normalizeLatex(pred))));
  const gtStripped = pyStrip(MATH_UNITS.sub('', normalizeUnicodeMath(normalizeLatex(gt))));
  if (predStripped === gtStripped) return 1.0;
  if (softNumericGrade(gtStripped, predStripped) > 0.98) return 0.98;
  return 0.0;
}

export function stripOuterQuotes(text: string): string {
  if (text.length >= 2 && text[0] === text[text.length - 1] && (text[0] === '"' || text[0] === "'")) return text.slice(1, -1);
  return text;
}

export function stripTrailingPunctuation(text: string): string {
  return pyRstrip(text, '.!?') || text;
}

/** Python's `str(float(x))` after dropping `\%`, `\$` and `$`; the text itself if it is not a float. */
export function normalizeFloat(text: string): string {
  const cleaned = pyStrip(text.replaceAll('\\%', '').replaceAll('\\$', '').replaceAll('$', ''));
  try {
    return pyFloatRepr(pyFloat(cleaned));
  } catch {
    return text;
  }
}

export function normalizeNumbers(text: string): string {
  return DIGIT_COMMA.sub(String.raw`\1\2`, text).replaceAll('\\%', '%');
}

/** Separators become spaces; "and"/"or" are removed even inside words unless that shrinks the text by over 10%. */
export function normalizeLists(text: string): string {
  const original = text;
  const originalLength = pyLen(text);
  text = text.replaceAll(',', ' ').replaceAll(';', ' ');
  text = text.replaceAll('and', ' ').replaceAll('or', ' ');
  if (pyLen(text) < 0.9 * originalLength) return original;
  return pyCollapseWhitespace(text);
}

export function normalizeLatex(text: string): string {
  for (const cmd of LATEX_COMMANDS) text = removeLatexCommand(cmd, text);
  for (const token of ['\\(', '\\)', '\\[', '\\]']) text = text.replaceAll(token, '');
  return pyCollapseWhitespace(text.replaceAll('$', ''));
}

/** Drop `cmd{` and its matching `}`, keeping the content; an unclosed `cmd{` is dropped alone. */
export function removeLatexCommand(cmd: string, text: string): string {
  const open = `${cmd}{`;
  while (text.includes(open)) {
    const at = text.indexOf(open);
    const prefix = text.slice(0, at);
    const suffix = text.slice(at + open.length);
    let depth = 1;
    let closed = false;
    for (let i = 0; i < suffix.length; i++) {
      if (suffix[i] === '{') depth++;
      else if (suffix[i] === '}') depth--;
      if (depth === 0) {
        text = prefix + suffix.slice(0, i) + suffix.slice(i + 1);
        closed = true;
        break;
      }
    }
    if (!closed) text = prefix + suffix;
  }
  return text;
}

export function normalizeStates(text: string): string {
  for (const [name, abbreviation] of US_STATES) text = text.replaceAll(name, abbreviation);
  return pyLower(normalizeLists(text));
}

export function normalizeUnicodeMath(text: string): string {
  for (const [from, to] of UNICODE_MATH) text = text.replaceAll(from, to);
  return text;
}

function stripNumeric(text: string): string {
  for (const ch of ['$', '£', '€', '%', ',']) text = text.replaceAll(ch, '');
  text = MATH_UNITS.sub('', normalizeUnicodeMath(text));
  return pyStrip(text.replaceAll('\\%', '').replaceAll('\\$', ''));
}

/** `max(0, 1 - |p - g| / max(|g|, 1e-9)) ** 2`, with Python's max (NaN never wins), or 0 if either side is not a float. */
export function softNumericGrade(gtAnswer: string, predAnswer: string): number {
  let predValue: number;
  let gtValue: number;
  try {
    predValue = pyFloat(stripNumeric(predAnswer));
    gtValue = pyFloat(stripNumeric(gtAnswer));
  } catch {
    return 0.0;
  }
  const absGt = Math.abs(gtValue);
  const denominator = 1e-9 > absGt ? 1e-9 : absGt;
  const relError = Math.abs(predValue - gtValue) / denominator;
  const score = 1.0 - relError > 0.0 ? 1.0 - relError : 0.0;
  return score ** 2;
}
