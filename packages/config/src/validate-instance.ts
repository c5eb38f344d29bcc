/**
 * The shape and field rules of one top-level block. A block with no server-type key is plain
 * data; one with a type key is checked field by field, and every problem is collected (not just
 * the first) so the almost-server banner can list them all.
 */
import type { ConfigTree, ServerType } from './types.ts';
import { SERVER_TYPES } from './types.ts';
import { type KeySegment, isMap } from './tree.ts';

export const RESOURCE_DOMAINS = [
  'math',
  'coding',
  'agent',
  'knowledge',
  'instruction_following',
  'long_context',
  'safety',
  'games',
  'translation',
  'e2e',
  'rlhf',
  'other',
] as const;

export const DATASET_TYPES = ['train', 'validation', 'example'] as const;

export interface ValidationIssue {
  /** Where in the block, e.g. `['resources_servers', 'my_impl', 'domain']`. */
  loc: KeySegment[];
  msg: string;
}

export type BlockInspection =
  | { kind: 'data' }
  | { kind: 'instance'; serverType: ServerType; impl: string; inner: ConfigTree }
  | { kind: 'invalid'; issues: ValidationIssue[]; looksLikeServer: boolean };

/** Parses a port value; `undefined` means "not set" (absent, null, empty or 0 get one assigned). */
export function parsePort(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null || value === '' || value === 0) return undefined;
  const port = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535 ? port : 'invalid';
}

export function inspectBlock(value: unknown): BlockInspection {
  if (!isMap(value)) return { kind: 'data' };
  const typeKeys = SERVER_TYPES.filter((type) => Object.hasOwn(value, type));
  if (typeKeys.length === 0) return { kind: 'data' };

  // Mirrors the reference: it only warns about blocks that clearly meant to be a server.
  const looksLikeServer = typeKeys.some((type) => {
    const impls = value[type];
    return isMap(impls) && Object.values(impls).some((inner) => isMap(inner) && Object.hasOwn(inner, 'entrypoint'));
  });
  const invalid = (issues: ValidationIssue[]): BlockInspection => ({ kind: 'invalid', issues, looksLikeServer });

  if (typeKeys.length > 1) {
    return invalid([{ loc: [], msg: `Must have exactly one server type key; found ${typeKeys.join(', ')}` }]);
  }
  const serverType = typeKeys[0];
  const impls = value[serverType];
  if (!isMap(impls)) return invalid([{ loc: [serverType], msg: 'Input should be a mapping of implementation name to config' }]);
  const implNames = Object.keys(impls);
  if (implNames.length !== 1) {
    return invalid([
      { loc: [serverType], msg: `Must hold exactly one implementation; found ${implNames.length}: ${implNames.join(', ')}` },
    ]);
  }
  const impl = implNames[0];
  const inner = impls[impl];
  if (!isMap(inner)) return invalid([{ loc: [serverType, impl], msg: 'Input should be a mapping' }]);

  const issues = validateInnerConfig(serverType, inner).map((issue) => ({ ...issue, loc: [serverType, impl, ...issue.loc] }));
  return issues.length > 0 ? invalid(issues) : { kind: 'instance', serverType, impl, inner };
}

function validateInnerConfig(serverType: ServerType, inner: ConfigTree): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const has = (key: string): boolean => inner[key] !== undefined && inner[key] !== null;

  if (!Object.hasOwn(inner, 'entrypoint')) issues.push({ loc: ['entrypoint'], msg: 'Field required' });
  else if (typeof inner.entrypoint !== 'string' || inner.entrypoint.trim() === '') {
    issues.push({ loc: ['entrypoint'], msg: 'Input should be the file to run, relative to the server folder' });
  }
  if (has('host') && typeof inner.host !== 'string') issues.push({ loc: ['host'], msg: 'Input should be a valid string' });
  if (parsePort(inner.port) === 'invalid') {
    issues.push({ loc: ['port'], msg: 'Input should be an integer port between 1 and 65535' });
  }
  if (has('num_workers') && !(Number.isInteger(inner.num_workers) && (inner.num_workers as number) >= 1)) {
    issues.push({ loc: ['num_workers'], msg: 'Input should be an integer >= 1' });
  }
  if (serverType === 'resources_servers') {
    if (!has('domain')) issues.push({ loc: ['domain'], msg: 'A domain is required for resources servers.' });
    else if (!(RESOURCE_DOMAINS as readonly unknown[]).includes(inner.domain)) {
      issues.push({ loc: ['domain'], msg: `Must be one of: ${RESOURCE_DOMAINS.join(', ')}` });
    }
  }
  if (has('datasets')) issues.push(...validateDatasets(inner.datasets));
  return issues;
}

function validateDatasets(datasets: unknown): ValidationIssue[] {
  if (!Array.isArray(datasets)) return [{ loc: ['datasets'], msg: 'Input should be a list of datasets' }];
  const issues: ValidationIssue[] = [];
  datasets.forEach((dataset, i) => {
    const at = (field?: string): KeySegment[] => (field ? ['datasets', i, field] : ['datasets', i]);
    if (!isMap(dataset)) {
      issues.push({ loc: at(), msg: 'Input should be a mapping' });
      return;
    }
    for (const field of ['name', 'jsonl_fpath']) {
      if (typeof dataset[field] !== 'string' || dataset[field] === '') {
        issues.push({ loc: at(field), msg: Object.hasOwn(dataset, field) ? 'Input should be a valid string' : 'Field required' });
      }
    }
    if (!(DATASET_TYPES as readonly unknown[]).includes(dataset.type)) {
      issues.push({ loc: at('type'), msg: `Must be one of: ${DATASET_TYPES.join(', ')}` });
    }
    const repeats = dataset.num_repeats;
    if (repeats !== undefined && repeats !== null && !(Number.isInteger(repeats) && (repeats as number) >= 1)) {
      issues.push({ loc: at('num_repeats'), msg: 'Input should be an integer >= 1' });
    }
    const needsLicense = dataset.type === 'train' || dataset.type === 'validation';
    if (needsLicense && (dataset.license === undefined || dataset.license === null || dataset.license === '')) {
      issues.push({ loc: at(), msg: `A license is required for ${String(dataset.name)}` });
    } else if (dataset.license !== undefined && dataset.license !== null && typeof dataset.license !== 'string') {
      issues.push({ loc: at('license'), msg: 'Input should be a valid string' });
    }
  });
  return issues;
}
