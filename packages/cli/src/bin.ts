/** Process entry of `ng`: run the CLI and turn user errors into one clean line. */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2));
