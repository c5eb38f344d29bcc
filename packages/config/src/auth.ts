/**
 * The optional shared bearer token (`auth_token` in env.yaml): where it comes from, how a request
 * proves it holds it, and which bind addresses are reachable from other machines, so that the
 * launcher can warn when servers are exposed without it.
 */
import { timingSafeEqual } from 'node:crypto';
import { SECRET_MASK } from './secrets.ts';

/** The configured token, or undefined (a masked tree from the head server carries no token). */
export function authTokenOf(tree: Record<string, unknown>): string | undefined {
  const token = tree.auth_token;
  return typeof token === 'string' && token !== '' && token !== SECRET_MASK ? token : undefined;
}

/** Does an `Authorization` header carry `Bearer <token>`? Compared in constant time. */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). `0.0.0.0` is every interface. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * A warning when some server (or the head server) binds an address other machines can reach and
 * no token guards it; undefined when there is nothing to warn about.
 */
export function exposureWarning(tree: Record<string, unknown>, binds: Array<{ name: string; host: string }>): string | undefined {
  if (authTokenOf(tree)) return undefined;
  const exposed = binds.filter((b) => !isLoopbackHost(b.host));
  if (!exposed.length) return undefined;
  const list = exposed.map((b) => `${b.name} (${b.host})`).join(', ');
  return (
    `Warning: ${list} ${exposed.length === 1 ? 'binds an address' : 'bind addresses'} other machines can reach, and no auth_token is set, ` +
    'so anyone who can reach this host can call them. Set auth_token in env.yaml (every server then requires ' +
    '`Authorization: Bearer <auth_token>` and every Gym client sends it), or bind 127.0.0.1.'
  );
}
