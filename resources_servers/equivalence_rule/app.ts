/**
 * equivalence_rule: scores the response text against `expected_answer` with a
 * rule chosen in the config (`grading_rule`: exact by default, seq_match or
 * weighted_seq_match). Used for long-context recall rows; any other row
 * fields are carried along.
 */
import { Type, outputText, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve } from '@gym/server';
import { GRADING_RULES, grade, type GradingRule } from './src/grading.ts';

export const EquivalenceRuleConfig = Type.Object(
  { grading_rule: Type.Optional(Type.Union(GRADING_RULES.map((r) => Type.Literal(r)))) },
  { additionalProperties: true },
);
export interface EquivalenceRuleConfig {
  grading_rule?: GradingRule;
}

export const EquivalenceRuleVerifyRequest = verifyRequestWith({ expected_answer: Type.String() });

export const server = defineResourcesServer<EquivalenceRuleConfig, typeof EquivalenceRuleVerifyRequest>({
  className: 'EquivalenceRuleResourcesServer',
  configSchema: EquivalenceRuleConfig,
  verifyRequest: EquivalenceRuleVerifyRequest,
  verify(body, ctx) {
    const score = grade(outputText(body.response.output), body.expected_answer, ctx.config.grading_rule ?? 'exact');
    return { reward: score, equivalence_score: score };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
