/**
 * The JSON body parser of every Gym server: Fastify's own (prototype-poisoning checks included),
 * behind a nesting-depth bound. V8 parses any depth, but serialising, cloning or walking a value
 * a few thousand levels deep overflows the stack, so without the bound an echo of the request
 * (as `/verify` does) would turn bad input into a 500.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { serverErrors } from './errors.ts';

export const DEFAULT_BODY_MAX_DEPTH = 512;

/** True when the JSON text nests arrays/objects deeper than `maxDepth` (strings are skipped). */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  // Nesting never exceeds the number of opening brackets. Nearly every body has fewer than the
  // bound, and counting them with native indexOf costs a fraction of the exact walk below.
  if (!opensMoreThan(text, maxDepth)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

/** Whether `text` holds more than `limit` `{` and `[` characters (in strings or not). */
function opensMoreThan(text: string, limit: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > limit) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > limit) return true;
  return false;
}

const kJsonText = Symbol('gym.jsonText');

/**
 * The JSON text a request's body was parsed from. A handler that forwards the
 * body (or embeds it in the next hop's body) sends this text instead of
 * serializing the parsed value again; the value was validated from it.
 */
export function requestJsonText(request: FastifyRequest): string | undefined {
  return (request as FastifyRequest & { [kJsonText]?: string })[kJsonText];
}

/**
 * Reply with JSON text as it is (checked by the caller), instead of serializing
 * a parsed copy of it: `return sendJsonText(ctx.reply, res.text)`.
 */
export function sendJsonText<T = never>(reply: FastifyReply, text: string): T {
  reply.type('application/json; charset=utf-8').send(text);
  return reply as T;
}

export function registerJsonParser(app: FastifyInstance, opts: { maxDepth: number }): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  // Declared up front so every request object has the same shape.
  app.decorateRequest(kJsonText, undefined);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestsDeeperThan(body as string, opts.maxDepth)) {
      done(serverErrors.bodyTooDeep(opts.maxDepth), undefined);
      return;
    }
    (request as FastifyRequest & { [kJsonText]?: string })[kJsonText] = body as string;
    parse(request, body as string, (err, value) => {
      if ((err as { code?: string } | null)?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') done(serverErrors.invalidJson(decodeFailure(body as string)), undefined);
      else done(err, value);
    });
  });
}

/** Why the text is not acceptable JSON, in the parser's words (V8 names the position). */
function decodeFailure(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    return message.length > 300 ? `${message.slice(0, 300)}…` : message;
  }
  return 'the body holds a "__proto__" or "constructor.prototype" key, which is refused';
}
