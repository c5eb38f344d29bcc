import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createViewerApp } from '../src/app.ts';
import { RolloutFile } from '../src/rollout-file.ts';
import { makeRollout, writeRolloutsFile } from './helpers.ts';

const ROLLOUTS = [
  makeRollout({ task: 0, rollout: 0, reward: 1, question: 'What is the weather in Zürich?', answer: 'It is sunny in Zürich.', city: 'Zürich' }),
  makeRollout({ task: 0, rollout: 1, reward: 0, question: 'What is the weather in Zürich?', answer: 'I do not know.' }),
  '{"reward": 1, oops',
  makeRollout({ task: 1, rollout: 0, reward: 1, question: 'Capital of "France"?', answer: 'Paris' }),
  makeRollout({ task: 1, rollout: 1, reward: 0.5, question: 'Capital of "France"?', answer: 'Lyon', agent: 'geo_agent' }),
];

let path: string;
let app: FastifyInstance;

beforeAll(async () => {
  path = writeRolloutsFile(ROLLOUTS);
  app = await createViewerApp(await RolloutFile.open(path));
});
afterAll(() => app.close());

async function getJson(url: string, expectedStatus = 200) {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(expectedStatus);
  return res.json();
}

const positions = (page: { items: Array<{ i: number }> }) => page.items.map((r) => r.i);

describe('GET /api/meta', () => {
  it('describes the file, its agents and rewards, and the lines it could not read', async () => {
    const meta = await getJson('/api/meta');
    expect(meta).toMatchObject({
      file: path,
      fileName: 'rollouts.jsonl',
      rollouts: 4,
      badLineCount: 1,
      agents: ['weather_agent', 'geo_agent'],
      rewardValues: [0, 0.5, 1],
      hasTaskIndex: true,
    });
    expect(meta.badLines).toHaveLength(1);
    expect(meta.badLines[0].line).toBe(3);
    expect(meta.badLines[0].error).toMatch(/JSON/);
  });
});

describe('GET /api/rollouts', () => {
  it('filters by reward, reward range, task, rollout and agent', async () => {
    expect(positions(await getJson('/api/rollouts'))).toEqual([0, 1, 2, 3]);
    expect(positions(await getJson('/api/rollouts?reward=1'))).toEqual([0, 2]);
    expect(positions(await getJson('/api/rollouts?reward_min=0.25&reward_max=0.75'))).toEqual([3]);
    expect(positions(await getJson('/api/rollouts?task=1'))).toEqual([2, 3]);
    expect(positions(await getJson('/api/rollouts?task=0&rollout=1'))).toEqual([1]);
    expect(positions(await getJson('/api/rollouts?agent=geo_agent'))).toEqual([3]);
    expect((await getJson('/api/rollouts?reward=0.25')).total).toBe(0);
  });

  it('searches the text of the rollouts, including escaped quotes and non-ASCII', async () => {
    expect(positions(await getJson('/api/rollouts?q=LYON'))).toEqual([3]);
    expect(positions(await getJson(`/api/rollouts?q=${encodeURIComponent('"France"')}`))).toEqual([2, 3]);
    expect(positions(await getJson(`/api/rollouts?q=${encodeURIComponent('sunny in zürich')}`))).toEqual([0]);
    expect(positions(await getJson('/api/rollouts?q=sunny&reward=0'))).toEqual([]);
  });

  it('finds text that the file holds as \\u escapes (as Python writes it)', async () => {
    const escaped = writeRolloutsFile([`{"reward": 1, "responses_create_params": {"input": "caf\\u00e9 au lait"}}`, '{"reward": 0}']);
    const other = await createViewerApp(await RolloutFile.open(escaped));
    const res = await other.inject({ method: 'GET', url: `/api/rollouts?q=${encodeURIComponent('Café')}` });
    expect(positions(res.json())).toEqual([0]);
    await other.close();
  });

  it('sorts and pages', async () => {
    expect(positions(await getJson('/api/rollouts?sort=reward'))).toEqual([0, 2, 3, 1]);
    const shuffled = writeRolloutsFile([2, 0, 1, 0].map((task, k) => makeRollout({ task, rollout: k === 1 ? 1 : 0, reward: 1, question: `q${task}`, answer: 'a' })));
    const other = await createViewerApp(await RolloutFile.open(shuffled));
    expect(positions((await other.inject({ method: 'GET', url: '/api/rollouts?sort=task' })).json())).toEqual([3, 1, 2, 0]);
    await other.close();
    const page = await getJson('/api/rollouts?offset=1&limit=2');
    expect(page).toMatchObject({ total: 4, offset: 1, limit: 2 });
    expect(positions(page)).toEqual([1, 2]);
  });

  it('answers a bad parameter with a 400 that names it', async () => {
    expect((await getJson('/api/rollouts?reward=high', 400)).message).toBe('querystring.reward: must be number');
    expect((await getJson('/api/rollouts?task=1.5', 400)).message).toBe('querystring.task: must be integer');
    expect((await getJson('/api/rollouts?limit=0', 400)).message).toBe('querystring.limit: must be >= 1');
    expect((await getJson('/api/rollouts?sort=random', 400)).message).toMatch(/^querystring\.sort: /);
    expect((await getJson('/api/rollouts?rewrd=1', 400)).message).toBe('querystring.rewrd: unknown parameter');
  });
});

