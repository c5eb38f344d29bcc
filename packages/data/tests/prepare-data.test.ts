import { existsSync, readFileSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, readJsonl, scratchDir, writeJsonl } from '@gym/testing';
import { diffMetrics, prepareData, TOKENS_KEY, WORDS_KEY, type PrepareDataOptions } from '../src/index.ts';
import { question } from './helpers.ts';

const scratch = scratchDir('gym-data-');
let counter = 0;

/** A repo-like folder with one agent whose datasets are given; returns the tree and paths. */
function workspace(datasets: Array<Record<string, unknown>>, files: Record<string, Array<Record<string, unknown> | string>>) {
  const root = path.join(scratch, `ws${counter++}`);
  for (const [rel, rows] of Object.entries(files)) writeJsonl(path.join(root, rel), rows);
  const tree = {
    my_agent: { responses_api_agents: { simple_agent: { entrypoint: 'app.ts', datasets } } },
  };
  const run = (extra: Partial<PrepareDataOptions> = {}) =>
    prepareData({ tree, mode: 'example_validation', outputDirpath: path.join(root, 'out'), cwd: root, repoRoot: root, log: () => {}, ...extra });
  return { root, tree, run };
}

const example = (jsonl = 'data/example.jsonl', extra: Record<string, unknown> = {}) => ({ name: 'example', type: 'example', jsonl_fpath: jsonl, ...extra });

describe('prepareData: the recorded reference dataset', () => {
  const dir = fixturesDir('data/');
  it.skipIf(!dir)('writes a metrics file byte-identical to the reference recording (words 5 / 11.2 / 10.0 / 13.0 / 1.3)', async () => {
    const rel = 'resources_servers/example_multi_turn_gymnasium/data/example.jsonl';
    const ws = workspace([{ ...example(rel) }], {});
    mkdirSync(path.dirname(path.join(ws.root, rel)), { recursive: true });
    copyFileSync(`${dir}multi_turn_gymnasium__example.jsonl`, path.join(ws.root, rel));
    const result = await ws.run();
    const written = readFileSync(path.join(ws.root, 'resources_servers/example_multi_turn_gymnasium/data/example_metrics.json'), 'utf8');
    expect(written).toBe(readFileSync(`${dir}multi_turn_gymnasium__example_metrics.json`, 'utf8'));
    expect(JSON.parse(written)[WORDS_KEY]).toEqual({ 'Total # non-null values': 5, Average: 11.2, Min: 10, Max: 13, 'Standard deviation': 1.3 });
    expect(result.datasets[0].metricsStatus).toBe('written');
    // The rows were already in Python spacing with the right agent_ref, so collation reproduces them.
    const collated = readFileSync(result.collated.example!, 'utf8').replace('example_multi_turn_gymnasium_agent', 'x');
    expect(collated.split('\n').length).toBe(6);
  });
});

