/**
 * The Response object the replay model returns for a turn: the request's
 * params echoed, fresh item ids (call ids kept, so tool outputs still pair
 * with their calls), and a usage estimate at four characters per token.
 */
import { randomUUID } from 'node:crypto';
import { echoedRequestFields, type ResponseObject, type ResponsesCreateParams } from '@gym/schemas';
import { itemType, textOf } from './canonical.ts';

type Obj = Record<string, any>;

const ID_PREFIX: Record<string, string> = { message: 'msg', reasoning: 'rs', function_call: 'fc' };
const newId = (prefix: string) => `${prefix}_${randomUUID().replace(/-/g, '')}`;

const tokensOf = (text: string) => Math.ceil(text.length / 4);

function itemText(item: Obj): string {
  switch (itemType(item)) {
    case 'message':
      return textOf(item.content);
    case 'reasoning':
      return (item.summary ?? []).map((s: Obj) => s?.text ?? '').join('');
    case 'function_call':
      return `${item.name ?? ''}${item.arguments ?? ''}`;
    case 'function_call_output':
      return typeof item.output === 'string' ? item.output : textOf(item.output);
    default:
      return '';
  }
}

export function estimateUsage(params: ResponsesCreateParams, output: Obj[]) {
  const inputText = (params.instructions ?? '') + (typeof params.input === 'string' ? params.input : params.input.map((i) => itemText(i as Obj)).join(''));
  const input = tokensOf(inputText);
  const out = tokensOf(output.map(itemText).join(''));
  const reasoning = tokensOf(output.filter((i) => itemType(i) === 'reasoning').map(itemText).join(''));
  return {
    input_tokens: input,
    output_tokens: out,
    total_tokens: input + out,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: reasoning },
  };
}

export function buildResponse(
  params: ResponsesCreateParams,
  items: Obj[],
  opts: { model: string; status?: string; incompleteDetails?: Obj | null },
): ResponseObject {
  const output = items.map((item) => {
    const prefix = ID_PREFIX[itemType(item) ?? ''];
    return prefix ? { ...structuredClone(item), id: newId(prefix) } : structuredClone(item);
  });
  const incomplete = opts.status === 'incomplete';
  const response: Obj = {
    ...echoedRequestFields(params),
    id: newId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model: opts.model,
    output,
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? (opts.incompleteDetails ?? { reason: 'max_output_tokens' }) : null,
    usage: estimateUsage(params, output),
    error: null,
  };
  return response as ResponseObject;
}
