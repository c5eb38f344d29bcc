/** Time parsing with Python int() rules; expected values come from the reference. */
import { describe, expect, it } from 'vitest';
import { timeToMinutes } from '../src/times.ts';

describe('timeToMinutes', () => {
  it.each([
    ['10am', 600],
    ['12am', 0],
    ['12pm', 720],
    ['2:15pm', 855],
    ['11:45am', 705],
    ['12:30am', 30],
    ['12:30pm', 750],
    [' 9:05 ', 545],
    ['10 : 30', 630],
    ['１０:００', 600],
    ['10:1_5', 615],
    ['13pm', 1500],
    ['0am', 0],
    ['10:00\u202f', 600],
  ])('%j is %i minutes', (text, minutes) => {
    expect(timeToMinutes(text)).toBe(minutes);
  });

  it.each(['10:00:00', 'ten', '10', 'ampm', '', '10:30pm am', '10.5:00'])('%j raises', (text) => {
    expect(() => timeToMinutes(text)).toThrow();
  });

  it('raises on a value that is not a string', () => {
    expect(() => timeToMinutes(600)).toThrow("'int' object has no attribute 'strip'");
    expect(() => timeToMinutes(null)).toThrow();
  });
});
