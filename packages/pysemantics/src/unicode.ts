/**
 * `unicodedata.normalize`. JS and Python implement the same Unicode
 * algorithm; they can differ only on characters added in newer Unicode
 * versions than the older runtime knows.
 */
export type NormalForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

export function pyUnicodeNormalize(form: NormalForm, s: string): string {
  return s.normalize(form);
}
