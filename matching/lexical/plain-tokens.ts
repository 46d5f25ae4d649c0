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

/**
 * Adjacent pairs of Latin words ("machine_translation", "named_entity", "entity_recognition"):
 * the multi-word names of methods and problems that a person reuses across their papers, which
 * single words lose. Punctuation between two words does not break a pair (titles like
 * "Parsing: a survey" keep "parsing_a"), Han text does.
 */
export function latinWordPairs(text: string): string[] {
  const out: string[] = [];
  let previous: string | null = null;
  for (const match of text.toLowerCase().matchAll(hanOrWord)) {
    const run = match[0];
    if (latin.test(run)) {
      if (previous !== null) out.push(`${previous}_${run}`);
      previous = run;
    } else {
      previous = null;
    }
  }
  return out;
}
