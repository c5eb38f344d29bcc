import { describe, expect, it } from 'vitest';
import { PyFloat, pyDumps, pyDumpsText, pyRound, pyString } from '../src/index.ts';

describe('pyRound', () => {
  it('rounds ties to even on the exact binary value, as Python does', () => {
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(2.675, 2)).toBe(2.67); // 2.67499999… in binary
    expect(pyRound(-0.125, 2)).toBe(-0.12);
    expect(pyRound(1.3038404810405297, 2)).toBe(1.3);
  });
});

describe('pyString / pyDumps', () => {
  it('escapes non-ASCII and control characters like ensure_ascii', () => {
    expect(pyString('H₂O "x"\n\u007f😀')).toBe('"H\\u2082O \\"x\\"\\n\\u007f\\ud83d\\ude00"');
  });
  it('prints floats with repr and the non-finite ones as json.dumps spells them', () => {
    expect(pyDumps([11.2, 1.5e-7, 123456789.125, 1e21, -0, new PyFloat(-0), NaN, Infinity, -Infinity])).toBe(
      '[11.2, 1.5e-07, 123456789.125, 1e+21, 0, -0.0, NaN, Infinity, -Infinity]',
    );
  });
  it('uses Python separators and keeps floats as floats', () => {
    expect(pyDumps({ a: [1, 2.5, new PyFloat(3)], b: { c: null, d: true }, e: [], f: {} })).toBe('{"a": [1, 2.5, 3.0], "b": {"c": null, "d": true}, "e": [], "f": {}}');
  });
  it('lays out indent=4 like json.dump', () => {
    expect(pyDumps({ a: 1, b: { c: [1, 2] }, d: [] }, { indent: 4 })).toBe('{\n    "a": 1,\n    "b": {\n        "c": [\n            1,\n            2\n        ]\n    },\n    "d": []\n}');
  });
});

describe('pyDumpsText', () => {
  it('re-emits source text with number literals kept and a top-level key replaced in place', () => {
    const text = '{"agent_ref":{"name":"old"},"x":1.0,"big":12345678901234567890,"t":1E2,"s":"é"}';
    expect(pyDumpsText(text, { agent_ref: { type: 'responses_api_agents', name: 'new' } })).toBe(
      '{"agent_ref": {"type": "responses_api_agents", "name": "new"}, "x": 1.0, "big": 12345678901234567890, "t": 100.0, "s": "\\u00e9"}',
    );
  });
  it('appends a key the row does not have', () => {
    expect(pyDumpsText('{"a": [ ]}', { agent_ref: { name: 'x' } })).toBe('{"a": [], "agent_ref": {"name": "x"}}');
  });
});