describe('prepareData: collation', () => {
  it('repeats each row num_repeats times in a row and counts the repeats as examples', async () => {
    const ws = workspace([example('data/example.jsonl', { num_repeats: 3 })], {
      'data/example.jsonl': [question('a?', 'A'), question('b?', 'B')],
    });
    const result = await ws.run();
    const rows = readJsonl(result.collated.example!);
    expect(rows.map((r) => r.expected_answer)).toEqual(['A', 'A', 'A', 'B', 'B', 'B']);
    const metrics = JSON.parse(readFileSync(path.join(ws.root, 'data/example_metrics.json'), 'utf8'));
    expect(metrics['Number of examples']).toBe(6);
    expect(metrics.num_repeats).toBe(3);
    expect(metrics.expected_answer).toEqual({ unique_count: 2, total_count: 6 });
  });

  it('sets agent_ref to the serving agent on every line, replacing any existing value, in Python spacing', async () => {
    const ws = workspace([example()], {
      'data/example.jsonl': [question('a?', 'A', { agent_ref: { type: 'responses_api_agents', name: 'someone_else' } }), question('b?', 'B')],
    });
    const result = await ws.run();
    const text = readFileSync(result.collated.example!, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      '{"responses_create_params": {"input": [{"role": "user", "content": "a?"}]}, "expected_answer": "A", "agent_ref": {"type": "responses_api_agents", "name": "my_agent"}}',
    );
    expect(JSON.parse(lines[1]).agent_ref).toEqual({ type: 'responses_api_agents', name: 'my_agent' });
  });

  it('collates every dataset of a type in config order into <type>.jsonl and writes <type>_metrics.json', async () => {
    const ws = workspace(
      [
        { name: 'one', type: 'train', jsonl_fpath: 'data/one.jsonl', license: 'MIT' },
        { name: 'two', type: 'train', jsonl_fpath: 'data/two.jsonl', license: 'Apache 2.0', num_repeats: 2 },
        { name: 'val', type: 'validation', jsonl_fpath: 'data/val.jsonl', license: 'TBD' },
      ],
      {
        'data/one.jsonl': [question('1?', 'one')],
        'data/two.jsonl': [question('2?', 'two', { difficulty: 3 })],
        'data/val.jsonl': [question('v?', 'val')],
      },
    );
    const result = await ws.run({ mode: 'train_preparation' });
    expect(readJsonl(result.collated.train!).map((r) => r.expected_answer)).toEqual(['one', 'two', 'two']);
    expect(readJsonl(result.collated.validation!).length).toBe(1);
    const typeMetrics = JSON.parse(readFileSync(path.join(ws.root, 'out/train_metrics.json'), 'utf8'));
    expect(typeMetrics.name).toBe('one'); // config fields of the first dataset of the type
    expect(typeMetrics['Number of examples']).toBe(3);
    expect(typeMetrics[WORDS_KEY]['Total # non-null values']).toBe(3);
    // Other fields are not merged across datasets: the last dataset's statistics stand.
    expect(typeMetrics.expected_answer).toEqual({ unique_count: 1, total_count: 2 });
    expect(typeMetrics.difficulty['Average']).toBe(3);
  });

  it('leaves rows whose params break the schema out of the metrics but still collates them', async () => {
    const ws = workspace([example()], {
      'data/example.jsonl': [question('a?', 'A'), { responses_create_params: { input: 'b?', not_a_param: 1 }, expected_answer: 'B' }],
    });
    const warnings: string[] = [];
    const result = await ws.run({ log: (l) => warnings.push(l) });
    expect(result.datasets[0]).toMatchObject({ examples: 1, skippedRows: 1 });
    expect(warnings.join('\n')).toMatch(/example\.jsonl' line 2: responses_create_params/);
    expect(readJsonl(result.collated.example!).length).toBe(2);
  });
});

describe('prepareData: bad rows and configs name the file and line', () => {
  it('fails on a line that is not JSON', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A'), '{"responses_create_params": {'] });
    await expect(ws.run()).rejects.toMatchObject({ code: 'GYM_DATA_BAD_JSON', message: expect.stringMatching(/Malformed JSON in '.*data\/example\.jsonl' at line 2/) });
  });

  it('fails on a row without responses_create_params.input', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A'), question('b?', 'B'), { responses_create_params: { temperature: 1 } }] });
    await expect(ws.run()).rejects.toThrow(/example\.jsonl' line 3: the row has no `responses_create_params.input`/);
  });

  it('requires a license for train and validation datasets and checks its value', async () => {
    const noLicense = workspace([{ name: 'tr', type: 'train', jsonl_fpath: 'data/t.jsonl' }], { 'data/t.jsonl': [question('a?', 'A')] });
    await expect(noLicense.run({ mode: 'train_preparation' })).rejects.toThrow(/my_agent\.datasets\[0\] \('tr'\): A license is required for tr/);
    const badLicense = workspace([{ name: 'tr', type: 'train', jsonl_fpath: 'data/t.jsonl', license: 'WTFPL' }], { 'data/t.jsonl': [question('a?', 'A')] });
    await expect(badLicense.run({ mode: 'train_preparation' })).rejects.toThrow(/"WTFPL" is not a known license/);
  });

  it('fails listing missing example files, and asks for +should_download for missing train files', async () => {
    await expect(workspace([example('data/nope.jsonl')], {}).run()).rejects.toThrow(/You must provide the above missing example jsonl files!\n- my_agent \/ example \(example\): data\/nope\.jsonl/);
    const train = workspace([{ name: 'tr', type: 'train', jsonl_fpath: 'data/t.jsonl', license: 'MIT' }], {});
    await expect(train.run({ mode: 'train_preparation' })).rejects.toThrow(/\+should_download=true/);
  });

  it('fails on a field holding both numbers and strings', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A', { level: 1 }), question('b?', 'B', { level: 'hard' })] });
    await expect(ws.run()).rejects.toThrow(/line 2: field 'level' holds both numbers and strings/);
  });
});

describe('prepareData: the committed metrics check', () => {
  it('leaves a matching sidecar untouched', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A')] });
    await ws.run();
    const file = path.join(ws.root, 'data/example_metrics.json');
    const before = statSync(file).mtimeMs;
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Average": 5.0', '"Average": 5.004'));
    const touched = readFileSync(file, 'utf8');
    const result = await ws.run();
    expect(result.datasets[0].metricsStatus).toBe('unchanged');
    expect(readFileSync(file, 'utf8')).toBe(touched);
    expect(before).toBeGreaterThan(0);
  });

  it('writes *_metrics_conflict.json and fails at the end when the data changed', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A')] });
    await ws.run();
    writeJsonl(path.join(ws.root, 'data/example.jsonl'), [question('a?', 'A'), question('b?', 'B')]);
    await expect(ws.run()).rejects.toMatchObject({ code: 'GYM_DATA_METRICS_CONFLICT', message: expect.stringMatching(/example_metrics_conflict\.json[\s\S]*Try deleting/) });
    expect(existsSync(path.join(ws.root, 'data/example_metrics_conflict.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(ws.root, 'data/example_metrics.json'), 'utf8'))['Number of examples']).toBe(1);
    // +write_metrics=true regenerates the committed file from the data.
    const rewritten = await ws.run({ writeMetrics: true });
    expect(rewritten.datasets[0].metricsStatus).toBe('written');
    expect(JSON.parse(readFileSync(path.join(ws.root, 'data/example_metrics.json'), 'utf8'))['Number of examples']).toBe(2);
  });

  it('only reports conflicts with overwrite_metrics_conflicts, and writes the new metrics', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('a?', 'A')] });
    await ws.run();
    writeJsonl(path.join(ws.root, 'data/example.jsonl'), [question('a?', 'A'), question('b?', 'B')]);
    const result = await ws.run({ overwriteMetricsConflicts: true });
    expect(result.datasets[0].metricsStatus).toBe('overwritten');
    expect(result.conflicts.length).toBeGreaterThan(0);
    expect(result.collated.example).toBeDefined();
  });

  it('adds real token counts only when asked', async () => {
    const ws = workspace([example()], { 'data/example.jsonl': [question('What is the capital of France?', 'Paris')] });
    await ws.run({ countTokens: true, writeMetrics: true });
    const metrics = JSON.parse(readFileSync(path.join(ws.root, 'data/example_metrics.json'), 'utf8'));
    expect(metrics[TOKENS_KEY]['Total # non-null values']).toBe(1);
    expect(metrics[TOKENS_KEY].Average).toBeGreaterThan(10);
  });
});

