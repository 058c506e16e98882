import { z } from 'zod';
import { SafeError } from '../../errors.ts';
import { CUE_IDS } from './cues.ts';
import { fnv1a } from './hash.ts';
import type { ToneParameters } from './parameters.ts';

/**
 * The on-disk form of the tone model. Weights are int8-quantised and base64-encoded so that 2^20 slots fit in
 * about 1.4 MB of JSON; the checksum catches a truncated or hand-edited file before it scores anything.
 */
export const MODEL_FORMAT = 'tactful-tone-linear';
export const MODEL_VERSION = 1;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const modelFile = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  hashBits: z.number().int().min(10).max(22),
  bias: finite,
  cueWeights: z.record(z.string(), finite),
  calibration: z.object({ a: finite, b: finite }),
  weights: z.object({ scale: finite, checksum: z.string().regex(/^[0-9a-f]{8}$/), int8: z.string() }),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type ModelFile = z.infer<typeof modelFile>;

function invalid(detail: string): SafeError {
  return new SafeError(
    'tone-model-invalid',
    `The tone model file is corrupt or incompatible: ${detail}`,
    500,
  );
}

export function checksumOf(base64: string): string {
  return fnv1a(base64).toString(16).padStart(8, '0');
}

/** Validates a parsed model.json and turns it into scoring parameters, or throws SafeError `tone-model-invalid`. */
export function decodeModel(json: unknown): ToneParameters {
  const parsed = modelFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  const m = parsed.data;
  if (checksumOf(m.weights.int8) !== m.weights.checksum) throw invalid('weights checksum mismatch');
  const bytes = Buffer.from(m.weights.int8, 'base64');
  const size = 1 << m.hashBits;
  if (bytes.length !== size) throw invalid(`expected ${size} weights, found ${bytes.length}`);
  const weights = new Int8Array(size);
  weights.set(new Int8Array(bytes.buffer, bytes.byteOffset, size));
  const cueWeights = new Float64Array(CUE_IDS.length);
  CUE_IDS.forEach((id, i) => {
    const w = m.cueWeights[id];
    if (w === undefined) throw invalid(`no weight for cue "${id}" (retrain with npm run train:tone)`);
    cueWeights[i] = w;
  });
  return {
    hashBits: m.hashBits,
    bias: m.bias,
    cueWeights,
    weights,
    weightScale: m.weights.scale,
    calibration: m.calibration,
  };
}

/** Quantises trained parameters into the file form (used by scripts/train-tone.ts). */
export function encodeModel(p: ToneParameters, meta: Record<string, unknown>): ModelFile {
  let max = 0;
  for (const w of p.weights) max = Math.max(max, Math.abs(w * p.weightScale));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = Buffer.alloc(p.weights.length);
  for (let i = 0; i < p.weights.length; i++)
    bytes[i] = Math.round(((p.weights[i] as number) * p.weightScale) / scale) & 0xff;
  const int8 = bytes.toString('base64');
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    hashBits: p.hashBits,
    bias: p.bias,
    cueWeights: Object.fromEntries(CUE_IDS.map((id, i) => [id, p.cueWeights[i] as number])),
    calibration: p.calibration,
    weights: { scale, checksum: checksumOf(int8), int8 },
    meta,
  };
}
