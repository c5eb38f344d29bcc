/** The table `ng run` and `ng status` print. */
import type { ServerInstanceInfo } from '@gym/head';

export function formatInstanceTable(rows: ServerInstanceInfo[]): string {
  const header = ['instance', 'type', 'impl', 'url', 'pid', 'status'];
  const body = rows.map((r) => [r.process_name, r.server_type, r.name, r.url, String(r.pid ?? '-'), r.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
