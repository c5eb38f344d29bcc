/**
 * Reading a choice letter out of answer text: the last `\boxed{...}`, an
 * `Answer:` payload, or an option's text. Shared by every grading mode.
 */
import { pyCollapseWhitespace, pyIsAlpha, pyLen, pyLower, pyRe, pyStrip, pyUnicodeNormalize, pyUpper } from '@gym/pysemantics';

/** Options as the row gives them: single-key maps `{ "A": "text" }`; a null text disables the letter. */
export type Options = Array<Record<string, string | null>> | null | undefined;

const CHOICE_LETTER = pyRe('(?<![A-Za-z])([A-Za-z])(?![A-Za-z])');
/** The box holds just a letter, e.g. "E", "[C]", "(B)". */
const BOXED_LETTER_ONLY = pyRe('^[^A-Za-z]*([A-Z])[^A-Za-z]*$');
/** The box starts with a letter then a delimiter, e.g. "E: ...", "C) ...". */
const BOXED_LETTER_LABEL = pyRe(String.raw`^\s*([A-Z])\s*[:).\-]`);
const LATEX_TEXT_WRAP = pyRe(String.raw`\\text\{\s*(.*?)\s*\}`, { dotAll: true });
const LEADING_CHOICE_LETTER = pyRe('^([a-zA-Z])(?![a-zA-Z0-9])');
const LAST_STANDALONE_CHOICE_LETTER = pyRe(String.raw`\b[A-Z]\b(?!.*\b[A-Z]\b)`, { dotAll: true });
const CHOICE_LIST_SEPARATOR = pyRe(String.raw`(?:\s*[/|&,;]\s*|\s+(?:or|and)\s+|\s+)`, { ignoreCase: true });

/** Uppercased single-letter option keys whose text is not null. */
export function allowedLetters(options: Options): Set<string> {
  const letters = new Set<string>();
  for (const entry of options ?? []) {
    for (const [k, v] of Object.entries(entry)) if (pyLen(k) === 1 && pyIsAlpha(k) && v !== null) letters.add(pyUpper(k));
  }
  return letters;
}

/** Lowercase and collapse whitespace, for option-text comparisons. */
export function normalizeForMatch(s: string): string {
  return pyCollapseWhitespace(pyLower(s));
}

/** Peel whole-string `\text{...}` wrappers, repeatedly. */
export function stripLatexWrappers(s: string): string {
  for (;;) {
    const m = LATEX_TEXT_WRAP.fullmatch(s);
    if (!m) return s;
    s = m[1];
  }
}

/** Everything inside the LAST `\boxed{` (braces counted), or null if there is none or it never closes. */
export function extractBoxedInner(text: string): string | null {
  const marker = '\\boxed{';
  const start = text.lastIndexOf(marker);
  if (start === -1) return null;
  let depth = 1;
  for (let i = start + marker.length; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(start + marker.length, i);
  }
  return null;
}

/** strict_single_letter_boxed: a bare letter, or a leading letter label, in the last box; it must be allowed. */
export function parseStrictBoxed(text: string, allowed: Set<string>): string | null {
  const raw = extractBoxedInner(text);
  if (raw === null) return null;
  const inner = stripLatexWrappers(pyStrip(raw));
  const m = BOXED_LETTER_ONLY.match(inner) ?? BOXED_LETTER_LABEL.match(inner);
  const letter = m ? pyUpper(m[1]) : null;
  return letter !== null && allowed.has(letter) ? letter : null;
}

/** lenient_boxed fallback: the letter whose option text occurs in the last box, if exactly one does. */
export function matchOptionTextInBox(text: string, options: Options, allowed: Set<string>): string | null {
  const raw = extractBoxedInner(text);
  if (raw === null) return null;
  const inner = pyStrip(raw);
  const candidates = [inner, stripLatexWrappers(inner)].map(normalizeForMatch);
  const normalizedOptions: Array<[string, string]> = [];
  for (const entry of options ?? []) {
    for (const [k, v] of Object.entries(entry)) {
      if (v !== null && pyLen(k) === 1 && allowed.has(pyUpper(k))) normalizedOptions.push([pyUpper(k), normalizeForMatch(v)]);
    }
  }
  const matched = new Set<string>();
  for (const cand of candidates) for (const [letter, opt] of normalizedOptions) if (opt && cand.includes(opt)) matched.add(letter);
  return matched.size === 1 ? [...matched][0] : null;
}

/** NFKC, then Arabic, Bengali and full-width option letters become " A".." D", then strip. */
export function normalizeExtractedAnswer(text: string): string {
  let out = pyUnicodeNormalize('NFKC', text);
  const map: Array<[string, string]> = [
    ['أ', ' A'], ['ب', ' B'], ['ج', ' C'], ['د', ' D'],
    ['অ', ' A'], ['ব', ' B'], ['ড', ' C'], ['ঢ', ' D'],
    ['Ａ', ' A'], ['Ｂ', ' B'], ['Ｃ', ' C'], ['Ｄ', ' D'],
  ];
  for (const [from, to] of map) out = out.replaceAll(from, to);
  return pyStrip(out);
}

/** True when two different allowed letters are listed next to each other ("A or B", "A/B", "A, B"). */
export function containsAmbiguousChoiceList(text: string, allowed: Set<string>): boolean {
  const matches = CHOICE_LETTER.finditer(text)
    .filter((m) => allowed.has(pyUpper(m[1])))
    .map((m) => ({ letter: pyUpper(m[1]), start: m.index, end: m.index + m[1].length }));
  return matches.slice(1).some((right, i) => {
    const left = matches[i];
    return left.letter !== right.letter && CHOICE_LIST_SEPARATOR.fullmatch(text.slice(left.end, right.start)) !== null;
  });
}

/** One allowed letter from an `Answer:` payload: the whole payload, a leading letter, or the last standalone capital. */
export function extractChoiceLetter(payload: string, allowed: Set<string>): string | null {
  const candidate = pyStrip(pyStrip(normalizeExtractedAnswer(payload)), '*_` \t\n\r.,;:');
  if (containsAmbiguousChoiceList(candidate, allowed)) return null;
  let letter: string | null;
  if (pyLen(candidate) === 1) letter = candidate;
  else letter = LEADING_CHOICE_LETTER.match(candidate)?.[1] ?? LAST_STANDALONE_CHOICE_LETTER.search(candidate)?.[0] ?? null;
  if (!letter) return null;
  const up = pyUpper(letter);
  return allowed.has(up) ? up : null;
}
