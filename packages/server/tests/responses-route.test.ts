/** `/v1/responses` as model and agent servers both serve it: strict create params, then the spec's handler with the request context. */
import { describe, expect, it } from 'vitest';
import { buildServer, defineAgentServer, defineModelServer, type ServerDefinition } from '../src/index.ts';

const echo = (kind: string) => ({
  responses: (body: { input: unknown }, ctx: { instanceName: string }) => ({ id: `${kind}_${ctx.instanceName}`, output: [{ type: 'message', role: 'assistant', content: JSON.stringify(body.input) }] }),
});
const servers: Array<[string, ServerDefinition<any>]> = [
  ['model', defineModelServer({ className: 'EchoModel', ...echo('model') })],
  ['agent', defineAgentServer({ className: 'EchoAgent', ...echo('agent'), run: (body) => ({ ...body, response: { id: 'r', output: [] }, reward: 0 }) })],
];

describe.each(servers)('%s /v1/responses', (kind, def) => {
  it('hands the body and the request context to the handler', async () => {
    const { app } = await buildServer(def, { instanceName: 'x', docs: false });
    const res = await app.inject({ method: 'POST', url: '/v1/responses', payload: { input: 'hi', temperature: 0.5 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: `${kind}_x`, output: [{ type: 'message', role: 'assistant', content: '"hi"' }] });
  });

  it('rejects unknown top-level keys and a missing input with 422 naming the field', async () => {
    const { app } = await buildServer(def, { instanceName: 'x', docs: false });
    const extra = await app.inject({ method: 'POST', url: '/v1/responses', payload: { input: 'hi', not_a_param: 1 } });
    expect(extra.statusCode).toBe(422);
    expect(extra.json().detail[0]).toMatchObject({ type: 'extra_forbidden', loc: ['body', 'not_a_param'] });
    const missing = await app.inject({ method: 'POST', url: '/v1/responses', payload: {} });
    expect(missing.json().detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'input'] });
  });
});
