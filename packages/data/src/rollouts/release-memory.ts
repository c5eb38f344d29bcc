/**
 * Giving large typed arrays' memory back as soon as they are done with. An array that lived long
 * enough to be promoted is otherwise freed only by a full GC, and a collection's steady,
 * short-lived allocations may not trigger one for the rest of the run. Its memory moved to a clone
 * that nothing keeps is freed by the next young collection instead.
 */
export function releaseNow(...arrays: ArrayBufferView[]): void {
  for (const array of arrays) {
    if (array.buffer.byteLength > 0) structuredClone(array.buffer, { transfer: [array.buffer] });
  }
}
