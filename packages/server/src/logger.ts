/**
 * pino logger for Gym servers: quiet by default (no per-request lines), and
 * secrets from the config are redacted from every message.
 */
import pino, { type Logger } from 'pino';

const SECRET_KEY = /api_key|token|secret|password/i;

/** Every non-empty string value under a secret-looking key, longest first. */
export function secretValues(tree: unknown, out: Set<string> = new Set()): string[] {
  if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
      if (typeof v === 'string' && v.length >= 4 && v !== '****' && SECRET_KEY.test(k)) out.add(v);
      else secretValues(v, out);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: string[]): string {
  let result = text;
  for (const s of secrets) if (result.includes(s)) result = result.split(s).join('****');
  return result;
}

export function createLogger(opts: { name: string; level?: string; secrets?: string[] }): Logger {
  const secrets = opts.secrets ?? [];
  return pino({
    name: opts.name,
    level: opts.level ?? process.env.GYM_LOG_LEVEL ?? 'warn',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.api_key', '*.openai_api_key', '*.policy_api_key'], censor: '****' },
    hooks: {
      logMethod(args, method) {
        if (secrets.length) {
          for (let i = 0; i < args.length; i++) {
            const a = args[i];
            if (typeof a === 'string') args[i] = redactSecrets(a, secrets);
            else if (a instanceof Error) a.message = redactSecrets(a.message, secrets);
          }
        }
        method.apply(this, args);
      },
    },
  });
}
