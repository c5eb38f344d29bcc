/**
 * Progress of a collection: a live bar (rate, ETA, mean reward) on a terminal, nothing when the
 * output goes to a file or pipe (unless a line every 10% is asked for). The mean reward includes rollouts collected by earlier (resumed) runs.
 */
import cliProgress from 'cli-progress';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

export interface ProgressReporter {
  /** One rollout finished: `reward` when it was persisted as a success. */
  tick(reward?: number): void;
  stop(): void;
}

export interface ProgressOptions {
  mode: ProgressMode;
  label: string;
  /** Rollouts this run will attempt. */
  total: number;
  /** Rollouts already done by earlier runs, and their reward sum. */
  priorCount: number;
  priorRewardSum: number;
  log: (line: string) => void;
}

export function createProgress(opts: ProgressOptions): ProgressReporter {
  const mode = opts.mode === 'auto' ? (process.stdout.isTTY && process.stderr.isTTY ? 'bar' : 'none') : opts.mode;
  const started = Date.now();
  let finished = 0;
  let rewardCount = opts.priorCount;
  let rewardSum = opts.priorRewardSum;
  const meanReward = () => (rewardCount ? (rewardSum / rewardCount).toFixed(3) : '-');
  const rate = () => (finished / Math.max((Date.now() - started) / 60_000, 1e-9)).toFixed(2);
  const record = (reward?: number) => {
    finished++;
    if (reward !== undefined) {
      rewardCount++;
      rewardSum += reward;
    }
  };

  if (mode === 'none' || opts.total === 0) return { tick: record, stop() {} };

  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        format: `${opts.label} |{bar}| {value}/{total} ({percentage}%) | {rate}/min | ETA {eta_formatted} | mean reward {meanReward}`,
        hideCursor: true,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(opts.total, 0, { rate: '0.00', meanReward: meanReward() });
    return {
      tick(reward) {
        record(reward);
        bar.update(finished, { rate: rate(), meanReward: meanReward() });
      },
      stop: () => bar.stop(),
    };
  }

  let nextStep = 1;
  return {
    tick(reward) {
      record(reward);
      const pct = (100 * finished) / opts.total;
      if (pct < nextStep * 10) return;
      while (nextStep * 10 <= pct) nextStep++;
      opts.log(
        `${opts.label}: finished ${finished} / ${opts.total} (${Math.floor(pct)}%) in ${clock(Date.now() - started)} ` +
          `(${rate()} rollouts/min), mean reward ${meanReward()}`,
      );
    },
    stop() {},
  };
}

/** `H:MM:SS`, as tqdm prints elapsed time. */
export function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
