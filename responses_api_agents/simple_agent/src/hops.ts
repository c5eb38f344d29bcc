/**
 * Calls from the agent to other servers: the model call (which must succeed
 * and return a valid Response) and the 2xx check used on every /run hop.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FunctionCallItem, ResponseObject, type ResponsesCreateParams } from '@gym/schemas';
import type { Cookies, ServerClient, ServerResponse } from '@gym/client';
import { InnerServerError } from '@gym/server';

const responseCheck = TypeCompiler.Compile(ResponseObject);
const functionCallCheck = TypeCompiler.Compile(FunctionCallItem);

/** A failed hop answers 500 "Hit an exception in … calling an inner server: <inner body>"; the message names the hop for the log. */
export function requireOk(res: ServerResponse, hop: string): ServerResponse {
  if (!res.ok) throw new InnerServerError(`${hop} returned HTTP ${res.status}`, res.text);
  return res;
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
  cookies: Cookies;
}

/** One `/v1/responses` call to the model server. Model calls are expected to work: anything else throws. */
export async function callModel(client: ServerClient, modelServer: string, body: ResponsesCreateParams, cookies?: Cookies): Promise<ModelTurn> {
  const res = requireOk(await client.post(modelServer, '/v1/responses', body, { cookies }), `model server '${modelServer}' POST /v1/responses`);
  return { response: parseModelResponse(res.text), cookies: res.cookies };
}

export function parseModelResponse(text: string): ResponseObject {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const valid =
    responseCheck.Check(json) && json.output.every((item) => item.type !== 'function_call' || functionCallCheck.Check(item));
  if (!valid) throw new Error(`Received an invalid response from model server: ${text}`);
  return json as ResponseObject;
}
