/**
 * Split command-line words into config overrides (`+a=b`, `++a=b`) and the
 * rest, folding repeated `--config` flags into one `+config_paths=[…]`.
 */
import { CliError } from './user-errors.ts';

export function configArgv(words: string[], configs: string[] = []): string[] {
  const overrides = words.filter((w) => w.startsWith('+'));
  const stray = words.filter((w) => !w.startsWith('+'));
  if (stray.length) {
    const word = stray[0];
    if (/^[A-Za-z_][\w.\[\]-]*=/.test(word)) {
      throw new CliError(`Cannot override '${word}': a plain key=value only changes an existing key. Use ++${word} (add or override) or +${word} (add).`);
    }
    throw new CliError(`Unexpected argument '${word}'. Config overrides look like +key=value or ++key=value; flags start with --.`);
  }
  if (configs.length) {
    if (overrides.some((w) => /^\+\+?config_paths=/.test(w))) throw new CliError('Use either --config or +config_paths=[…], not both.');
    overrides.unshift(`+config_paths=[${configs.join(',')}]`);
  }
  return overrides;
}

/** Read `+key=value` words into a flat map (for commands whose options are plain values, like collect-rollouts). */
export function flatOverrides(words: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of words) {
    const m = /^\+\+?([^=]+)=(.*)$/s.exec(w);
    if (!m) throw new CliError(`Cannot read '${w}': options look like +key=value.`);
    out.set(m[1], m[2]);
  }
  return out;
}
