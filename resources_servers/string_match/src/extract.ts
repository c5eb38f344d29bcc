/**
 * Getting the answer out of a response: the assistant text, then one of the
 * four extraction modes (boxed, final_answer, last_line, full_response).
 */
import { pyRe, pyRstrip, pySplitlines, pyStrip } from '@gym/pysemantics';

export type ExtractionMode = 'boxed' | 'final_answer' | 'last_line' | 'full_response';

const BOXED_START = pyRe(String.raw`\\boxed\{`);
const LATEX_TEXT_WRAP = pyRe(String.raw`\\text\{\s*(.*?)\s*\}`, { dotAll: true });
const FINAL_ANSWER = pyRe(String.raw`(?i)(?:final\s+answer|answer)\s*[:：]\s*(.+)`);
const TRAILING_PERIOD = pyRe(String.raw`\.\s*$`);

type Item = Record<string, unknown>;

/** The text parts of every assistant message (string content counts too), joined with "\n" and stripped. */
export function assistantText(output: readonly Item[]): string {
  const texts: string[] = [];
  for (const o of output) {
    if (o.type !== 'message' || o.role !== 'assistant') continue;
    if (Array.isArray(o.content)) {
      for (const part of o.content) if (part && typeof part.text === 'string') texts.push(part.text);
    } else if (typeof o.content === 'string') texts.push(o.content);
  }
  return pyStrip(texts.join('\n'));
}

/** Peel whole-string `\text{...}` wrappers, repeatedly. */
export function stripLatexWrappers(value: string): string {
  for (;;) {
    const m = LATEX_TEXT_WRAP.fullmatch(value);
    if (!m) return value;
    value = m[1];
  }
}

/** Inner text of the last `\boxed{` whose braces balance (earlier ones are tried if a later one never closes). */
export function extractBoxed(text: string): string | null {
  for (const m of BOXED_START.finditer(text).reverse()) {
    const innerStart = m.index + m[0].length;
    let depth = 1;
    for (let i = innerStart; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
      if (depth === 0) return pyStrip(stripLatexWrappers(pyStrip(text.slice(innerStart, i))));
    }
  }
  return null;
}

/** The value after the last `Final answer:` / `Answer:` (to the end of that line), without trailing periods. */
export function extractFinalAnswer(text: string): string | null {
  const matches = FINAL_ANSWER.findall(text) as string[];
  if (matches.length === 0) return null;
  let raw = pyStrip(matches[matches.length - 1]);
  raw = pyStrip(TRAILING_PERIOD.split(raw)[0] as string);
  return pyRstrip(raw, '.');
}

/** The last non-blank line, stripped. */
export function extractLastLine(text: string): string | null {
  for (const line of pySplitlines(text).reverse()) {
    const stripped = pyStrip(line);
    if (stripped) return stripped;
  }
  return null;
}

export function extractAnswer(text: string, mode: ExtractionMode): string | null {
  switch (mode) {
    case 'boxed':
      return extractBoxed(text);
    case 'final_answer':
      return extractFinalAnswer(text) ?? extractBoxed(text);
    case 'last_line':
      return extractLastLine(text);
    case 'full_response':
      return pyStrip(text) || null;
  }
}
