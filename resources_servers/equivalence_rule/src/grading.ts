/**
 * The three grading rules of equivalence_rule, all on normalised text
 * (stripped, lowercased, whitespace runs collapsed to one space).
 */
import { pyLower, pyRe, pySlice, pyStrip, sequenceRatio } from '@gym/pysemantics';

export const GRADING_RULES = ['exact', 'seq_match', 'weighted_seq_match'] as const;
export type GradingRule = (typeof GRADING_RULES)[number];

const WHITESPACE_RUN = pyRe(String.raw`\s+`);

export function normalize(text: string): string {
  return WHITESPACE_RUN.sub(' ', pyLower(pyStrip(text)));
}

/** 1.0 iff the normalised strings are equal. */
export function gradeExact(response: string, answer: string): number {
  return normalize(response) === normalize(answer) ? 1.0 : 0.0;
}

/** difflib's SequenceMatcher(None, response, answer).ratio(); autojunk applies to the answer side. */
export function gradeSeqMatch(response: string, answer: string): number {
  return sequenceRatio(normalize(response), normalize(answer));
}

/** 85% full similarity plus 15% similarity of the first 10 characters of the answer, clamped to [0, 1]. */
export function gradeWeightedSeqMatch(response: string, answer: string): number {
  const responseN = normalize(response);
  const answerN = normalize(answer);
  const sim = sequenceRatio(responseN, answerN);
  const prefix = pySlice(answerN, 0, 10);
  const prefixSim = sequenceRatio(pySlice(responseN, 0, Array.from(prefix).length), prefix);
  const reward = 0.85 * sim + 0.15 * prefixSim;
  // Python's max(0.0, min(1.0, reward)).
  const capped = reward < 1.0 ? reward : 1.0;
  return capped > 0.0 ? capped : 0.0;
}

export function grade(response: string, answer: string, rule: GradingRule): number {
  switch (rule) {
    case 'exact':
      return gradeExact(response, answer);
    case 'seq_match':
      return gradeSeqMatch(response, answer);
    case 'weighted_seq_match':
      return gradeWeightedSeqMatch(response, answer);
  }
}
