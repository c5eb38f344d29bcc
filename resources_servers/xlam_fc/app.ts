/**
 * xlam_fc: function-calling accuracy on Salesforce xlam-60k style rows. The
 * server defines no tool routes (a call gets the 404 body back, as in the
 * reference); verify compares the response's function calls with
 * `expected_answers`.
 */
import { Type, verifyRequestWith } from '@gym/schemas';
import { defineResourcesServer, isMainModule, serve } from '@gym/server';
import { extractFunctionCalls, scoreCalls } from './src/match.ts';

export const XlamFcVerifyRequest = verifyRequestWith({
  expected_answers: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
});

export const server = defineResourcesServer({
  className: 'XlamFcResourcesServer',
  verifyRequest: XlamFcVerifyRequest,
  verify(body) {
    const expected = body.expected_answers ?? [];
    const predicted = extractFunctionCalls(body.response.output);
    const { reward, numCorrect } = scoreCalls(predicted, expected);
    return { expected_answers: expected, reward, num_expected: expected.length, num_predicted: predicted.length, num_correct: numCorrect, predicted_calls: predicted };
  },
});

if (isMainModule(import.meta.url)) await serve(server);
