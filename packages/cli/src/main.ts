/**
 * The `ng` command line: a thin layer that parses words, calls a library
 * function and prints. `+key=value` words are config overrides (Hydra style).
 */
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.ts';
import { isUserError, formatUserError } from './user-errors.ts';

export function buildProgram(): Command {
  const program = new Command('ng')
    .description('Gym: reinforcement-learning environments for LLMs (NeMo Gym compatible).')
    .version('0.1.0')
    .showSuggestionAfterError(true)
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Run the CLI; resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(normaliseLegacy(argv), { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isUserError(err)) {
      process.stderr.write(`Error: ${formatUserError(err)}\n`);
      return 1;
    }
    throw err;
  }
}

/** Accept the reference's `ng_run`-style names (`ng_run`, `run`) as well as `ng run`. */
function normaliseLegacy(argv: string[]): string[] {
  const [first, ...rest] = argv;
  if (first?.startsWith('ng_')) return [first.slice(3).replace(/_/g, '-'), ...rest];
  return argv;
}
