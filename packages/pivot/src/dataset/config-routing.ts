/**
 * Does a row's agent_ref reach this verifier? Loads the merged config the way
 * `ng run` would (model-free, no ports) and follows agent → resources server.
 */
import { loadGlobalConfig, type ServerInstance } from '@gym/config';
import { asServerRef } from '@gym/config';

export const VERIFIER_IMPL = 'single_step_tool_use_with_argument_comparison';

export interface AgentRouting {
  /** `undefined` when the agent reaches the verifier; otherwise why not. */
  check(agentName: string): string | undefined;
  /** Agent instance name → its implementation folder, for the summary. */
  agents: Map<string, string>;
}

export async function loadAgentRouting(configPaths: string[], cwd = process.cwd()): Promise<AgentRouting> {
  const { instances } = await loadGlobalConfig({
    argv: [`+config_paths=[${configPaths.join(',')}]`],
    cwd,
    skipPortAssignment: true,
    modelFree: true,
    skipEnvYaml: true,
    warn: () => {},
  });
  return routingOf(instances);
}

export function routingOf(instances: ServerInstance[]): AgentRouting {
  const byName = new Map(instances.map((i) => [`${i.serverType}/${i.name}`, i]));
  const agents = new Map(instances.filter((i) => i.serverType === 'responses_api_agents').map((i) => [i.name, i.impl]));
  const verdicts = new Map<string, string | undefined>();
  const decide = (agentName: string): string | undefined => {
    const agent = byName.get(`responses_api_agents/${agentName}`);
    if (!agent) {
      const known = [...agents.keys()].sort().join(', ') || '(none)';
      return `agent_ref.name '${agentName}' is not an agent in the config (agents: ${known})`;
    }
    const ref = asServerRef(agent.config.resources_server);
    if (!ref || ref.type !== 'resources_servers') return `agent '${agentName}' has no resources_server ref to the verifier`;
    const target = byName.get(`resources_servers/${ref.name}`);
    if (!target || target.impl !== VERIFIER_IMPL) {
      const what = target ? `'${ref.name}' (${target.impl})` : `'${ref.name}'`;
      return `agent '${agentName}' routes to resources server ${what}, not to ${VERIFIER_IMPL}`;
    }
    return undefined;
  };
  return {
    agents,
    check(agentName) {
      if (!verdicts.has(agentName)) verdicts.set(agentName, decide(agentName));
      return verdicts.get(agentName);
    },
  };
}
