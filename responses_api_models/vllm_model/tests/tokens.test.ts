// Token ids from vLLM replies (spec §5.6): source order, checks and clean-up.
import { describe, expect, it } from 'vitest';
import { UpstreamContractError } from '../src/errors.ts';
import { attachTokenIds, tokenizeBody } from '../src/tokens.ts';

const logprobs = (ids: number[], lps: number[]) => ({ content: ids.map((id, i) => ({ token: `token_id:${id}`, logprob: lps[i], bytes: null, top_logprobs: [] })) });
const completion = (message: Record<string, unknown>, choiceExtra: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
  id: 'c',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi', ...message }, ...choiceExtra }],
  ...top,
});
const neverTokenize = async () => {
  throw new Error('tokenize must not be called');
};

describe('attachTokenIds', () => {
  it('uses token_id:N logprobs plus /tokenize, then removes the transport fields', async () => {
    const c: any = completion({}, { logprobs: logprobs([123, 456], [-0.1, -0.2]) });
    let calls = 0;
    await attachTokenIds(c, async () => {
      calls++;
      return { tokens: [10, 20, 30] };
    });
    expect(calls).toBe(1);
    expect(c.choices[0].message).toEqual({ role: 'assistant', content: 'hi', prompt_token_ids: [10, 20, 30], generation_token_ids: [123, 456], generation_log_probs: [-0.1, -0.2] });
    expect('logprobs' in c.choices[0]).toBe(false);
  });

  it('prefers inline response ids (no /tokenize) and checks them against the logprob ids', async () => {
    const c: any = completion({}, { logprobs: logprobs([1, 2], [-1, -2]), token_ids: [1, 2] }, { prompt_token_ids: [9, 9] });
    await attachTokenIds(c, neverTokenize);
    expect(c.choices[0].message).toMatchObject({ prompt_token_ids: [9, 9], generation_token_ids: [1, 2], generation_log_probs: [-1, -2] });
    expect('prompt_token_ids' in c).toBe(false);
    expect('token_ids' in c.choices[0]).toBe(false);

    const disagree: any = completion({}, { logprobs: logprobs([1, 2], [-1, -2]), token_ids: [1, 3] }, { prompt_token_ids: [9] });
    await expect(attachTokenIds(disagree, neverTokenize)).rejects.toThrow(/disagree/);
    const partial: any = completion({}, { logprobs: logprobs([1], [-1]) }, { prompt_token_ids: [9] });
    await expect(attachTokenIds(partial, neverTokenize)).rejects.toThrow(/missing: choice.token_ids/);
  });

  it('takes a complete bundle already on the message, and checks it against inline ids', async () => {
    const bundle = { prompt_token_ids: [1], generation_token_ids: [2], generation_log_probs: [-0.5], routed_experts: [[3]] };
    const c: any = completion(bundle);
    await attachTokenIds(c, neverTokenize);
    expect(c.choices[0].message).toMatchObject(bundle);

    const clash: any = completion(bundle, { token_ids: [7] }, { prompt_token_ids: [1] });
    await expect(attachTokenIds(clash, neverTokenize)).rejects.toThrow(/disagrees/);
    const partial: any = completion({ prompt_token_ids: [1] });
    await expect(attachTokenIds(partial, neverTokenize)).rejects.toThrow(/partial token metadata/);
  });

  it('errors (as the upstream\'s fault) on missing logprobs, wrong token format, bad lengths or tokenize output', async () => {
    await expect(attachTokenIds(completion({}) as any, neverTokenize)).rejects.toThrow(UpstreamContractError);
    const words: any = completion({}, { logprobs: { content: [{ token: 'hello', logprob: -1 }] } });
    await expect(attachTokenIds(words, neverTokenize)).rejects.toThrow(/token_id:<int>/);
    const nonNumeric: any = completion({}, { logprobs: { content: [{ token: 'token_id:1', logprob: 'x' }] } });
    await expect(attachTokenIds(nonNumeric, neverTokenize)).rejects.toThrow(/numeric/);
    const lengths: any = completion({ prompt_token_ids: [1], generation_token_ids: [1, 2], generation_log_probs: [-1] });
    await expect(attachTokenIds(lengths, neverTokenize)).rejects.toThrow(/same length/);
    const badTokenize: any = completion({}, { logprobs: logprobs([1], [-1]) });
    await expect(attachTokenIds(badTokenize, async () => ({ tokens: 'nope' }))).rejects.toThrow(/tokenize.tokens/);
  });

  it('keeps routed_experts from the message when ids come from logprobs', async () => {
    const c: any = completion({ routed_experts: { layer0: [1] } }, { logprobs: logprobs([5], [-1]) });
    await attachTokenIds(c, async () => ({ tokens: [1] }));
    expect(c.choices[0].message.routed_experts).toEqual({ layer0: [1] });
  });
});

describe('tokenizeBody', () => {
  it('keeps exactly the prompt-shaping fields that are present', () => {
    const body = { model: 'm', messages: [], tools: [{}], chat_template_kwargs: { a: 1 }, temperature: 1, logprobs: true, mm_processor_kwargs: {} };
    expect(tokenizeBody(body)).toEqual({ model: 'm', messages: [], tools: [{}], chat_template_kwargs: { a: 1 }, mm_processor_kwargs: {} });
  });
});
