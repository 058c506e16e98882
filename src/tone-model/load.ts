import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SafeError } from '../errors.ts';
import type { ToneClassifier } from '../triage/tone/classifier.ts';
import { EmailToneClassifier } from '../triage/tone/email-classifier.ts';
import { decodeEmailModel, type EmailModel } from '../triage/tone/email-model-file.ts';

/** Shipped in src/triage/tone (triage stays pure: this loader does the file I/O); produced by `npm run train:tone`. */
export const BUILTIN_MODEL_PATH = fileURLToPath(new URL('../triage/tone/model.json', import.meta.url));

let cached: EmailToneClassifier | undefined;

/** Reads and validates a model file; throws SafeError `tone-model-invalid` / `tone-model-missing`. */
export function loadModelFile(path: string): EmailModel {
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
  return decodeEmailModel(json);
}

export function loadClassifierFile(path: string): ToneClassifier {
  return new EmailToneClassifier(loadModelFile(path));
}

/** The built-in classifier, loaded once per process (decoding the weights takes a few tens of milliseconds). */
export function loadBuiltinClassifier(): EmailToneClassifier {
  cached ??= new EmailToneClassifier(loadModelFile(BUILTIN_MODEL_PATH));
  return cached;
}

/** The default anger threshold the shipped model was tuned for (config `triage.angerThreshold` overrides it). */
export function builtinAngerThreshold(): number {
  return loadBuiltinClassifier().angerThreshold;
}
