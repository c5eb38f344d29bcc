/**
 * Server references: any `{type: <server type>, name: <instance>}` map inside an instance's
 * config, at any depth (the reference only checks top-level fields, so a typo in a nested tool
 * list would only surface at runtime). All dangling refs are reported in one error.
 */
import { getCloseMatches } from '@gym/pysemantics';
import type { ConfigTree, ServerRef } from './types.ts';
import { SERVER_TYPES } from './types.ts';
import { type BadRefReport, ConfigErrors } from './errors.ts';
import type { InstanceBlock } from './instances.ts';
import { type KeySegment, formatKeyPath, isMap } from './tree.ts';

export function asServerRef(value: unknown): ServerRef | undefined {
  if (!isMap(value) || typeof value.name !== 'string') return undefined;
  return (SERVER_TYPES as readonly unknown[]).includes(value.type) ? (value as unknown as ServerRef) : undefined;
}

/** Every ref inside `config`, with its field path (`resources_server`, `tools[1].server`). */
export function collectRefs(config: ConfigTree): Array<{ field: string; ref: ServerRef }> {
  const found: Array<{ field: string; ref: ServerRef }> = [];
  const walk = (node: unknown, path: KeySegment[]): void => {
    const ref = path.length > 0 ? asServerRef(node) : undefined;
    if (ref) found.push({ field: formatKeyPath(path), ref });
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i]));
    else if (isMap(node)) for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(config, []);
  return found;
}

export function validateRefs(instances: readonly InstanceBlock[]): void {
  const defined = new Set(instances.map((i) => `${i.serverType}/${i.name}`));
  const reports: BadRefReport[] = [];
  for (const instance of instances) {
    for (const { field, ref } of collectRefs(instance.inner)) {
      if (defined.has(`${ref.type}/${ref.name}`)) continue;
      const sameType = instances.filter((i) => i.serverType === ref.type).map((i) => i.name);
      const close = getCloseMatches(ref.name, sameType, 3, 0.6);
      const hint =
        close.length > 0
          ? `Did you mean: ${close.map((n) => `'${n}'`).join(', ')}?`
          : `Available ${ref.type}: ${[...sameType].sort().map((n) => `'${n}'`).join(', ') || '(none)'}`;
      reports.push({ instance: instance.name, field, type: ref.type, name: ref.name, hint });
    }
  }
  if (reports.length > 0) throw ConfigErrors.badRefs(reports);
}
