/**
 * Config keys every agent shares: which model and resources servers it
 * talks to (by reference, as YAML names them), and the keys the data tools
 * read. Agents spread these into their own config schema.
 */
import { Type } from '@sinclair/typebox';
import type { ServerKind } from './definition.ts';

/** The model instance an agent uses when its config names none. */
export const DEFAULT_MODEL_SERVER = 'policy_model';

/** `{type, name}`: a reference to a server instance of one kind. */
export function serverRef<T extends ServerKind>(type: T) {
  return Type.Object({ type: Type.Literal(type), name: Type.String({ minLength: 1 }) }, { additionalProperties: true });
}

/** The servers an agent calls; first in an agent's config schema. */
export const agentServerFields = {
  resources_server: serverRef('resources_servers'),
  /** Defaults to the conventional `policy_model` instance. */
  model_server: Type.Optional(serverRef('responses_api_models')),
};

/** With `skip_verification`, `/run` does not call /verify and reports `skip_verification_reward` (default 0.0) instead. */
export const agentVerificationFields = {
  skip_verification: Type.Optional(Type.Boolean()),
  skip_verification_reward: Type.Optional(Type.Number()),
};

/** The rest of the agent config base: `token_id_capture`, and the `datasets` the data tools read; last in an agent's config schema. */
export const agentDataFields = {
  token_id_capture: Type.Optional(Type.Boolean()),
  datasets: Type.Optional(Type.Array(Type.Object({ name: Type.String() }, { additionalProperties: true }))),
};

export function modelServerName(config: { model_server?: { name: string } }): string {
  return config.model_server?.name ?? DEFAULT_MODEL_SERVER;
}
