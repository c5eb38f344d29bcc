/**
 * Calls from an agent to the other servers of a rollout ("hops"): every hop
 * must answer 2xx or the agent answers 500 with the inner body; the model
 * must return a valid Response and /verify a verify response; the cookies
 * of each hop go to the next one, which is what keys per-rollout state.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FunctionCallItem, ResponseObject, VerifyResponse, type AggregateMetricsRequest, type AggregateMetricsResponse, type ResponsesCreateParams } from '@gym/schemas';
import type { Cookies, RequestOptions, ServerClient, ServerResponse } from '@gym/client';
import { InnerServerError } from './errors.ts';

const responseCheck = TypeCompiler.Compile(ResponseObject);
const functionCallCheck = TypeCompiler.Compile(FunctionCallItem);
const verifyResponseCheck = TypeCompiler.Compile(VerifyResponse);

/** What the other end of a hop is, for messages: `model server 'policy_model' POST /v1/responses`. */
export type HopRole = 'model server' | 'resources server' | 'agent';

export function hopName(role: HopRole, server: string, path: string): string {
  return `${role} '${server}' POST ${path}`;
}

/** A failed hop answers 500 "Hit an exception in … calling an inner server: <inner body>"; the message names the hop for the log. */
export function requireOk(res: ServerResponse, hop: string): ServerResponse {
  if (!res.ok) throw new InnerServerError(`${hop} returned HTTP ${res.status}`, res.text);
  return res;
}

/** POST to another server; anything but 2xx throws InnerServerError naming the hop. */
export async function postHop(client: ServerClient, role: HopRole, server: string, path: string, body: unknown, opts?: RequestOptions): Promise<ServerResponse> {
  return requireOk(await client.post(server, path, body, opts), hopName(role, server, path));
}

/**
 * Cookies for the next hop: the previous hop's Set-Cookie cookies. Earlier
 * cookies of other names are kept, so a hop that sets none (a plain HTTP
 * tool) does not end the session; Gym servers re-send theirs on every reply,
 * which makes this the reference's rule for them.
 */
export function nextHopCookies(previous: Cookies, reply: Cookies): Cookies {
  return { ...previous, ...reply };
}

export interface ModelTurn {
  response: ResponseObject;
  /** The model server's reply as it came: JSON of `response`, to forward without serializing it again. */
  text: string;
  /** The model server's Set-Cookie cookies. */
  cookies: Cookies;
}

/**
 * One `/v1/responses` call to the model server. Model calls are expected to work: anything else throws.
 * `body` may be the JSON text of the params (e.g. the request body as it came), sent as is.
 */
export async function callModel(client: ServerClient, modelServer: string, body: ResponsesCreateParams | string, cookies?: Cookies): Promise<ModelTurn> {
  const res = await postHop(client, 'model server', modelServer, '/v1/responses', body, { cookies });
  return { response: parseModelResponse(res.text), text: res.text, cookies: res.cookies };
}

/**
 * JSON text of `{...object, [key]: value}` where `value` is given as JSON text. When the
 * object's own JSON text is at hand (the request body as it came) and it has no such key,
 * the member is appended to that text: neither side is serialized again.
 */
export function withJsonMember(object: Record<string, unknown>, objectText: string | undefined, key: string, valueText: string): string {
  const text = objectText?.trim();
  if (text === undefined || !text.startsWith('{') || !text.endsWith('}') || Object.hasOwn(object, key)) {
    return JSON.stringify({ ...object, [key]: JSON.parse(valueText) });
  }
  const member = `${JSON.stringify(key)}:${valueText}`;
  const inner = text.slice(1, -1);
  return inner.trim() ? `{${inner},${member}}` : `{${member}}`;
}

/** The model's reply as a Response whose function calls are well formed; anything else throws with the body. */
export function parseModelResponse(text: string): ResponseObject {
  const json = parseJson(text);
  const valid =
    responseCheck.Check(json) && json.output.every((item) => item.type !== 'function_call' || functionCallCheck.Check(item));
  if (!valid) throw new Error(`Received an invalid response from model server: ${text}`);
  return json as ResponseObject;
}

/** The reply of `/verify`, which must be the request echoed back plus a numeric reward. */
export function parseVerifyResponse(text: string, resourcesServer: string): Record<string, unknown> {
  const json = parseJson(text);
  if (!verifyResponseCheck.Check(json)) {
    throw new Error(`Resources server '${resourcesServer}' answered /verify with a body that is not a verify response (the request echoed back plus a numeric reward): ${text.slice(0, 2000)}`);
  }
  return json as Record<string, unknown>;
}

/** `/aggregate_metrics` proxied to the resources server, which knows its own metrics. */
export async function proxyAggregateMetrics(client: ServerClient, resourcesServer: string, body: AggregateMetricsRequest): Promise<AggregateMetricsResponse> {
  const res = await postHop(client, 'resources server', resourcesServer, '/aggregate_metrics', body);
  return res.json<AggregateMetricsResponse>();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
