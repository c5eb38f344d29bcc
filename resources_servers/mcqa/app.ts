/**
 * mcqa: multiple-choice grading. The predicted letter comes from the row's
 * template regexes when present, otherwise from the grading mode (the
 * config's `grading_mode` overrides the row's); reward 1.0 iff it equals the
 * gold letter.
 */
import { Type, outputText, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve } from '@gym/server';
import { pyStrip, pyUpper } from '@gym/pysemantics';
import { allowedLetters, type Options } from './src/letters.ts';
import { CONFIG_GRADING_MODES, ROW_GRADING_MODES, parseByMode, parseWithTemplateRegexes, type GradingMode } from './src/modes.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Optional(Type.Union([t, Type.Null()]));

export const McqaConfig = Type.Object(
  { grading_mode: Nullable(Type.Union(CONFIG_GRADING_MODES.map((m) => Type.Literal(m)))) },
  { additionalProperties: true },
);
export interface McqaConfig {
  grading_mode?: GradingMode | null;
}

export const McqaVerifyRequest = verifyRequestWith({
  uuid: Nullable(Type.String()),
  options: Nullable(Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])))),
  expected_answer: Nullable(Type.String()),
  metadata: Nullable(Type.Record(Type.String(), Type.Unknown())),
  grading_mode: Type.Optional(Type.Union(ROW_GRADING_MODES.map((m) => Type.Literal(m)))),
  template_metadata: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const server = defineResourcesServer<McqaConfig, typeof McqaVerifyRequest>({
  className: 'MCQAResourcesServer',
  configSchema: McqaConfig,
  verifyRequest: McqaVerifyRequest,
  reverifyMode: 'stateless',
  verify(body, ctx) {
    const options = body.options as Options;
    const gold = pyUpper(pyStrip(body.expected_answer ?? ''));
    const allowed = allowedLetters(options);
    const mode: GradingMode = ctx.config.grading_mode ?? body.grading_mode ?? 'strict_single_letter_boxed';
    // Row fields come back with their defaults filled in, as the reference's model_dump() echoes them.
    const echoed = {
      uuid: body.uuid ?? null,
      options: body.options ?? null,
      metadata: body.metadata ?? null,
      grading_mode: body.grading_mode ?? 'strict_single_letter_boxed',
      template_metadata: body.template_metadata ?? null,
    };
    const text = pyStrip(outputText(body.response.output));
    if (!text) return { ...echoed, reward: 0.0, expected_answer: gold, extracted_answer: null };

    const template = body.template_metadata ?? {};
    let pred: string | null = null;
    if (Object.keys(template).length > 0 && 'output_regex' in template) pred = parseWithTemplateRegexes(text, template.output_regex, allowed, options);
    if (pred === null) {
      const prefix = typeof template.answer_prefix === 'string' ? template.answer_prefix : null;
      pred = parseByMode(mode, text, allowed, options, prefix);
    }
    return { ...echoed, reward: pred !== null && gold && pred === gold ? 1.0 : 0.0, expected_answer: gold, extracted_answer: pred };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
