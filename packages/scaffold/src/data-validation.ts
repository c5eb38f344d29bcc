/**
 * The reference's example-data checks for a resources server folder: five
 * example rows, their metrics file, five example rollouts with rewards, and
 * no unresolved metrics conflicts. Problems are returned as sentences that say how to fix them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { recordCommand } from './record-rollouts.ts';
import type { ServerFolder } from './server-folders.ts';

export const EXAMPLE_ROWS = 5;

export function validateExampleData(folder: ServerFolder): string[] {
  if (folder.kindDir !== 'resources_servers') return [];
  const dataDir = path.join(folder.dir, 'data');
  const problems: string[] = [];
  const rows = readJsonLines(path.join(dataDir, 'example.jsonl'), problems, `${folder.relDir}/data/example.jsonl`, 'the first 5 rows of your dataset');
  if (rows) {
    rows.forEach((row, i) => {
      const params = (row as { responses_create_params?: { input?: unknown } } | null)?.responses_create_params;
      if (!params || typeof params !== 'object' || params.input === undefined) {
        problems.push(`${folder.relDir}/data/example.jsonl line ${i + 1} has no responses_create_params.input.`);
      }
    });
  }
  const rollouts = readJsonLines(
    path.join(dataDir, 'example_rollouts.jsonl'),
    problems,
    `${folder.relDir}/data/example_rollouts.jsonl`,
    `one rollout per example row; record them with \`${recordCommand(folder.relDir)}\``,
  );
  if (rollouts) {
    rollouts.forEach((r, i) => {
      if (typeof (r as { reward?: unknown } | null)?.reward !== 'number') problems.push(`${folder.relDir}/data/example_rollouts.jsonl line ${i + 1} has no numeric reward.`);
    });
  }
  problems.push(...checkMetrics(folder, path.join(dataDir, 'example_metrics.json')));
  if (existsSync(dataDir)) {
    const conflicts = readdirSync(dataDir).filter((f) => f.includes('conflict'));
    if (conflicts.length) problems.push(`Unresolved metrics conflicts in ${folder.relDir}/data/: ${conflicts.join(', ')} (compare, fix, then delete them).`);
  }
  return problems;
}

/** The metrics `ng prepare-data` writes for the example rows, which must count 5 examples. */
function checkMetrics(folder: ServerFolder, file: string): string[] {
  const shown = `${folder.relDir}/data/example_metrics.json`;
  const fix = `write it with \`ng prepare-data "+config_paths=[${folder.relDir}/configs/${folder.name}.yaml]" +mode=example_validation +write_metrics=true\``;
  if (!existsSync(file)) return [`${shown} is missing: ${fix}.`];
  let count: unknown;
  try {
    count = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)['Number of examples'];
  } catch {
    return [`${shown} is not JSON: ${fix}.`];
  }
  return count === EXAMPLE_ROWS ? [] : [`${shown} counts ${JSON.stringify(count)} examples; expected ${EXAMPLE_ROWS} (${fix} after fixing the rows).`];
}

function readJsonLines(file: string, problems: string[], shown: string, what: string): unknown[] | undefined {
  if (!existsSync(file)) {
    problems.push(`${shown} is missing: it must hold ${EXAMPLE_ROWS} lines (${what}).`);
    return undefined;
  }
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  if (lines.length !== EXAMPLE_ROWS) problems.push(`${shown} has ${lines.length} lines; expected ${EXAMPLE_ROWS} (${what}).`);
  const parsed: unknown[] = [];
  lines.forEach((line, i) => {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      problems.push(`${shown} line ${i + 1} is not JSON.`);
      parsed.push(null);
    }
  });
  return parsed;
}
