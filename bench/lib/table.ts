/**
 * Markdown formatting of bench results: aligned tables and the number styles
 * (median with its range, ratios, pass/fail against a target) used in the
 * printed report and in bench/RESULTS.md.
 */
import type { Summary } from './stats.ts';

export type Align = 'left' | 'right';

/** A GitHub-flavoured markdown table; columns are padded so the raw text reads as a table too. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== headers.length) throw new RangeError(`row ${i} has ${row.length} cells, the table has ${headers.length} columns`);
  }
  const cells = [headers, ...rows].map((row) => row.map(escapeCell));
  const widths = headers.map((_, c) => Math.max(3, ...cells.map((row) => row[c].length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, c) => (align[c] === 'right' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (align[c] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A number with a precision that suits its size: 1234 → "1234", 12.34 → "12.3", 0.1234 → "0.123". */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits || Number.isInteger(value)) return Math.round(value).toString();
  return Number(value.toPrecision(digits)).toString();
}

/** "median (min–max)", or the median alone when there was one measurement. */
export function formatSummary(s: Summary, unit = '', digits = 3): string {
  if (s.n === 0) return 'n/a';
  const m = `${formatNumber(s.median, digits)}${unit}`;
  if (s.n === 1 || s.min === s.max) return m;
  return `${m} (${formatNumber(s.min, digits)}–${formatNumber(s.max, digits)})`;
}

/** A ratio as a percentage: 0.8234 → "82%". */
export function formatPercent(value: number): string {
  return Number.isNaN(value) ? 'n/a' : `${Math.round(value * 100)}%`;
}

/** "82% (78–85%)" for a summarised ratio. */
export function formatRatioSummary(s: Summary): string {
  if (s.n === 0) return 'n/a';
  const m = formatPercent(s.median);
  if (s.n === 1 || s.min === s.max) return m;
  return `${m} (${Math.round(s.min * 100)}–${formatPercent(s.max)})`;
}

/** A signed difference in ms: +0.12 ms / −0.05 ms. */
export function formatDeltaMs(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  const sign = value < 0 ? '−' : '+';
  return `${sign}${formatNumber(Math.abs(value), 2)} ms`;
}

export function formatMegabytes(bytes: number): string {
  return Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Verdict of a figure against its target: "yes", "no", or "n/a" when it could not be measured. */
export function verdict(pass: boolean | undefined): string {
  return pass === undefined ? 'n/a' : pass ? 'yes' : 'no';
}
