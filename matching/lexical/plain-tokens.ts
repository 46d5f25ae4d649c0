/**
 * The plain tokenisation of the BM25 channel, kept exactly as the reference floor does it:
 * lower-cased Latin letter/digit runs as words, and every Han run as its character bigrams
 * (a lone character as itself). No segmenter, no stemming, no conversion, no stop words: the
 * channel is the baseline the learned parts must add to, never a variant of it.
 */
const hanOrWord = /[0-9a-z]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const latin = /^[0-9a-z]/;

export function plainTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(hanOrWord)) {
    const run = match[0];
    if (latin.test(run)) {
      out.push(run);
    } else if (run.length === 1) {
      out.push(run);
    } else {
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
  }
  return out;
}
