/**
 * Calls from the agent to other servers: the 2xx check every hop must pass,
 * the model call, and how cookies carry from one hop to the next.
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

/** The previous cookies updated by a hop's Set-Cookie: a hop that sets none does not end the session. */
export function nextHopCookies(previous: Cookies, reply: Cookies): Cookies {
  return { ...previous, ...reply };
}

export async function callModel(client: ServerClient, modelServer: string, body: ResponsesCreateParams, cookies?: Cookies): Promise<{ response: ResponseObject; cookies: Cookies }> {
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
