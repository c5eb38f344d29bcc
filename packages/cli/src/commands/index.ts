/** Every `ng` command, registered in one place. */
import type { Command } from 'commander';
import { registerEnvCommands } from './env.ts';
import { registerDataCommands } from './data.ts';
import { registerViewerCommands } from './viewer.ts';
import { registerPivotCommands } from './pivot.ts';
import { registerAuthoringCommands } from './authoring.ts';

export function registerCommands(program: Command): void {
  registerEnvCommands(program);
  registerDataCommands(program);
  registerViewerCommands(program);
  registerPivotCommands(program);
  registerAuthoringCommands(program);
}
