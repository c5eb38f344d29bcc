/** `ng viewer +jsonl_fpath=<rollouts.jsonl>`: browse rollouts in a local web page until Ctrl-C. */
import type { Command } from 'commander';
import { startViewer, viewerErrors, type ViewerOptions } from '@gym/viewer';
import { flatOverrides } from '../overrides.ts';
import { CliError } from '../user-errors.ts';

const VIEWER_KEYS = ['jsonl_fpath', 'port', 'host'];

/** `+jsonl_fpath=…`, `+port=…`, `+host=…` → viewer options. */
export function viewerOptions(words: string[]): ViewerOptions {
  const values = flatOverrides(words);
  for (const key of values.keys()) {
    if (!VIEWER_KEYS.includes(key)) throw new CliError(`Unknown option +${key}. \`ng viewer\` takes ${VIEWER_KEYS.map((k) => `+${k}`).join(', ')}.`);
  }
  const jsonlPath = values.get('jsonl_fpath');
  if (!jsonlPath) throw viewerErrors.missingPath();
  const portText = values.get('port');
  const port = portText === undefined ? 0 : /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw viewerErrors.badPort(portText ?? '');
  return { jsonlPath, port, host: values.get('host') };
}

export function registerViewerCommands(program: Command): void {
  program
    .command('viewer')
    .description('Browse a rollouts JSONL in a local web page: filters, transcripts, reward histograms.')
    .argument('[overrides...]', '+jsonl_fpath=<rollouts.jsonl> [+port=<n>, default a free port] [+host=<addr>, default 127.0.0.1]')
    .action(async (words: string[]) => {
      const viewer = await startViewer(viewerOptions(words));
      const { index } = viewer.file;
      const bad = index.badLineCount ? `, ${index.badLineCount} unreadable line${index.badLineCount === 1 ? '' : 's'} (listed on the page)` : '';
      process.stdout.write(`Rollout viewer for ${viewer.file.path}: ${index.entries.length} rollouts${bad}.\n${viewer.url}\nPress Ctrl-C to stop.\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await viewer.close();
    });
}
