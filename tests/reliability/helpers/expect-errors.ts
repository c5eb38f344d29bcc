/**
 * What a Gym server must answer to bad input: a 4xx whose JSON body says what is wrong
 * (`{detail: "<message>"}` or FastAPI's `{detail: [{loc, msg, type}]}`), and nothing that hints at
 * a crash.
 */
import { expect } from 'vitest';
import type { Path } from './malformed.ts';

export interface InjectedReply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

export interface DetailEntry {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Parse the body of a 4xx and check it names the problem; returns the detail. */
export function expectNamedClientError(res: InjectedReply, what: string): string | DetailEntry[] {
  expect(res.statusCode, `${what}: expected a 4xx, got ${res.statusCode}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what}: expected a 4xx, got ${res.statusCode}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  expect(String(res.headers['content-type']), `${what}: error body must be JSON`).toMatch(/application\/json/);
  const body = JSON.parse(res.body) as { detail?: unknown };
  const detail = body.detail;
  if (typeof detail === 'string') {
    expect(detail.length, `${what}: empty error message`).toBeGreaterThan(0);
    return detail;
  }
  expect(Array.isArray(detail), `${what}: detail must be a message or a list of problems: ${res.body.slice(0, 300)}`).toBe(true);
  const entries = detail as DetailEntry[];
  expect(entries.length).toBeGreaterThan(0);
  for (const e of entries) {
    expect(Array.isArray(e.loc) && e.loc[0] === 'body' || e.loc?.[0] === 'query', `${what}: loc must start at body: ${JSON.stringify(e)}`).toBe(true);
    expect(typeof e.msg === 'string' && e.msg.length > 0, `${what}: each problem needs a message`).toBe(true);
  }
  return entries;
}

/** A 422 whose detail points at `path` (or at a parent/child of it, as unions report at their root). */
export function expectNamesField(detail: string | DetailEntry[], path: Path, what: string, related: (a: Path, b: Path) => boolean): void {
  expect(Array.isArray(detail), `${what}: expected a list of field problems, got ${JSON.stringify(detail)}`).toBe(true);
  const locs = (detail as DetailEntry[]).map((d) => d.loc.slice(1));
  expect(
    locs.some((loc) => related(loc, path)),
    `${what}: no problem names ${JSON.stringify(['body', ...path])}; got ${JSON.stringify(locs)}`,
  ).toBe(true);
}

/**
 * A 5xx is only acceptable when the request was well-formed and a server it depends on (another
 * Gym server or the upstream LLM, unreachable in these tests) failed: the body must say so.
 */
export function expectNoInputCrash(res: InjectedReply, what: string): void {
  if (res.statusCode < 500) return;
  const text = res.body;
  const dependency = /calling an inner server|Request to server '|Upstream |upstream|timed out after/;
  expect(dependency.test(text), `${what}: HTTP ${res.statusCode} that is not a dependency failure: ${text.slice(0, 500)}`).toBe(true);
}
