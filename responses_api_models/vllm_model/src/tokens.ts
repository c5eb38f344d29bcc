/**
 * RL token ids: the prompt ids, generated ids and their log-probabilities of
 * one model turn. They come back from vLLM in one of three shapes, ride on the
 * last Responses output item of the turn, and return upstream on the
 * assistant message of that turn in later requests.
 */
import { modelErrors, UpstreamContractError } from './errors.ts';

export const TOKEN_FIELDS = ['prompt_token_ids', 'generation_token_ids', 'generation_log_probs'] as const;

export interface TokenBundle {
  prompt_token_ids: unknown[];
  generation_token_ids: unknown[];
  generation_log_probs: unknown[];
  /** Mixture-of-experts routing record: opaque, passed through. */
  routed_experts?: unknown;
}

type Obj = Record<string, any>;
const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Check a bundle's shape; `fail` turns a problem into an error (400 for caller input, 500 for upstream replies). */
function validateBundle(source: Obj, fail: (problem: string) => Error): TokenBundle {
  const missing = TOKEN_FIELDS.filter((f) => !present(source[f]));
  if (missing.length) throw fail(`partial token metadata; missing: ${missing.join(', ')}. Send all of ${TOKEN_FIELDS.join(', ')} or none.`);
  for (const f of TOKEN_FIELDS) if (!Array.isArray(source[f])) throw fail(`${f} must be a list.`);
  if (source.generation_token_ids.length !== source.generation_log_probs.length) {
    throw fail(
      `${source.generation_token_ids.length} generation token ids but ${source.generation_log_probs.length} log probabilities; they must be the same length.`,
    );
  }
  return pickBundle(source);
}

/** The bundle's fields of `source` (routed_experts only when present), nothing else. */
function pickBundle(source: Obj): TokenBundle {
  const bundle: TokenBundle = {
    prompt_token_ids: source.prompt_token_ids,
    generation_token_ids: source.generation_token_ids,
    generation_log_probs: source.generation_log_probs,
  };
  if (present(source.routed_experts)) bundle.routed_experts = source.routed_experts;
  return bundle;
}

const contract = (message: string) => new UpstreamContractError(message);

// ---------------------------------------------------------------------------
// Input side: ids on Responses input items (sent back by the agent).
// ---------------------------------------------------------------------------

/** The bundle carried by a Responses input item, if any; partial bundles are the caller's error. */
export function bundleFromInputItem(item: Obj, field: string): TokenBundle | undefined {
  if (!TOKEN_FIELDS.some((f) => present(item[f]))) return undefined;
  return validateBundle(item, (problem) => modelErrors.badInput(field, problem));
}

// ---------------------------------------------------------------------------
// Output side: ids in an upstream chat completion (§5.6 of the spec).
// ---------------------------------------------------------------------------

/** Top-level `prompt_token_ids` + `choices[0].token_ids` (vLLM `return_token_ids`); both or neither. */
function inlineResponseIds(completion: Obj, choice: Obj): { prompt: unknown[]; generation: unknown[] } | undefined {
  const prompt = completion.prompt_token_ids;
  const generation = choice.token_ids;
  if (present(prompt) !== present(generation)) {
    throw contract(`vLLM response returned partial token metadata; missing: ${present(prompt) ? 'choice.token_ids' : 'prompt_token_ids'}.`);
  }
  if (!present(prompt)) return undefined;
  if (!Array.isArray(prompt)) throw contract('`prompt_token_ids` must be a list of integer token ids.');
  if (!Array.isArray(generation)) throw contract('`choice.token_ids` must be a list of integer token ids.');
  return { prompt, generation };
}

