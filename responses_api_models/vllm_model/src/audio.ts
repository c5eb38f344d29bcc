/**
 * The audio sidechannel: the Responses API has no audio content part, so rows
 * carry audio in `metadata.audio_data` (a data URI), `metadata.audio_path` or
 * `metadata.audio_paths` (files, inlined as data URIs here). The clips are
 * put before the text of the latest user message as `audio_url` blocks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { modelErrors } from './errors.ts';

type Obj = Record<string, any>;

// A wrong subtype makes vLLM mis-decode silently, so unknown extensions are refused rather than guessed.
const AUDIO_MIME: Record<string, string> = { '.wav': 'wav', '.flac': 'flac', '.mp3': 'mpeg', '.m4a': 'mp4', '.ogg': 'ogg', '.opus': 'opus' };
const AUDIO_KEYS = ['audio_data', 'audio_path', 'audio_paths'] as const;

/** Move audio from `body.metadata` into the latest user message; no-op without audio keys. */
export function applyAudioSidechannel(body: Obj, audioRoot: string | null): void {
  const metadata = body.metadata as Obj | undefined;
  if (!metadata || typeof metadata !== 'object') return;
  const keys = AUDIO_KEYS.filter((k) => metadata[k]);
  if (keys.length === 0) return;
  if (keys.length > 1) throw modelErrors.badInput('metadata', `audio keys are mutually exclusive, got ${keys.join(', ')}; set exactly one of ${AUDIO_KEYS.join(' / ')} per row.`);
  const key = keys[0];
  let urls: string[];
  if (key === 'audio_data') urls = [String(metadata.audio_data)];
  else if (key === 'audio_path') urls = [audioDataUrl(String(metadata.audio_path), audioRoot, 'metadata.audio_path')];
  else {
    const paths = metadata.audio_paths;
    if (!Array.isArray(paths)) throw modelErrors.badInput('metadata.audio_paths', 'must be a list of file paths.');
    urls = paths.map((p, i) => audioDataUrl(String(p), audioRoot, `metadata.audio_paths[${i}]`));
  }
  delete metadata[key];
  if (Object.keys(metadata).length === 0) delete body.metadata;

  const blocks = urls.map((url) => ({ type: 'audio_url', audio_url: { url } }));
  const messages: Obj[] = (body.messages ??= []);
  const user = [...messages].reverse().find((m) => m.role === 'user');
  if (!user) {
    messages.push({ role: 'user', content: blocks });
    return;
  }
  if (typeof user.content === 'string') user.content = [...blocks, { type: 'text', text: user.content }];
  else if (Array.isArray(user.content)) user.content = [...blocks, ...user.content];
  else user.content = blocks;
}

function audioDataUrl(path: string, audioRoot: string | null, field: string): string {
  let resolved = path;
  if (!isAbsolute(path)) {
    if (!audioRoot) throw modelErrors.badInput(field, `${JSON.stringify(path)} is relative but the model server has no \`audio_root\`; set audio_root in its config or use absolute paths.`);
    resolved = join(audioRoot, path);
  }
  if (!existsSync(resolved)) throw modelErrors.badInput(field, `resolved to ${JSON.stringify(resolved)}, which does not exist.`);
  const mime = AUDIO_MIME[extname(resolved).toLowerCase()];
  if (!mime) throw modelErrors.badInput(field, `unsupported audio extension ${JSON.stringify(extname(resolved))}; supported: ${Object.keys(AUDIO_MIME).join(', ')}.`);
  return `data:audio/${mime};base64,${readFileSync(resolved).toString('base64')}`;
}
