import { describe, expect, it } from 'vitest';
import { applyDirectives } from '../src/index.ts';
import { errorFrom } from './helpers.ts';

describe('config directives', () => {
  it('${inherit_from:…} moves the value and deletes its source', () => {
    const out = applyDirectives({ generic: { a: 1 }, specific: '${inherit_from:generic}' });
    expect(out).toEqual({ specific: { a: 1 } });
  });

  it('${copy:…} copies the value and keeps its source', () => {
    const out = applyDirectives({ generic: { a: 1 }, specific: '${copy:generic}' });
    expect(out).toEqual({ generic: { a: 1 }, specific: { a: 1 } });
  });

  it('map forms merge the sibling keys over the inherited/copied value', () => {
    const out = applyDirectives({
      base: { judge: { model: 'm', temperature: 0 } },
      moved: { _inherit_from: 'base.judge', temperature: 0.7 },
      copied: { _copy: 'moved', extra: true },
    });
    expect(out.moved).toEqual({ model: 'm', temperature: 0.7 });
    // A source that is itself a directive is expanded first (the reference leaves it raw).
    expect(out.copied).toEqual({ model: 'm', temperature: 0.7, extra: true });
    expect(out.base).toEqual({});
  });

  it('_delete_key removes keys, including ones that arrive with the inherited value', () => {
    const out = applyDirectives({
      generic: { keep: 1, drop: 2, gone: 3 },
      specific: { _copy: 'generic', mine: 'local', _delete_key: 'drop, gone, mine' },
      plain: { a: 1, b: 2, _delete_key: 'b' },
    });
    expect(out.specific).toEqual({ keep: 1 });
    expect(out.generic).toEqual({ keep: 1, drop: 2, gone: 3 });
    expect(out.plain).toEqual({ a: 1 });
  });

  it('follows chains and expands directives nested in copied values', () => {
    const out = applyDirectives({
      root: { x: 1 },
      mid: '${copy:root}',
      leaf: { _copy: 'mid', y: 2 },
      holder: { inner: { nested: '${copy:root}' } },
      again: '${copy:holder}',
    });
    expect(out.leaf).toEqual({ x: 1, y: 2 });
    expect(out.again).toEqual({ inner: { nested: { x: 1 } } });
  });

  it('applies directives inside lists', () => {
    expect(applyDirectives({ a: { v: 1 }, l: ['${copy:a}', 2] }).l).toEqual([{ v: 1 }, 2]);
  });

  it('a bad path names the path like the reference', async () => {
    const error = await errorFrom(() => applyDirectives({ x: '${inherit_from:no.such}' }));
    expect(error.code).toBe('GYM_CONFIG_BAD_DIRECTIVE');
    expect(error.message).toContain("Path specified does not exist in config: ['no', 'such']");
    expect(error.message).toContain("at 'x'");
  });

  it('an unset source leaves the target unset for the ??? check', () => {
    expect(applyDirectives({ src: '???', dst: '${copy:src}' }).dst).toBe('???');
  });

  it('detects directive cycles', async () => {
    const error = await errorFrom(() => applyDirectives({ a: '${copy:b}', b: '${copy:a}' }));
    expect(error.code).toBe('GYM_CONFIG_BAD_DIRECTIVE');
  });

  it('rejects a _delete_key that names a key the inherited value lacks', async () => {
    const error = await errorFrom(() => applyDirectives({ g: { a: 1 }, s: { _copy: 'g', _delete_key: 'zzz' } }));
    expect(error.message).toContain("names 'zzz'");
  });
});
