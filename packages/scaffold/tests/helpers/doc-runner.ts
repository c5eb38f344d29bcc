/**
 * Runs the blocks of a documentation page (see src/doc-commands.ts) the way a
 * reader would, in a workspace copy: `run` blocks through bash, `background`
 * blocks left running until their ready line and stopped with SIGINT (what
 * Ctrl-C sends), `file` blocks written where the page says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DocBlock } from '../../src/doc-commands.ts';

export interface PageContext {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Text appended to a page's env.yaml (the test's own head server port). */
  envYamlSuffix: string;
}

export interface Outcome {
  code: number | null;
  output: string;
}

interface Background {
  block: DocBlock;
  child: ChildProcess;
  output(): string;
  exited: Promise<Outcome>;
}

const RUN_TIMEOUT_MS = 150_000;
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

export class PageRunner {
  private background: Background[] = [];

  constructor(private readonly ctx: PageContext) {}

  /** Run one block; resolves with what a failed expectation needs to show. */
  async run(block: DocBlock): Promise<Outcome> {
    switch (block.mode) {
      case 'file': {
        const suffix = block.path === 'env.yaml' ? this.ctx.envYamlSuffix : '';
        writeFileSync(path.join(this.ctx.root, block.path!), `${block.code}\n${suffix}`);
        return { code: 0, output: '' };
      }
      case 'run':
        return this.runToEnd(block);
      case 'background':
        return this.start(block);
      case 'stop':
        return this.stopAll();
    }
  }

  private spawnBlock(block: DocBlock): { child: ChildProcess; output: () => string; exited: Promise<Outcome> } {
    // Own process group: a stop signals the whole command, as Ctrl-C in a terminal does.
    const child = spawn('bash', ['-euo', 'pipefail', '-c', block.code], { cwd: this.ctx.root, env: this.ctx.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<Outcome>((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : null), output: out })));
    return { child, output: () => out, exited };
  }

  private async runToEnd(block: DocBlock): Promise<Outcome> {
    const { child, exited } = this.spawnBlock(block);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), RUN_TIMEOUT_MS);
    const outcome = await exited;
    clearTimeout(timer);
    return outcome;
  }

  private async start(block: DocBlock): Promise<Outcome> {
    const proc = this.spawnBlock(block);
    this.background.push({ block, ...proc });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let finished: Outcome | undefined;
    void proc.exited.then((o) => (finished = o));
    while (Date.now() < deadline) {
      if (block.until!.test(proc.output())) return { code: 0, output: proc.output() };
      if (finished) return { code: finished.code ?? 1, output: `exited before its ready line:\n${finished.output}` };
      await new Promise((r) => setTimeout(r, 100));
    }
    return { code: 1, output: `no line matching ${block.until} within ${READY_TIMEOUT_MS} ms:\n${proc.output()}` };
  }

  /** SIGINT every background command and wait for each to exit; a non-zero exit is reported. */
  async stopAll(): Promise<Outcome> {
    const running = this.background;
    this.background = [];
    const outcomes = await Promise.all(
      running.map(async (b) => {
        signalGroup(b.child, 'SIGINT');
        const timer = setTimeout(() => signalGroup(b.child, 'SIGKILL'), STOP_TIMEOUT_MS);
        const o = await b.exited;
        clearTimeout(timer);
        return o;
      }),
    );
    const bad = outcomes.find((o) => o.code !== 0);
    return bad ?? { code: 0, output: outcomes.map((o) => o.output).join('\n') };
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}
