/** `ng run`, `ng status`, `ng dump-config`: start, inspect and print an environment's config. */
import type { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { loadGlobalConfig, maskSecrets } from '@gym/config';
import { startEnvironment, formatInstanceTable } from '@gym/launcher';
import type { ServerInstanceInfo } from '@gym/head';
import { request } from 'undici';
import { configArgv } from '../overrides.ts';
import { CliError } from '../user-errors.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerEnvCommands(program: Command): void {
  program
    .command('run')
    .alias('start')
    .description('Start the head server and every configured server; stop them all on Ctrl-C.')
    .option('--config <path>', 'config file (repeatable; same as +config_paths=[…])', collect, [])
    .argument('[overrides...]', 'config overrides: +key=value, ++key=value')
    .action(async (words: string[], opts: { config: string[] }) => {
      process.exitCode = await runEnvironmentUntilSignal(configArgv(words, opts.config));
    });

  program
    .command('dump-config')
    .alias('resolve')
    .description('Print the merged config exactly as the servers see it, with secrets masked.')
    .option('--config <path>', 'config file (repeatable)', collect, [])
    .option('--show-secrets', 'print secrets unmasked', false)
    .argument('[overrides...]', 'config overrides')
    .action(async (words: string[], opts: { config: string[]; showSecrets: boolean }) => {
      const { tree } = await loadGlobalConfig({ argv: configArgv(words, opts.config), skipPortAssignment: true });
      process.stdout.write(toYaml(opts.showSecrets ? tree : maskSecrets(tree)));
    });

  program
    .command('status')
    .description('List the server instances of the running environment (asks the head server).')
    .option('--head <url>', 'head server URL', process.env.NEMO_GYM_HEAD_SERVER_URL ?? 'http://127.0.0.1:11000')
    .option('--json', 'print JSON', false)
    .action(async (opts: { head: string; json: boolean }) => {
      const token = process.env.GYM_AUTH_TOKEN;
      let res: Awaited<ReturnType<typeof request>>;
      try {
        res = await request(`${opts.head.replace(/\/$/, '')}/server_instances`, { headersTimeout: 5000, bodyTimeout: 5000, headers: token ? { authorization: `Bearer ${token}` } : {} });
      } catch (err) {
        throw new CliError(`No head server answered at ${opts.head} (${(err as Error).message}). Is \`ng run\` running?`);
      }
      if (res.statusCode === 401) throw new CliError(`The head server at ${opts.head} requires the auth token: set GYM_AUTH_TOKEN to the auth_token of env.yaml.`);
      const rows = (await res.body.json()) as ServerInstanceInfo[];
      process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatInstanceTable(rows)}\n`);
    });
}

/** `ng run`: start, print the table, and wait for Ctrl-C / SIGTERM or a fatal child death. */
export async function runEnvironmentUntilSignal(argv: string[]): Promise<number> {
  const env = await startEnvironment({ argv });
  process.stderr.write(`\nAll ${env.instances().length} servers ready. Head server: ${env.headUrl}\n${formatInstanceTable(env.instances())}\n\nPress Ctrl-C to stop.\n`);
  const onSignal = (signal: string) => void env.stop(`Received ${signal}; stopping every server...`);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const code = await env.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.stderr.write(code === 0 ? 'Gym finished.\n' : `Gym stopped with exit code ${code}.\n`);
  return code;
}
