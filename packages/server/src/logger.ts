/**
 * pino logger for Gym servers: quiet by default (no per-request lines), and
 * secrets from the config are redacted from every line written.
 */
import type { FastifyBaseLogger } from 'fastify';
import pino, { type Bindings, type ChildLoggerOptions, type LevelWithSilentOrString, type Logger } from 'pino';

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
  const secrets = withJsonEscapes(opts.secrets ?? []);
  const options = {
    name: opts.name,
    level: opts.level ?? process.env.GYM_LOG_LEVEL ?? 'warn',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.api_key', '*.openai_api_key', '*.policy_api_key'], censor: '****' },
  };
  // Secrets are masked in each finished line, so one inside any field (an error's message or
  // stack, a URL in a log object) is caught, not only in the message string.
  return secrets.length ? pino(options, redactingStdout(secrets)) : pino(options);
}

/** Each secret as written and as it appears inside a JSON string, longest first. */
function withJsonEscapes(secrets: string[]): string[] {
  const all = new Set(secrets);
  for (const s of secrets) all.add(JSON.stringify(s).slice(1, -1));
  return [...all].sort((a, b) => b.length - a.length);
}

function redactingStdout(secrets: string[]): pino.DestinationStream {
  const out = pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => void out.write(redactSecrets(line, secrets)) };
}

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify gives every request its own child logger. Building a pino child costs several µs, and
 * with request logging off almost none of them ever writes a line, so the child is built on the
 * first enabled log call instead. Passed to Fastify as `childLoggerFactory`.
 */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Bindings, opts: ChildLoggerOptions): FastifyBaseLogger {
  // A per-route level or serializers change what the child does: build it as Fastify would.
  if (opts.level || opts.serializers) return logger.child(bindings, opts);
  return new LazyChildLogger(logger as Logger, bindings) as unknown as FastifyBaseLogger;
}

class LazyChildLogger {
  readonly #parent: Logger;
  readonly #bindings: Bindings;
  #child: Logger | undefined;

  constructor(parent: Logger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #real(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings));
  }

  #log(level: LogLevel, args: unknown[]): void {
    if (this.#child ?? this.#parent.isLevelEnabled(level)) (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): LevelWithSilentOrString {
    return (this.#child ?? this.#parent).level;
  }
  set level(level: LevelWithSilentOrString) {
    this.#real().level = level;
  }
  isLevelEnabled(level: string): boolean {
    return (this.#child ?? this.#parent).isLevelEnabled(level);
  }
  bindings(): Bindings {
    return this.#child ? this.#child.bindings() : { ...this.#parent.bindings(), ...this.#bindings };
  }
  child(bindings: Bindings, opts?: ChildLoggerOptions): Logger {
    return this.#real().child(bindings, opts);
  }
  flush(cb?: (err?: Error) => void): void {
    this.#parent.flush(cb);
  }
  fatal(...args: unknown[]): void {
    this.#log('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#log('error', args);
  }
  warn(...args: unknown[]): void {
    this.#log('warn', args);
  }
  info(...args: unknown[]): void {
    this.#log('info', args);
  }
  debug(...args: unknown[]): void {
    this.#log('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#log('trace', args);
  }
  silent(): void {}
}
