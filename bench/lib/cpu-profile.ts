/**
 * Reading V8 `.cpuprofile` files (from `node --cpu-prof`): self time grouped
 * by package or repo folder, and the hottest functions, as text. Enough to
 * see where a request's CPU goes without a flame-graph viewer; the files
 * themselves open in Chrome DevTools or speedscope for the full picture.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by package (`pkg:fastify`), repo folder (`packages/server`) or V8 category (`(garbage collector)`). */
  groups: Array<{ name: string; ms: number }>;
  functions: Array<{ name: string; ms: number }>;
}

/** The bucket a frame's self time goes to. */
export function groupOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : `native ${frame.functionName || '(anonymous)'}`;
  const pnpm = url.match(/node_modules\/\.pnpm\/(@[^+/]+\+[^@/]+|[^@/]+)@/);
  if (pnpm) return `pkg:${pnpm[1].replace('+', '/')}`;
  const plain = url.match(/node_modules\/(@[^/]+\/[^/]+|[^/]+)\//);
  if (plain) return `pkg:${plain[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  const repo = url.match(/\/(packages\/[^/]+|resources_servers\/[^/]+|responses_api_agents\/[^/]+|responses_api_models\/[^/]+|bench)\//);
  return repo ? repo[1] : url;
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    total += us;
    if (frame.functionName === '(idle)') continue;
    const group = groupOf(frame);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${group}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { totalMs: total / 1000, groups: sorted(groups), functions: sorted(functions) };
}

export function formatProfileSummary(title: string, s: ProfileSummary): string {
  const busy = s.groups.reduce((n, g) => n + g.ms, 0);
  const line = (x: { name: string; ms: number }) => `${x.ms.toFixed(0).padStart(7)} ms ${((x.ms / busy) * 100).toFixed(1).padStart(5)}%  ${x.name}`;
  return [`== ${title}: ${busy.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)} ms`, '-- self time by package', ...s.groups.map(line), '-- hottest functions', ...s.functions.map(line)].join('\n');
}
