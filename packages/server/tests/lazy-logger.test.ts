// Request loggers are built on first use: same lines as an eager pino child, none built when nothing is logged.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { lazyChildLoggerFactory } from '../src/logger.ts';

function capture(level = 'warn') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  return { logger: pino({ level, base: { name: 'srv' } }, stream), lines };
}

describe('lazyChildLoggerFactory', () => {
  it('writes what an eager child writes, bindings included', async () => {
    const { logger, lines } = capture();
    const child = lazyChildLoggerFactory(logger, { reqId: 'req-1' }, {});
    child.error({ url: '/x' }, 'boom');
    child.info('not at warn level');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, name: 'srv', reqId: 'req-1', url: '/x', msg: 'boom' });
  });

  it('never builds a child for calls below the level', () => {
    const { logger } = capture('error');
    let built = 0;
    const counting = Object.assign(Object.create(logger), { child: (...a: Parameters<typeof logger.child>) => (built++, logger.child(...a)) });
    const child = lazyChildLoggerFactory(counting, { reqId: 'req-2' }, {});
    child.debug('x');
    child.info('y');
    child.warn('z');
    expect(built).toBe(0);
    expect(child.level).toBe('error');
    child.error('now');
    expect(built).toBe(1);
  });

  it('builds an eager child when the route sets its own level', () => {
    const { logger } = capture();
    const child = lazyChildLoggerFactory(logger, { reqId: 'r' }, { level: 'debug' });
    expect(child.level).toBe('debug');
    expect((child as pino.Logger).bindings()).toEqual({ name: 'srv', reqId: 'r' });
    const lazy = lazyChildLoggerFactory(logger, { reqId: 'r' }, {}) as pino.Logger;
    expect(lazy.bindings()).toEqual({ name: 'srv', reqId: 'r' });
  });
});
