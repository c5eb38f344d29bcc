/**
 * Validate a pivot JSONL file: every check of the reference validator, line
 * by line (streamed), fail-fast by default or every error with `allErrors`,
 * plus the summary split between tool-call and message pivots.
 */
import { loadAgentRouting } from './config-routing.ts';
import { Counter, percent } from './counts.ts';
import { readLines } from './jsonl.ts';
import { checkRowText, type RowCheckOptions, type RowFacts } from './validate-row.ts';

export interface ValidateOptions extends RowCheckOptions {
  /** Report every failing line instead of stopping at the first. */
  allErrors?: boolean;
  /** Config files: each agent_ref must name an agent that routes to this verifier. */
  configPaths?: string[];
  cwd?: string;
}

export interface ValidationFailure {
  /** 1-based line number; 0 for a whole-file problem. */
  line: number;
  reason: string;
}

export interface PivotSummary {
  rows: number;
  agentRefs: Counter;
  expectedTools: Counter;
  actionTypes: Counter;
  batchSizes: Counter<number>;
  inputItems: number;
  tools: number;
}

export interface ValidationReport {
  ok: boolean;
  failures: ValidationFailure[];
  summary: PivotSummary;
}

export function emptySummary(): PivotSummary {
  return { rows: 0, agentRefs: new Counter(), expectedTools: new Counter(), actionTypes: new Counter(), batchSizes: new Counter<number>(), inputItems: 0, tools: 0 };
}

function addRow(summary: PivotSummary, facts: RowFacts): void {
  summary.rows++;
  summary.agentRefs.add(facts.agentName);
  summary.actionTypes.add(facts.action.type);
  if (facts.action.type === 'function_call') summary.expectedTools.add(facts.action.name);
  if (facts.action.type === 'function_call_batch') {
    summary.batchSizes.add(facts.action.calls.length);
    for (const call of facts.action.calls) summary.expectedTools.add(call.name);
  }
  summary.inputItems += facts.inputItems;
  summary.tools += facts.tools;
}

export async function validatePivotFile(path: string, opts: ValidateOptions = {}): Promise<ValidationReport> {
  const routing = opts.configPaths?.length ? await loadAgentRouting(opts.configPaths, opts.cwd) : undefined;
  const summary = emptySummary();
  const failures: ValidationFailure[] = [];
  for await (const { line, text } of readLines(path, 'pivot file')) {
    const checked = checkRowText(text, opts);
    const reason = checked.ok ? routing?.check(checked.facts.agentName) : checked.reason;
    if (reason !== undefined) {
      failures.push({ line, reason });
      if (!opts.allErrors) break;
      continue;
    }
    if (checked.ok) addRow(summary, checked.facts);
  }
  if (failures.length === 0 && summary.rows === 0) failures.push({ line: 0, reason: `no rows in ${path}` });
  return { ok: failures.length === 0, failures, summary };
}

export function formatFailure(f: ValidationFailure): string {
  return f.line > 0 ? `validation failed: line ${f.line}: ${f.reason}` : `validation failed: ${f.reason}`;
}

/** The summary printed on success, in the reference's layout (lists by count descending, then name). */
export function formatSummary(s: PivotSummary): string {
  const lines = [`rows: ${s.rows}`, 'agent_ref:'];
  for (const [name, n] of s.agentRefs.sorted()) lines.push(`  ${name}: ${n}`);
  lines.push('expected_tool:');
  for (const [name, n] of s.expectedTools.sorted()) lines.push(`  ${name}: ${n}`);
  lines.push('expected_action_split:');
  for (const [type, n] of s.actionTypes.sorted()) lines.push(`  ${type}: ${n} (${percent(n, s.rows)})`);
  if (s.batchSizes.total() > 0) {
    lines.push('batch_size:');
    for (const [size, n] of s.batchSizes.byKey()) lines.push(`  ${size}: ${n}`);
  }
  const avg = (x: number) => (s.rows ? x / s.rows : 0).toFixed(2);
  lines.push(`avg_input_items: ${avg(s.inputItems)}`, `avg_tools: ${avg(s.tools)}`);
  return `${lines.join('\n')}\n`;
}
