/**
 * `ng init-resources-server` and `ng init-agent`: write a complete server
 * folder from its template, link it into the workspace, and record its
 * example rollouts so the new environment runs offline straight away.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { scaffoldErrors } from './errors.ts';
import { writeExampleMetrics } from './example-metrics.ts';
import { parseServerEntrypoint, type ServerFolderName, type ServerKindDir } from './names.ts';
import { recordCommand, recordExampleRollouts, type RecordResult } from './record-rollouts.ts';
import { renderTemplate, writeFiles, type TemplateName, type TemplateValues } from './templates.ts';
import { installWorkspace } from './workspace-install.ts';

export interface InitOptions {
  repoRoot: string;
  /** `+entrypoint`: `resources_servers/<name>` (or `responses_api_agents/<name>` for an agent). */
  entrypoint: unknown;
  /** Link the new package with `pnpm install` (default true). */
  install?: boolean;
  /** Record data/example_rollouts.jsonl (default true; needs the install). */
  record?: boolean;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface InitResult extends ServerFolderName {
  dir: string;
  files: string[];
  installed: boolean;
  recorded?: RecordResult;
}

interface FolderKind {
  kindDir: ServerKindDir;
  template: TemplateName;
  values(folder: ServerFolderName): TemplateValues;
  /** Repo files copied into the new folder (repo-relative source → folder-relative target). */
  copies?: Array<{ from: string; to: string }>;
}

const RESOURCES_SERVER: FolderKind = {
  kindDir: 'resources_servers',
  template: 'resources_server',
  values: (f) => ({ name: f.name, className: f.className }),
};

const AGENT: FolderKind = {
  kindDir: 'responses_api_agents',
  template: 'agent',
  values: (f) => ({ name: f.name, className: f.className }),
  // Prompts with recorded rollouts, so the replay model answers them like a real model did.
  copies: [{ from: 'resources_servers/example_single_tool_call/data/example.jsonl', to: 'data/example.jsonl' }],
};

export const initResourcesServer = (opts: InitOptions) => initServerFolder(RESOURCES_SERVER, opts);
export const initAgent = (opts: InitOptions) => initServerFolder(AGENT, opts);

async function initServerFolder(kind: FolderKind, opts: InitOptions): Promise<InitResult> {
  const log = opts.log ?? (() => {});
  const folder = parseServerEntrypoint(opts.entrypoint, kind.kindDir);
  const dir = path.join(opts.repoRoot, folder.relDir);
  if (existsSync(dir)) throw scaffoldErrors.exists(folder.relDir);

  const rendered = renderTemplate(kind.template, kind.values(folder));
  for (const c of kind.copies ?? []) {
    if (!existsSync(path.join(opts.repoRoot, c.from))) throw scaffoldErrors.template(kind.template, `${c.from} (copied into new folders) does not exist`);
  }
  const files = writeFiles(dir, rendered);
  for (const c of kind.copies ?? []) {
    mkdirSync(path.dirname(path.join(dir, c.to)), { recursive: true });
    copyFileSync(path.join(opts.repoRoot, c.from), path.join(dir, c.to));
    files.push(c.to);
  }
  for (const file of await writeExampleMetrics({ repoRoot: opts.repoRoot, relDir: folder.relDir })) files.push(path.relative(dir, file));
  log(`Created ${folder.relDir}/ (${files.length} files).`);
  const result: InitResult = { ...folder, dir, files, installed: false };
  const record = opts.record ?? true;
  if (!(opts.install ?? true)) return result;

  log('Linking the new package into the workspace (pnpm install --offline)...');
  const install = await installWorkspace(opts.repoRoot, { env: opts.env });
  if (!install.ok) {
    throw scaffoldErrors.installFailed(install.command.display, install.output, [
      ...(record ? [recordCommand(folder.relDir)] : []),
      `ng test +entrypoint=${folder.relDir}`,
    ]);
  }
  result.installed = true;
  if (!record) return result;

  log('Recording data/example_rollouts.jsonl with the offline replay model...');
  result.recorded = await recordExampleRollouts({ repoRoot: opts.repoRoot, relDir: folder.relDir, log });
  return result;
}

/** What to do next, as printed after a successful init. */
export function nextSteps(result: InitResult): string[] {
  const config = `${result.relDir}/configs/${result.name}.yaml`;
  return [
    `Test it:        pnpm ng test +entrypoint=${result.relDir}`,
    `Run it offline: pnpm ng run "+config_paths=[${config},responses_api_models/replay_model/configs/replay_model.yaml]"`,
    `Then edit ${result.relDir}/app.ts and data/example.jsonl (see ${result.relDir}/README.md) and re-record: pnpm ${recordCommand(result.relDir)}`,
  ];
}
