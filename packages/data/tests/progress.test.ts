import { describe, expect, it } from 'vitest';
import { clock, createProgress } from '../src/index.ts';

describe('createProgress', () => {
  it('prints a line every 10% in lines mode, with the mean reward including earlier runs', () => {
    const lines: string[] = [];
    const p = createProgress({ mode: 'lines', label: 'Collecting rollouts', total: 20, priorCount: 2, priorRewardSum: 2, log: (l) => lines.push(l) });
    for (let i = 0; i < 20; i++) p.tick(i % 2 ? 0 : undefined);
    p.stop();
    expect(lines.length).toBe(10);
    expect(lines[0]).toMatch(/^Collecting rollouts: finished 2 \/ 20 \(10%\) in 0:00:00 \(\d+\.\d\d rollouts\/min\), mean reward 0\.667$/);
    expect(lines[9]).toMatch(/finished 20 \/ 20 \(100%\).*mean reward 0\.167$/);
  });

  it('is quiet in none mode (the default when output is not a terminal)', () => {
    const lines: string[] = [];
    const p = createProgress({ mode: 'auto', label: 'x', total: 5, priorCount: 0, priorRewardSum: 0, log: (l) => lines.push(l) });
    for (let i = 0; i < 5; i++) p.tick(1);
    p.stop();
    expect(lines).toEqual([]);
  });

  it('formats elapsed time like tqdm', () => expect(clock(3_725_000)).toBe('1:02:05'));
});
