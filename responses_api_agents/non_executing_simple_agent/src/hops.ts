/**
 * Calls from the agent to other servers. Each hop must answer 2xx; the
 * model must return a valid Response and /verify a verify response.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { FunctionCallItem, ResponseObject, VerifyResponse } from '@gym/schemas';
import type { Cookies, ServerResponse } from '@gym/client';
import { InnerServerError } from '@gym/server';

const responseCheck = TypeCompiler.Compile(ResponseObject);
const functionCallCheck = TypeCompiler.Compile(FunctionCallItem);
const verifyResponseCheck = TypeCompiler.Compile(VerifyResponse);

/** A failed hop answers 500 "Hit an exception in … calling an inner server: <inner body>"; the message names the hop for the log. */
export function requireOk(res: ServerResponse, hop: string): ServerResponse {
  if (!res.ok) throw new InnerServerError(`${hop} returned HTTP ${res.status}`, res.text);
  return res;
}

/** The previous cookies updated by a hop's Set-Cookie: a hop that sets none does not end the session. */
export function nextHopCookies(previous: Cookies, reply: Cookies): Cookies {
  return { ...previous, ...reply };
}

export function parseModelResponse(text: string): ResponseObject {
  const json = parseJson(text);
  const valid =
    responseCheck.Check(json) && json.output.every((item) => item.type !== 'function_call' || functionCallCheck.Check(item));
  if (!valid) throw new Error(`Received an invalid response from model server: ${text}`);
  return json as ResponseObject;
}

export function parseVerifyResponse(text: string, resourcesServer: string): Record<string, unknown> {
  const json = parseJson(text);
  if (!verifyResponseCheck.Check(json)) {
    throw new Error(`Resources server '${resourcesServer}' answered /verify with a body that is not a verify response (the request echoed back plus a numeric reward): ${text.slice(0, 2000)}`);
  }
  return json as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
