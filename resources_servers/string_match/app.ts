/**
 * string_match: grades a free-form answer against `expected_answer`. The
 * answer is extracted from the assistant text (boxed, final_answer, last_line
 * or full_response) and compared case-insensitively through the NeMo-RL
 * normalisation ladder, or exactly (after strip) when `case_sensitive`.
 */
import { Type, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve } from '@gym/server';
import { answersMatch } from './src/grade.ts';
import { assistantText, extractAnswer, type ExtractionMode } from './src/extract.ts';

export const StringMatchVerifyRequest = verifyRequestWith({
  expected_answer: Type.String(),
  extraction_mode: Type.Optional(
    Type.Union([Type.Literal('boxed'), Type.Literal('final_answer'), Type.Literal('last_line'), Type.Literal('full_response')]),
  ),
  case_sensitive: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
});

export const server = defineResourcesServer({
  className: 'StringMatchResourcesServer',
  verifyRequest: StringMatchVerifyRequest,
  verify(body) {
    const mode: ExtractionMode = body.extraction_mode ?? 'final_answer';
    const caseSensitive = body.case_sensitive ?? false;
    const extracted = extractAnswer(assistantText(body.response.output), mode);
    const reward = extracted !== null && body.expected_answer ? answersMatch(extracted, body.expected_answer, caseSensitive) : 0.0;
    // Row fields come back with their defaults filled in, as the reference's model_dump() echoes them.
    return { extraction_mode: mode, case_sensitive: caseSensitive, metadata: body.metadata ?? null, reward, expected_answer: body.expected_answer, extracted_answer: extracted };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
