/**
 * Fetching a missing dataset file from where its config says it lives. Hugging Face files are
 * downloaded over HTTPS (`<endpoint>/datasets/<repo>/resolve/main/<file>`); this needs network
 * access, and every failure says so plainly instead of surfacing a socket error.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent, interceptors, request } from 'undici';
import { dataErrors } from '../errors.ts';
import type { DatasetEntry, DownloadSource } from './dataset-config.ts';

export interface DownloadOptions {
  /** Which backend to use when both deprecated identifiers are set. */
  dataSource?: 'huggingface' | 'gitlab';
  hfToken?: string;
  /** Base URL of the Hugging Face hub (default: HF_ENDPOINT or https://huggingface.co). */
  hfEndpoint?: string;
  mlflowTrackingUri?: string;
  mlflowTrackingToken?: string;
  timeoutMs?: number;
}

export function pickSource(entry: DatasetEntry, dataSource: DownloadOptions['dataSource']): DownloadSource {
  const what = `dataset '${entry.name}' of agent '${entry.agent}'`;
  if (entry.sources.length === 0) {
    throw dataErrors.download(what, `its file '${entry.jsonlFpath}' is missing and the config gives no \`source\` to download it from. Add the file or a source.`);
  }
  if (entry.sources.length === 1) return entry.sources[0];
  return entry.sources.find((s) => s.type === (dataSource ?? 'huggingface'))!;
}

/** Download one dataset to `dest` (written to a temporary name first, so a failed download leaves nothing behind). */
export async function downloadDataset(entry: DatasetEntry, dest: string, opts: DownloadOptions): Promise<void> {
  const source = pickSource(entry, opts.dataSource);
  const what = `dataset '${entry.name}' of agent '${entry.agent}'`;
  if (source.type === 'gitlab') {
    if (!opts.mlflowTrackingUri || !opts.mlflowTrackingToken) {
      throw dataErrors.download(what, 'GitLab (MLflow registry) downloads need +mlflow_tracking_uri and +mlflow_tracking_token.');
    }
    throw dataErrors.download(
      what,
      `downloads from the GitLab/MLflow dataset registry are not supported by this tool; fetch '${source.dataset_name}' version ${source.version} ` +
        `(artifact '${source.artifact_fpath}') with the registry's own client and place it at ${dest}.`,
    );
  }
  if (!source.repo_id) throw dataErrors.download(what, 'the Hugging Face source has no `repo_id`.');
  if (!opts.hfToken) throw dataErrors.download(what, 'Hugging Face downloads need a token: pass +hf_token=<token> (or set it in env.yaml).');
  if (!source.artifact_fpath) {
    throw dataErrors.download(what, `only single files can be downloaded; set \`artifact_fpath\` (the jsonl file inside ${source.repo_id}) in the dataset's source.`);
  }
  const endpoint = (opts.hfEndpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/$/, '');
  const url = `${endpoint}/datasets/${source.repo_id}/resolve/main/${source.artifact_fpath.split('/').map(encodeURIComponent).join('/')}`;
  const timeout = opts.timeoutMs ?? 60_000;
  let res;
  try {
    // The hub answers with a redirect to its file CDN.
    const dispatcher = new Agent().compose(interceptors.redirect({ maxRedirections: 5 }));
    res = await request(url, { dispatcher, headers: { authorization: `Bearer ${opts.hfToken}` }, headersTimeout: timeout, bodyTimeout: timeout });
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    throw dataErrors.download(
      what,
      `${url} is unreachable (${code}). Downloading needs network access to ${endpoint}; ` +
        `without it, place the file at ${dest} yourself.`,
    );
  }
  if (res.statusCode !== 200) {
    const body = (await res.body.text()).slice(0, 300);
    const hint = res.statusCode === 401 || res.statusCode === 403 ? ' Check that +hf_token can read this repository.' : '';
    throw dataErrors.download(what, `${url} answered HTTP ${res.statusCode}: ${body}.${hint}`);
  }
  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.download-${process.pid}`;
  try {
    await pipeline(res.body, createWriteStream(tmp));
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw dataErrors.download(what, `the transfer from ${url} failed: ${(err as Error).message}`);
  }
}
