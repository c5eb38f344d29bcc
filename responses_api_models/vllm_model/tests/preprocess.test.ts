// The chat body as sent to vLLM (spec §5.5 preprocessing).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, type VllmModelConfigInput } from '../src/config.ts';
import { preprocessChatBody } from '../src/preprocess.ts';

const config = (over: Partial<VllmModelConfigInput> = {}) =>
  resolveConfig({ base_url: 'http://x/v1', api_key: 'k', model: 'served', return_token_id_information: false, uses_reasoning_parser: true, ...over });
const user = [{ role: 'user', content: 'hi' }];

describe('preprocessChatBody', () => {
  it('pins the model and leaves the caller body untouched', () => {
    const body = { model: 'caller', messages: user };
    const out = preprocessChatBody(body, config());
    expect(out.model).toBe('served');
    expect(body.model).toBe('caller');
  });

  it('token mode forces logprobs/top_logprobs/return_tokens_as_token_ids whatever the caller sent', () => {
    for (const top_logprobs of [null, 5, undefined]) {
      const out = preprocessChatBody({ messages: user, top_logprobs, logprobs: false }, config({ return_token_id_information: true }));
      expect(out).toMatchObject({ logprobs: true, top_logprobs: 0, return_tokens_as_token_ids: true });
      expect('return_token_ids' in out).toBe(false);
    }
    const inline = preprocessChatBody({ messages: user }, config({ return_token_id_information: true, request_prompt_and_generation_token_ids: true }));
    expect(inline.return_token_ids).toBe(true);
  });

  it('token mode rejects n other than 1, naming the field', () => {
    expect(() => preprocessChatBody({ messages: user, n: 2 }, config({ return_token_id_information: true }))).toThrow(/^n: must be 1/);
    expect(preprocessChatBody({ messages: user, n: 1 }, config({ return_token_id_information: true })).n).toBe(1);
    expect(preprocessChatBody({ messages: user, n: 2 }, config()).n).toBe(2);
  });

  it('deletes a null top_logprobs on the plain path and keeps a set one', () => {
    expect('top_logprobs' in preprocessChatBody({ messages: user, top_logprobs: null }, config())).toBe(false);
    expect(preprocessChatBody({ messages: user, top_logprobs: 3 }, config()).top_logprobs).toBe(3);
  });

  it('precedence: sampling_overrides > request > extra_body; metadata.extra_body merges over config extra_body', () => {
    const c = config({ extra_body: { temperature: 0.1, top_k: 5, repetition_penalty: 1.1 }, sampling_overrides: { top_p: 0.95, temperature: 1 } });
    const out = preprocessChatBody({ messages: user, temperature: 0.7, top_p: 0.5, metadata: { extra_body: '{"top_k": 7}' } }, c);
    expect(out).toMatchObject({ temperature: 1, top_p: 0.95, top_k: 7, repetition_penalty: 1.1 });
    // extra_body never beats a field the request sets.
    expect(preprocessChatBody({ messages: user, top_k: 1 }, config({ extra_body: { top_k: 9 } })).top_k).toBe(1);
  });

  it('merges metadata.chat_template_kwargs (a JSON string) over the config and sends it only when non-empty', () => {
    const c = config({ chat_template_kwargs: { enable_thinking: true, keep: 1 } });
    const out = preprocessChatBody({ messages: user, metadata: { chat_template_kwargs: '{"enable_thinking": false}' } }, c);
    expect(out.chat_template_kwargs).toEqual({ enable_thinking: false, keep: 1 });
    expect('chat_template_kwargs' in preprocessChatBody({ messages: user }, config())).toBe(false);
    expect(() => preprocessChatBody({ messages: user, metadata: { chat_template_kwargs: '{oops' } }, c)).toThrow(/^metadata.chat_template_kwargs: /);
  });

  it('moves <think> history to reasoning_content and reasoning (first block), or keeps it in preserve mode', () => {
    const history = [...user, { role: 'assistant', content: '<think>r</think>a' }, { role: 'assistant', content: [{ type: 'text', text: '<think>s</think>b' }] }];
    const out = preprocessChatBody({ messages: history }, config());
    expect(out.messages[1]).toEqual({ role: 'assistant', content: 'a', reasoning_content: 'r', reasoning: 'r' });
    expect(out.messages[2]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'b' }], reasoning_content: 's', reasoning: 's' });
    const notInterleaved = preprocessChatBody({ messages: history }, config({ uses_interleaved_reasoning: false }));
    expect(notInterleaved.messages[1]).toEqual({ role: 'assistant', content: 'a' });
    const preserved = preprocessChatBody({ messages: history }, config({ preserve_reasoning_in_assistant_content: true }));
    expect(preserved.messages[1]).toEqual({ role: 'assistant', content: '<think>r</think>a' });
    const noParser = preprocessChatBody({ messages: history }, config({ uses_reasoning_parser: false }));
    expect(noParser.messages[1].content).toBe('<think>r</think>a');
  });

  it('replaces developer with system when configured, and strips `strict` from tools', () => {
    const body = { messages: [{ role: 'developer', content: 'd' }, ...user], tools: [{ type: 'function', function: { name: 'f', strict: true } }] };
    const out = preprocessChatBody(body, config({ replace_developer_role_with_system: true }));
    expect(out.messages[0].role).toBe('system');
    expect(out.tools[0].function).toEqual({ name: 'f' });
    expect(preprocessChatBody(body, config()).messages[0].role).toBe('developer');
  });

  it('puts metadata audio before the text of the latest user message', () => {
    const root = mkdtempSync(join(tmpdir(), 'gym-audio-'));
    writeFileSync(join(root, 'clip.wav'), Buffer.from([1, 2, 3]));
    const out = preprocessChatBody({ messages: [{ role: 'user', content: 'old' }, { role: 'user', content: 'new' }], metadata: { audio_path: 'clip.wav' } }, config({ audio_root: root }));
    expect(out.messages[1].content).toEqual([
      { type: 'audio_url', audio_url: { url: 'data:audio/wav;base64,AQID' } },
      { type: 'text', text: 'new' },
    ]);
    expect(out.messages[0].content).toBe('old');
    expect('metadata' in out).toBe(false);
    const data = preprocessChatBody({ messages: user, metadata: { audio_data: 'data:audio/wav;base64,AA', other: 'x' } }, config());
    expect(data.messages[0].content[0]).toEqual({ type: 'audio_url', audio_url: { url: 'data:audio/wav;base64,AA' } });
    expect(data.metadata).toEqual({ other: 'x' });
    expect(() => preprocessChatBody({ messages: user, metadata: { audio_path: 'clip.wav' } }, config())).toThrow(/audio_root/);
    expect(() => preprocessChatBody({ messages: user, metadata: { audio_data: 'a', audio_path: 'b' } }, config())).toThrow(/mutually exclusive/);
  });
});
