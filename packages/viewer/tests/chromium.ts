/**
 * Headless Chromium for the browser test: Debian's `chromium` package driven
 * by playwright-core. Installed once with apt-get when missing and running as
 * root; otherwise the caller skips with the reason given here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** The Chromium executable, or why there is none. */
export function ensureChromium(): { path: string } | { reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { path: CHROMIUM_PATH };
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return { reason: `${CHROMIUM_PATH} is missing and installing it needs root on Debian (apt-get install chromium)` };
  }
  try {
    execFileSync('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'], { stdio: 'ignore', timeout: INSTALL_TIMEOUT_MS });
  } catch (err) {
    return { reason: `apt-get install chromium failed: ${(err as Error).message.split('\n')[0]}` };
  }
  return existsSync(CHROMIUM_PATH) ? { path: CHROMIUM_PATH } : { reason: `apt-get install chromium did not provide ${CHROMIUM_PATH}` };
}

/** A headless browser with a fresh profile; close the context to end it. */
export async function launchChromium(executablePath: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'gym-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Width and height from a PNG's IHDR chunk; throws if the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
