/** The viewer page in a real headless Chromium: list, filters, one transcript, stats, and what it looks like. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../src/launch.ts';
import { ensureChromium, launchChromium, pngSize } from './chromium.ts';
import { makeRollout, writeRolloutsFile } from './helpers.ts';

const chromium = ensureChromium();
if ('reason' in chromium) console.warn(`skipping the browser test: ${chromium.reason}`);

const VIEWPORT = { width: 1280, height: 800 };
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

const ROLLOUTS = [
  makeRollout({ task: 0, rollout: 0, reward: 1, question: 'What is the weather in Zürich today?', answer: 'It is sunny in Zürich.', city: 'Zürich' }),
  makeRollout({ task: 0, rollout: 1, reward: 0, question: 'What is the weather in Zürich today?', answer: 'I cannot tell.' }),
  makeRollout({ task: 1, rollout: 0, reward: 1, question: `Repeat this exactly: ${XSS}`, answer: XSS }),
  makeRollout({ task: 1, rollout: 1, reward: 1, question: `Repeat this exactly: ${XSS}`, answer: 'No.' }),
  '{"reward": 1, "response": {"id": ',
  makeRollout({ task: 2, rollout: 0, reward: 0, question: 'Name three primes.', answer: '2, 3, 4' }),
  makeRollout({ task: 2, rollout: 1, reward: 0, question: 'Name three primes.', answer: '2, 4, 6' }),
];

describe.skipIf('reason' in chromium)('the viewer in Chromium', () => {
  let viewer: RunningViewer;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    viewer = await startViewer({ jsonlPath: writeRolloutsFile(ROLLOUTS), port: 0 });
    browser = await launchChromium((chromium as { path: string }).path, VIEWPORT);
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
  });

  const listCount = () => page.locator('.rollout-item').count();
  const waitForListCount = (n: number) => page.waitForFunction((k) => document.querySelectorAll('.rollout-item').length === k, n);

  it('lists, filters, opens a transcript and draws histograms', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(viewer.url);
    await waitForListCount(6);
    expect(await page.locator('#file-summary').textContent()).toBe('6 rollouts · ' + (await page.evaluate(() => document.querySelector('#file-summary')!.textContent!.split(' · ')[1])) + ' · 1 bad line');
    expect(await page.locator('#bad-lines-summary').textContent()).toBe('1 line could not be read and is left out');
    await page.locator('#bad-lines summary').click();
    expect(await page.locator('#bad-lines-list li').first().textContent()).toMatch(/^line 5: .*JSON/);

    // Reward filter (a drop-down, applied on change), then task + text search (applied on Enter).
    await page.selectOption('#f-reward', '1');
    await waitForListCount(3);
    expect(await page.locator('#result-count').textContent()).toBe('3 of 6 rollouts match');
    await page.fill('#f-task', '0');
    await page.press('#f-task', 'Enter');
    await waitForListCount(1);
    await page.click('#clear-filters');
    await waitForListCount(6);
    await page.fill('#f-q', 'cannot tell');
    await page.press('#f-q', 'Enter');
    await waitForListCount(1);
    expect(await page.locator('.rollout-item .preview').textContent()).toBe('What is the weather in Zürich today?');
    await page.click('#clear-filters');
    await waitForListCount(6);

    // One rollout as a transcript.
    await page.click('.rollout-item[data-i="0"] a');
    await page.waitForFunction(() => document.querySelector('#detail h2')?.textContent?.startsWith('Sample 1 - Responses ID resp_0_0'));
    const titles = await page.locator('#detail .entry-title').allTextContents();
    expect(titles).toEqual([
      'Turn 0 Step 0 - System message',
      'Turn 1 Step 0 - User message',
      'Turn 1 Step 0 - Reasoning',
      'Turn 1 Step 1 - Function call - get_weather (tool call ID call_0_0)',
      'Turn 1 Step 1 - Function call output (tool call ID call_0_0)',
      'Turn 1 Step 1 - Assistant message',
    ]);
    expect(await page.locator('#detail .entry.kind-function_call pre').textContent()).toBe('{\n  "city": "Zürich"\n}');
    expect(await page.locator('#detail .entry.kind-assistant .text').textContent()).toBe('It is sunny in Zürich.');
    const detailText = await page.locator('#detail').innerText();
    expect(detailText).toContain('Metadata - reward');
    expect(detailText).toContain('I should look up the weather in Zürich.');
    expect(detailText).toContain('Tools (1)');

    // Rollout text that looks like HTML stays text.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.waitForFunction(() => document.querySelector('#detail h2')?.textContent?.startsWith('Sample 3 '));
    expect(await page.locator('#detail .entry.kind-assistant .text').textContent()).toBe(XSS);
    expect(await page.locator('#detail img, #detail script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    await page.click('.rollout-item[data-i="0"] a');
    await page.waitForFunction(() => document.querySelector('#detail h2')?.textContent?.startsWith('Sample 1 '));
    const shot = await page.screenshot();
    expect(pngSize(shot)).toEqual(VIEWPORT);
    // A blank 1280x800 page compresses to a few KB; a rendered list and transcript is far more.
    expect(shot.length).toBeGreaterThan(30_000);
    if (process.env.GYM_VIEWER_SCREENSHOT_DIR) writeFileSync(join(process.env.GYM_VIEWER_SCREENSHOT_DIR, 'viewer-rollout.png'), shot);

    // Reward histograms: per agent, then per task; a task row leads back to its rollouts.
    await page.click('#tab-stats');
    await page.locator('#agent-stats svg.histogram rect.bar').first().waitFor();
    expect(await page.locator('#agent-stats svg.histogram:not(.mini) rect.bar').count()).toBe(2);
    expect(await page.locator('#agent-stats svg.histogram .label').allTextContents()).toEqual(['0', '1']);
    expect(await page.locator('#agent-stats svg.histogram .count').allTextContents()).toEqual(['3', '3']);
    expect(await page.locator('#task-stats tbody tr').count()).toBe(3);
    const taskRow = page.locator('#task-stats tbody tr').nth(1);
    expect((await taskRow.locator('td').allTextContents()).slice(0, 4)).toEqual(['weather_agent', '1', '2', '1']);
    expect(await taskRow.locator('svg.mini > title').textContent()).toBe('0: 0, 1: 2');
    const statsShot = await page.screenshot();
    expect(pngSize(statsShot)).toEqual(VIEWPORT);
    if (process.env.GYM_VIEWER_SCREENSHOT_DIR) writeFileSync(join(process.env.GYM_VIEWER_SCREENSHOT_DIR, 'viewer-stats.png'), statsShot);

    await page.locator('#task-stats tbody tr').nth(2).click();
    await waitForListCount(2);
    expect(await page.locator('#f-task').inputValue()).toBe('2');
    expect(await listCount()).toBe(2);

    expect(pageErrors).toEqual([]);
  }, 20_000);
});
