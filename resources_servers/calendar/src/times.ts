/**
 * Time strings of the calendar rows: "10am", "2:15pm" (12-hour, when the text
 * contains "am" or "pm") or "HH:MM". Parts are read with Python's int(), so
 * bad input raises and the verifier scores it 0.
 */
import { PyAttributeError, PyValueError, pyInt, pyStrip, pyTypeName } from '@gym/pysemantics';

function twoInts(text: string): [number, number] {
  const parts = text.split(':');
  const values = parts.map(pyInt);
  if (values.length !== 2) throw new PyValueError(`expected 2 values to unpack, got ${values.length}`);
  return [values[0], values[1]];
}

export function timeToMinutes(value: unknown): number {
  if (typeof value !== 'string') throw new PyAttributeError(`'${pyTypeName(value)}' object has no attribute 'strip'`);
  const time = pyStrip(value);
  const isAm = time.includes('am');
  if (isAm || time.includes('pm')) {
    const marker = isAm ? 'am' : 'pm';
    const afternoon = isAm ? 0 : 12 * 60;
    const body = time.replaceAll(marker, '');
    if (!time.includes(':')) {
      const hour = pyInt(body);
      return (hour !== 12 ? hour * 60 : 0) + afternoon;
    }
    const [hour, minute] = twoInts(body);
    return (hour !== 12 ? hour * 60 : 0) + afternoon + minute;
  }
  const [hours, minutes] = twoInts(time);
  return hours * 60 + minutes;
}