describe('diffMetrics', () => {
  it('reports old keys missing from the new metrics; new keys are fine', () => {
    expect(diffMetrics({ a: { b: 1 } }, { a: {}, c: 2 })).toEqual(['Missing key in new metrics: a.b']);
  });
  it('allows 5e-3 above 1 and 5e-4 below', () => {
    expect(diffMetrics({ x: 1.0 }, { x: 1.004 })).toEqual([]);
    expect(diffMetrics({ x: 0.5 }, { x: 0.5006 })).toEqual(['Numeric mismatch at x: 0.5 != 0.5006']);
    expect(diffMetrics({ x: 10.0 }, { x: 10 })).toEqual([]);
  });
  it('compares lists as multisets and other values exactly', () => {
    expect(diffMetrics({ l: [1, 2, { a: 1 }] }, { l: [{ a: 1 }, 2, 1] })).toEqual([]);
    expect(diffMetrics({ l: [1, 2] }, { l: [1] })).toEqual(['List length differs at l: 2 != 1']);
    expect(diffMetrics({ s: 'a' }, { s: 'b' })).toEqual(["Value differs at s: 'a' != 'b'"]);
  });
});

describe('prepareData: downloads', () => {
  let server: Server;
  let base = '';
  const served = JSON.stringify(question('downloaded?', 'yes'));
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const trainWith = (source: Record<string, unknown>) =>
    workspace([{ name: 'tr', type: 'train', jsonl_fpath: 'data/dl.jsonl', license: 'MIT', source }], {});

  it('downloads a missing Hugging Face file with +should_download', async () => {
    server = createServer((req, res) => {
      const ok = req.url === '/datasets/org/repo/resolve/main/train.jsonl' && req.headers.authorization === 'Bearer tok';
      res.writeHead(ok ? 200 : 404).end(ok ? `${served}\n` : 'not found');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const ws = trainWith({ type: 'huggingface', repo_id: 'org/repo', artifact_fpath: 'train.jsonl' });
    const result = await ws.run({ mode: 'train_preparation', shouldDownload: true, hfToken: 'tok', hfEndpoint: base });
    expect(readFileSync(path.join(ws.root, 'data/dl.jsonl'), 'utf8')).toBe(`${served}\n`);
    expect(readJsonl(result.collated.train!)[0].expected_answer).toBe('yes');
  });

  it('says plainly that downloading needs the network when the hub is unreachable', async () => {
    const ws = trainWith({ type: 'huggingface', repo_id: 'org/repo', artifact_fpath: 'train.jsonl' });
    await expect(ws.run({ mode: 'train_preparation', shouldDownload: true, hfToken: 'tok', hfEndpoint: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      code: 'GYM_DATA_DOWNLOAD',
      message: expect.stringMatching(/is unreachable \(ECONNREFUSED\)\. Downloading needs network access/),
    });
    expect(existsSync(path.join(ws.root, 'data/dl.jsonl'))).toBe(false);
  });

  it('asks for a token and for an artifact path', async () => {
    const ws = trainWith({ type: 'huggingface', repo_id: 'org/repo' });
    await expect(ws.run({ mode: 'train_preparation', shouldDownload: true })).rejects.toThrow(/\+hf_token/);
    await expect(ws.run({ mode: 'train_preparation', shouldDownload: true, hfToken: 't' })).rejects.toThrow(/artifact_fpath/);
  });
});
