/**
 * Layer merging with OmegaConf semantics, so configs written for the Python reference merge the
 * same way here: maps merge key by key, everything else (lists included) is replaced whole by
 * the newer layer, and a newer `???` never erases a value an older layer already provides.
 */
import type { ConfigTree } from './types.ts';
import { MISSING, deepCopy, isMap } from './tree.ts';

/** Merges layers from lowest to highest precedence into a new tree; inputs are never mutated. */
export function mergeConfigLayers(...layers: ReadonlyArray<ConfigTree | null | undefined>): ConfigTree {
  const out: ConfigTree = {};
  for (const layer of layers) {
    if (layer) mergeInto(out, layer);
  }
  return out;
}

function mergeInto(base: ConfigTree, newer: ConfigTree): void {
  for (const [key, value] of Object.entries(newer)) {
    const has = Object.hasOwn(base, key);
    // A `???` in a later file means "this must be set somewhere", not "unset it".
    if (value === MISSING && has) continue;
    const current = base[key];
    if (isMap(value) && isMap(current)) {
      mergeInto(current, value);
    } else {
      base[key] = deepCopy(value);
    }
  }
}