/** Generated ids and log-probs from `choice.logprobs.content[]`, whose tokens must read `token_id:<int>`. */
export function idsFromLogprobs(choice: Obj): { ids: number[]; logProbs: number[] } {
  const block = choice.logprobs;
  if (!block || typeof block !== 'object' || !Array.isArray(block.content)) {
    throw contract(
      `Per-token logprobs were requested from vLLM (return_token_id_information: true sends logprobs: true, top_logprobs: 0), ` +
        `but the reply had none (choice.logprobs=${JSON.stringify(block ?? null)}). Cannot extract token ids or logprobs.`,
    );
  }
  const ids: number[] = [];
  const logProbs: number[] = [];
  block.content.forEach((entry: unknown, i: number) => {
    if (!entry || typeof entry !== 'object') throw contract(`choice.logprobs.content[${i}] must be an object.`);
    const { token, logprob } = entry as Obj;
    const match = typeof token === 'string' ? /^token_id:(-?\d+)$/.exec(token) : null;
    if (!match) throw contract(`choice.logprobs.content[${i}].token must use the \`token_id:<int>\` format (start vLLM so it honours return_tokens_as_token_ids).`);
    if (typeof logprob !== 'number') throw contract(`choice.logprobs.content[${i}].logprob must be numeric.`);
    ids.push(Number(match[1]));
    logProbs.push(logprob);
  });
  return { ids, logProbs };
}

const sameIds = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Put the turn's token bundle on `choices[0].message`, in the reference's
 * source order: a complete bundle already on the message; else inline
 * response ids (checked against the logprob ids); else logprob ids plus
 * prompt ids from `tokenize()`. Transport fields are removed afterwards.
 */
export async function attachTokenIds(completion: Obj, tokenize: () => Promise<unknown>): Promise<void> {
  const choice = completion.choices?.[0];
  if (!choice || typeof choice !== 'object' || !choice.message) throw contract('The chat completion has no choices[0].message.');
  const message = choice.message as Obj;
  const inline = inlineResponseIds(completion, choice);

  if (TOKEN_FIELDS.some((f) => present(message[f]))) {
    const bundle = validateBundle(message, (problem) => contract(`choice.message: ${problem}`));
    if (inline && (!sameIds(bundle.prompt_token_ids, inline.prompt) || !sameIds(bundle.generation_token_ids, inline.generation))) {
      throw contract('Message-level token metadata disagrees with vLLM response token ids.');
    }
    Object.assign(message, bundle);
  } else {
    const { ids, logProbs } = idsFromLogprobs(choice);
    let prompt: unknown;
    if (inline) {
      if (!sameIds(inline.generation, ids)) throw contract('vLLM response generation token ids disagree with the choice logprob token ids.');
      prompt = inline.prompt;
    } else {
      const tokenized = (await tokenize()) as Obj | undefined;
      prompt = tokenized?.tokens;
      if (!Array.isArray(prompt)) throw contract('`tokenize.tokens` must be a list of integer token ids.');
    }
    const routed = present(message.routed_experts) ? { routed_experts: message.routed_experts } : {};
    const transported = { prompt_token_ids: prompt, generation_token_ids: ids, generation_log_probs: logProbs, ...routed };
    Object.assign(message, validateBundle(transported, (problem) => contract(`vLLM token transport: ${problem}`)));
    delete choice.logprobs;
  }
  delete completion.prompt_token_ids;
  delete choice.token_ids;
}

/** The fields of an upstream chat body that shape the prompt; `/tokenize` gets exactly these. */
export const TOKENIZE_FIELDS = ['model', 'messages', 'tools', 'chat_template_kwargs', 'mm_processor_kwargs', 'required_prefix_token_ids'] as const;

export function tokenizeBody(chatBody: Obj): Obj {
  const out: Obj = {};
  for (const f of TOKENIZE_FIELDS) if (f in chatBody) out[f] = chatBody[f];
  return out;
}

/** The bundle on a chat message (after attachTokenIds), to copy onto a Responses item. */
export function bundleOnMessage(message: Obj): TokenBundle | undefined {
  return present(message.prompt_token_ids) ? pickBundle(message) : undefined;
}
