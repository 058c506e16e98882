/**
 * 32-bit FNV-1a over UTF-16 code units. Training (scripts/train-tone.ts) and scoring must hash features
 * identically, so both import this one function; changing it invalidates every shipped model.json.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a(text: string, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Combines two hashes into one (for n-grams) without rehashing the strings. */
export function combineHashes(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, FNV_PRIME);
  h ^= b;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