describe('GET /api/rollouts/:i', () => {
  it('returns the summary and the readable view of one rollout', async () => {
    const body = await getJson('/api/rollouts/0');
    expect(body.summary).toMatchObject({ i: 0, line: 1, reward: 1, task: 0, rollout: 0, toolCalls: 1 });
    expect(body.total).toBe(4);
    expect(body.view.transcript.map((e: { title: string }) => e.title)).toEqual([
      'Turn 0 Step 0 - System message',
      'Turn 1 Step 0 - User message',
      'Turn 1 Step 0 - Reasoning',
      'Turn 1 Step 1 - Function call - get_weather (tool call ID call_0_0)',
      'Turn 1 Step 1 - Function call output (tool call ID call_0_0)',
      'Turn 1 Step 1 - Assistant message',
    ]);
    expect(body.view.transcript[3].code).toBe('{\n  "city": "Zürich"\n}');
  });

  it('serves the raw line as JSON', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/rollouts/3/raw' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual(ROLLOUTS[4]);
  });

  it('answers 404 for a missing rollout and 400 for a non-number', async () => {
    expect(await getJson('/api/rollouts/4', 404)).toEqual({ error: 'GYM_VIEWER_ROLLOUT_NOT_FOUND', message: 'Rollout 4 does not exist: rollouts are numbered 0 to 3.' });
    expect((await getJson('/api/rollouts/abc', 400)).message).toBe('params.i: must be integer');
  });
});

describe('GET /api/stats', () => {
  it('gives the reward histogram per agent and per task', async () => {
    const stats = await getJson('/api/stats');
    expect(stats.bins.map((b: { label: string }) => b.label)).toEqual(['0', '0.5', '1']);
    expect(stats.agents.map((a: { agent: string; counts: number[] }) => [a.agent, a.counts])).toEqual([
      ['weather_agent', [1, 0, 2]],
      ['geo_agent', [0, 1, 0]],
    ]);
    expect(stats.tasks.map((t: { agent: string; task: number; counts: number[] }) => [t.agent, t.task, t.counts])).toEqual([
      ['geo_agent', 1, [0, 1, 0]],
      ['weather_agent', 0, [1, 0, 1]],
      ['weather_agent', 1, [0, 0, 1]],
    ]);
    expect(stats.agents[0].metrics['mean/reward']).toBeCloseTo(2 / 3, 12);
    expect((await getJson('/api/stats?agent=geo_agent')).tasks).toHaveLength(1);
    expect((await getJson('/api/stats?task_limit=-1', 400)).message).toBe('querystring.task_limit: must be >= 0');
  });
});

describe('the page', () => {
  it('serves the HTML, script and style with a policy that forbids inline script', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await app.inject({ method: 'GET', url: '/app.js' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    // Rollout text must never be parsed as HTML by the page.
    expect(script.body).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect((await app.inject({ method: 'GET', url: '/app.css' })).headers['content-type']).toMatch(/^text\/css/);
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404);
  });
});

describe('POST /api/reload', () => {
  it('picks up rollouts appended since the file was indexed', async () => {
    const grow = writeRolloutsFile([ROLLOUTS[0]]);
    const viewer = await createViewerApp(await RolloutFile.open(grow));
    expect((await viewer.inject({ method: 'GET', url: '/api/stats' })).json().overall.count).toBe(1);
    appendFileSync(grow, `${JSON.stringify(ROLLOUTS[1])}\n`);
    const meta = (await viewer.inject({ method: 'POST', url: '/api/reload' })).json();
    expect(meta.rollouts).toBe(2);
    expect((await viewer.inject({ method: 'GET', url: '/api/stats' })).json().overall.count).toBe(2);
    expect((await viewer.inject({ method: 'GET', url: '/api/rollouts?reward=0' })).json().total).toBe(1);
    await viewer.close();
  });
});
