// The converter and token path against the test vectors recorded from the reference (../shared/fixtures/models).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeJson, fixturesDir, startFakeUpstream, type FakeUpstream } from '@gym/testing';
import type { ResponsesCreateParams } from '@gym/schemas';
import { UpstreamClient } from '@gym/upstream';
import { chatCompletion } from '../src/chat-path.ts';
import { resolveConfig } from '../src/config.ts';
import { messageToOutputItems } from '../src/from-chat.ts';
import { responsesToChat } from '../src/to-chat.ts';

const dir = fixturesDir('models/');
const load = (name: string) => JSON.parse(readFileSync(`${dir}${name}`, 'utf8'));

/** Ids the reference generates with uuid4 are compared by prefix. */
function withIdPrefixes(items: Record<string, unknown>[]) {
  return items.map((item) => {
    const id = item.id;
    return typeof id === 'string' && /^(rs|msg)_/.test(id) ? { ...item, id: id.replace(/_.*/, '_<hex>') } : item;
  });
}

const dropNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

describe.skipIf(!dir)('qwen3 tool rollout: Responses input → chat messages', () => {
  it('collapses each turn into one assistant message and maps tool outputs', () => {
    const f = load('responses_input_to_chat_messages_qwen3_tool_rollout.json');
    const out = responsesToChat(f.responses_create_params as ResponsesCreateParams, { returnTokenIdInformation: f.converter_config.return_token_id_information });
    expect(out.messages).toEqual(f.expected_chat_completion_create_params.messages);
    // The recording's `parallel_tool_calls: true` is a default of the reference's chat params model (its input had
    // no tools). Without tools the converter omits tool_choice and parallel_tool_calls (spec §5.3).
    expect('parallel_tool_calls' in out).toBe(false);
  });
});

describe.skipIf(!dir)('token id round trip', () => {
  const config = (over: Record<string, unknown>) =>
    resolveConfig({ base_url: 'http://unused/v1', api_key: 'k', model: 'dummy_model', return_token_id_information: true, uses_reasoning_parser: true, ...over } as never);

  it('case 1: a chat message with ids becomes output items, ids on the last one', () => {
    const f = load('chat_responses_token_id_roundtrip.json').case_1_chat_message_to_responses_output;
    const items = messageToOutputItems(structuredClone(f.chat_choice.message), {
      usesReasoningParser: f.converter_config.uses_reasoning_parser,
      returnTokenIdInformation: f.converter_config.return_token_id_information,
    });
    expect(withIdPrefixes(items)).toEqual(f.expected_output_items);
  });

  it('case 2: those items sent back as input become one assistant message carrying the ids', () => {
    const all = load('chat_responses_token_id_roundtrip.json');
    const f = all.case_2_responses_input_back_to_chat_messages;
    const input = [...f.input_prefix, ...all.case_1_chat_message_to_responses_output.expected_output_items];
    const out = responsesToChat({ input } as ResponsesCreateParams, { returnTokenIdInformation: f.converter_config.return_token_id_information });
    expect(out.messages).toEqual(f.expected_messages);
  });

  describe('cases 3 and 4: vLLM token transport through the chat path', () => {
    let fake: FakeUpstream;
    beforeAll(async () => {
      fake = await startFakeUpstream();
    });
    afterAll(async () => fake.close());

    it('case 3: token_id:N logprobs + /tokenize', async () => {
      const f = load('chat_responses_token_id_roundtrip.json').case_3_vllm_upstream_logprob_transport;
      fake.requests.length = 0;
      fake.enqueue('chat', fakeJson(f.upstream_chat_completion));
      fake.enqueue('tokenize', fakeJson(f.upstream_tokenize_response));
      const c = config(f.model_config);
      const reply = await chatCompletion(structuredClone(f.inbound_chat_request), c, new UpstreamClient({ baseUrl: fake.baseUrl, policy: { retryBaseDelayMs: 1 } }));
      expect(dropNulls(reply.choices[0].message)).toEqual(f.expected_returned_message);
      expect('logprobs' in reply.choices[0]).toBe(!f.expected_choice_logprobs_removed);
      const sent = fake.requestsTo('chat')[0].body;
      expect(sent).toMatchObject(f.expected_upstream_request_overrides);
      const tokenizeSent = fake.requestsTo('tokenize')[0].body;
      expect(Object.keys(tokenizeSent).every((k) => f.upstream_tokenize_request_fields.includes(k))).toBe(true);
      expect(tokenizeSent.messages).toEqual(sent.messages);
    });

    it('case 4: inline prompt/generation ids, /tokenize not called', async () => {
      const all = load('chat_responses_token_id_roundtrip.json');
      const f = all.case_4_vllm_inline_token_ids;
      const c3 = all.case_3_vllm_upstream_logprob_transport;
      const upstream = structuredClone(c3.upstream_chat_completion);
      upstream.prompt_token_ids = f.upstream_extra['response.prompt_token_ids'];
      upstream.choices[0].token_ids = f.upstream_extra['choices[0].token_ids'];
      fake.requests.length = 0;
      fake.enqueue('chat', fakeJson(upstream));
      const reply = await chatCompletion(structuredClone(c3.inbound_chat_request), config(f.model_config), new UpstreamClient({ baseUrl: fake.baseUrl }));
      expect(dropNulls(reply.choices[0].message)).toEqual(c3.expected_returned_message);
      expect(fake.requestsTo('tokenize')).toHaveLength(0);
      expect('prompt_token_ids' in reply).toBe(false);
      expect('token_ids' in reply.choices[0]).toBe(false);
      expect(fake.requestsTo('chat')[0].body).toMatchObject(f.expected_upstream_request_overrides);
    });
  });
});
