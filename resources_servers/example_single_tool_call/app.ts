/**
 * example_single_tool_call: the smallest tool-calling environment. One
 * stateless `get_weather` tool; every rollout is rewarded 1.0 (the example
 * shows the wiring, not a grading rule).
 */
import { Type, type Static } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve, tool } from '@gym/server';

export const GetWeatherArgs = Type.Object({ city: Type.String({ description: 'City to describe the weather of.' }) });
export type GetWeatherArgs = Static<typeof GetWeatherArgs>;

export function describeWeather(city: string): { city: string; weather_description: string } {
  return { city, weather_description: `The weather in ${city} is cold.` };
}

export const server = defineResourcesServer({
  className: 'SimpleWeatherResourcesServer',
  reverifyMode: 'stateless',
  tools: {
    get_weather: tool(GetWeatherArgs, async (args) => describeWeather(args.city), 'Describe the weather in a city.'),
  },
  // The reference grades nothing here: answering without calling the tool scores as well as calling it.
  verify: async () => ({ reward: 1.0 }),
});

if (isMainModule(import.meta.url)) await serve(server);
