/** Public API of @gym/scaffold: server folder templates, their recording, and the test runners behind the authoring commands. */
export { ScaffoldError, scaffoldErrors, type ScaffoldErrorCode } from './errors.ts';
export { SERVER_KIND_DIRS, checkServerName, parseServerEntrypoint, pascalCase, type ServerFolderName, type ServerKindDir } from './names.ts';
export { TEMPLATES_DIR, renderTemplate, writeFiles, fillText, type RenderedFile, type TemplateName, type TemplateValues } from './templates.ts';
export { installCommand, installWorkspace, type InstallCommand, type InstallResult } from './workspace-install.ts';
export { REPLAY_MODEL_CONFIG, recordCommand, recordExampleRollouts, type RecordOptions, type RecordResult } from './record-rollouts.ts';
export { initAgent, initResourcesServer, nextSteps, type InitOptions, type InitResult } from './init-server.ts';
export { listServerFolders, resolveServerFolder, selectShard, type ServerFolder } from './server-folders.ts';
export { EXAMPLE_ROWS, validateExampleData } from './data-validation.ts';
export { writeExampleMetrics } from './example-metrics.ts';
export { runVitest, vitestEntry, type VitestCounts, type VitestOptions, type VitestRun } from './vitest-runner.ts';
export {
  devTest,
  formatTestAllReport,
  testAll,
  testServer,
  type ServerTestResult,
  type ServerTestStatus,
  type TestAllOptions,
  type TestAllResult,
  type TestServerOptions,
  type TestServerResult,
} from './run-tests.ts';
export { extractDocCommands, type DocBlock, type DocBlockMode } from './doc-commands.ts';
