/**
 * The grading modes and the template-regex path, in the order verify tries
 * them: the row's `template_metadata.output_regex` first, then the mode.
 */
import { HttpError } from '@gym/server';
import { PyRegexError, pyIsAlpha, pyLen, pyRe, pyReEscape, pyStrip, pyUnicodeNormalize, pyUpper } from '@gym/pysemantics';
import {
  extractChoiceLetter,
  matchOptionTextInBox,
  normalizeExtractedAnswer,
  normalizeForMatch,
  parseStrictBoxed,
  stripLatexWrappers,
  type Options,
} from './letters.ts';

export const ROW_GRADING_MODES = ['strict_single_letter_boxed', 'lenient_boxed', 'lenient_answer_colon'] as const;
/** The config may also select the markdown-aware `Answer:` mode. */
export const CONFIG_GRADING_MODES = [...ROW_GRADING_MODES, 'lenient_answer_colon_md'] as const;
export type GradingMode = (typeof CONFIG_GRADING_MODES)[number];

const ANSWER_COLON = pyRe(String.raw`(?i)answer\s*:\s*(.+)`);
const ANSWER_COLON_PAYLOAD = pyRe(String.raw`(?im)[*_]{0,2}Answer[*_]{0,2}\s*:[*_\s]{0,2}(.+)`);

function badRegex(message: string): HttpError {
  return new HttpError(422, 'GYM_BAD_ROW', message, [{ type: 'value_error', loc: ['body', 'template_metadata', 'output_regex'], msg: message }]);
}

/**
 * One template regex: its last case-insensitive match, normalised and
 * uppercased. A single letter is trusted even if it is not an option; other
 * text must equal an option's text. An invalid regex yields null.
 */
export function parseWithTemplateRegex(text: string, pattern: string, allowed: Set<string>, options: Options): string | null {
  let matches: Array<string | string[]>;
  try {
    matches = pyRe(pattern, { ignoreCase: true }).findall(text);
  } catch (err) {
    if (err instanceof PyRegexError) return null;
    throw err;
  }
  if (matches.length === 0) return null;
  const last = matches[matches.length - 1];
  if (typeof last !== 'string') throw badRegex(`output_regex ${JSON.stringify(pattern)} has several groups; it must capture the answer in at most one`);
  const captured = pyUpper(normalizeExtractedAnswer(pyStrip(last)));
  if (pyLen(captured) === 1 && pyIsAlpha(captured)) return captured;
  const normalized = normalizeForMatch(captured);
  for (const entry of options ?? []) {
    for (const [k, v] of Object.entries(entry)) if (v !== null && allowed.has(pyUpper(k)) && normalizeForMatch(v) === normalized) return pyUpper(k);
  }
  return null;
}

/** `output_regex` as a string or a list of strings, tried in order. */
export function parseWithTemplateRegexes(text: string, patterns: unknown, allowed: Set<string>, options: Options): string | null {
  if (typeof patterns === 'string') return parseWithTemplateRegex(text, patterns, allowed, options);
  if (!Array.isArray(patterns) || patterns.some((p) => typeof p !== 'string')) {
    throw badRegex('template_metadata.output_regex must be a regex string or a list of regex strings');
  }
  for (const p of patterns as string[]) {
    const pred = parseWithTemplateRegex(text, p, allowed, options);
    if (pred !== null) return pred;
  }
  return null;
}

/** lenient_answer_colon: the first `Answer:` payload, as an allowed letter or an exact option text. */
export function parseAnswerColon(text: string, allowed: Set<string>, options: Options): string | null {
  const m = ANSWER_COLON.search(text);
  if (!m) return null;
  const candidate = pyStrip(stripLatexWrappers(m[1]));
  if (pyLen(candidate) === 1 && pyIsAlpha(candidate) && allowed.has(pyUpper(candidate))) return pyUpper(candidate);
  const normalized = normalizeForMatch(candidate);
  for (const entry of options ?? []) {
    for (const [k, v] of Object.entries(entry)) {
      // A null text under an allowed letter fails here as it does in the reference (None has no .lower()).
      if (allowed.has(pyUpper(k)) && normalizeForMatch(v as string) === normalized) return pyUpper(k);
    }
  }
  return null;
}

/** Every `Answer:` payload (markdown emphasis allowed) and, with `answerPrefix`, every prefixed line, in text order. */
export function answerPayloads(text: string, answerPrefix: string | null): string[] {
  const normalizedText = pyUnicodeNormalize('NFKC', text);
  const found: Array<[number, string]> = ANSWER_COLON_PAYLOAD.finditer(normalizedText).map((m) => [m.index, m[1]]);
  if (answerPrefix) {
    const prefix = pyRe(pyReEscape(pyUnicodeNormalize('NFKC', answerPrefix)) + String.raw`\s*`, { ignoreCase: true });
    for (const m of prefix.finditer(normalizedText)) {
      const end = m.index + m[0].length;
      const lineEnd = normalizedText.indexOf('\n', end);
      found.push([m.index, normalizedText.slice(end, lineEnd < 0 ? normalizedText.length : lineEnd)]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  return found.map(([, payload]) => payload);
}

/** lenient_answer_colon_md: payloads from the last backwards; with a row prefix, fall back to the strict box. */
export function parseAnswerColonMarkdown(text: string, allowed: Set<string>, answerPrefix: string | null): string | null {
  for (const payload of answerPayloads(text, answerPrefix).reverse()) {
    const pred = extractChoiceLetter(payload, allowed);
    if (pred !== null) return pred;
  }
  return answerPrefix ? parseStrictBoxed(text, allowed) : null;
}

export function parseByMode(mode: GradingMode, text: string, allowed: Set<string>, options: Options, answerPrefix: string | null): string | null {
  switch (mode) {
    case 'strict_single_letter_boxed':
      return parseStrictBoxed(text, allowed);
    case 'lenient_boxed':
      return parseStrictBoxed(text, allowed) ?? matchOptionTextInBox(text, options, allowed);
    case 'lenient_answer_colon':
      return parseAnswerColon(text, allowed, options);
    case 'lenient_answer_colon_md':
      return parseAnswerColonMarkdown(text, allowed, answerPrefix);
  }
}
