/**
 * Start the viewer on a rollouts file: index it, listen, and hand back the
 * URL. What `ng viewer` calls, and what the tests call.
 */
import type { FastifyInstance } from 'fastify';
import { createViewerApp } from './app.ts';
import { viewerErrors } from './errors.ts';
import { RolloutFile } from './rollout-file.ts';

export interface ViewerOptions {
  jsonlPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: rollouts can hold private data, so the viewer is local unless asked otherwise. */
  host?: string;
}

export interface RunningViewer {
  url: string;
  port: number;
  file: RolloutFile;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startViewer(opts: ViewerOptions): Promise<RunningViewer> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw viewerErrors.badPort(String(opts.port));
  const file = await RolloutFile.open(opts.jsonlPath);
  const app = await createViewerApp(file);
  try {
    await app.listen({ host, port });
  } catch (err) {
    await app.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw viewerErrors.portInUse(host, port);
    throw err;
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}:${bound}/`, port: bound, file, app, close: () => app.close() };
}
