import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SafeError } from '../errors.ts';
import type { ToneClassifier } from '../triage/tone/classifier.ts';
import { LinearToneClassifier } from '../triage/tone/linear-classifier.ts';
import { decodeModel } from '../triage/tone/model-file.ts';

/** Shipped in src/triage/tone (triage stays pure: this loader does the file I/O); produced by `npm run train:tone`. */
export const BUILTIN_MODEL_PATH = fileURLToPath(new URL('../triage/tone/model.json', import.meta.url));

let cached: ToneClassifier | undefined;

/** Reads and validates a model file; throws SafeError `tone-model-invalid` / `tone-model-missing`. */
export function loadClassifierFile(path: string): ToneClassifier {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SafeError('tone-model-missing', `The tone model file cannot be read: ${path}`, 500);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SafeError(
      'tone-model-invalid',
      `The tone model file is corrupt or incompatible: not JSON (${path})`,
      500,
    );
  }
  return new LinearToneClassifier(decodeModel(json));
}

/** The built-in classifier, loaded once per process (decoding the weights takes a few milliseconds). */
export function loadBuiltinClassifier(): ToneClassifier {
  cached ??= loadClassifierFile(BUILTIN_MODEL_PATH);
  return cached;
}
