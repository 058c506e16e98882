import { z } from 'zod';
import { SafeError } from '../../errors.ts';
import { DENSE_NAMES } from './email-features.ts';
import { HEAD_NAMES, type Head, type HeadName } from './heads.ts';
import { checksumOf, decodeModel, encodeModel, type ModelFile } from './model-file.ts';
import type { ToneParameters } from './parameters.ts';

/**
 * The on-disk form of Tactful's tone model: the background model of the general corpora (model-file.ts, v1
 * format, nested) and the heads learnt on client mail, each with int8-quantised base64 weights and a checksum,
 * its dense weights by name (a renamed feature fails loudly instead of scoring with the wrong weight), and its
 * calibration. `angerThreshold` is the default chosen on out-of-fold training predictions (see meta).
 */
export const EMAIL_MODEL_FORMAT = 'tactful-tone-email';
export const EMAIL_MODEL_VERSION = 2;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const headFile = z.object({
  bits: z.number().int().min(10).max(22),
  bias: finite,
  dense: z.record(z.string(), finite),
  calibration: z.object({ a: finite, b: finite }),
  emailCopy: z.boolean().default(false),
  copyValue: finite.default(1),
  weights: z.object({ scale: finite, checksum: z.string().regex(/^[0-9a-f]{8}$/), int8: z.string() }),
});
const emailModelFile = z.object({
  format: z.literal(EMAIL_MODEL_FORMAT),
  version: z.literal(EMAIL_MODEL_VERSION),
  background: z.unknown(),
  heads: z.record(z.string(), headFile),
  angerThreshold: finite.refine((t) => t >= 0 && t <= 1, 'must be within 0..1'),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type EmailModelFile = z.input<typeof emailModelFile>;
type HeadFile = z.input<typeof headFile>;

export interface EmailModel {
  background: ToneParameters;
  heads: Record<HeadName, Head>;
  angerThreshold: number;
}

function invalid(detail: string): SafeError {
  return new SafeError(
    'tone-model-invalid',
    `The tone model file is corrupt or incompatible: ${detail}`,
    500,
  );
}

function decodeHead(name: string, h: HeadFile): Head {
  if (checksumOf(h.weights.int8) !== h.weights.checksum)
    throw invalid(`head ${name}: weights checksum mismatch`);
  const bytes = Buffer.from(h.weights.int8, 'base64');
  const size = 1 << h.bits;
  if (bytes.length !== size) throw invalid(`head ${name}: expected ${size} weights, found ${bytes.length}`);
  const table = new Int8Array(size);
  table.set(new Int8Array(bytes.buffer, bytes.byteOffset, size));
  const dense = new Float64Array(DENSE_NAMES.length);
  DENSE_NAMES.forEach((feature, i) => {
    const w = h.dense[feature];
    if (w === undefined)
      throw invalid(`head ${name}: no weight for "${feature}" (retrain with npm run train:tone)`);
    dense[i] = w;
  });
  return {
    bits: h.bits,
    bias: h.bias,
    dense,
    table,
    tableScale: h.weights.scale,
    calibration: h.calibration,
    emailCopy: h.emailCopy ?? false,
    copyValue: h.copyValue ?? 1,
  };
}

/** Validates a parsed model file; throws SafeError `tone-model-invalid`. */
export function decodeEmailModel(json: unknown): EmailModel {
  const parsed = emailModelFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  const m = parsed.data;
  const heads = {} as Record<HeadName, Head>;
  for (const name of HEAD_NAMES) {
    const h = m.heads[name];
    if (!h) throw invalid(`no head "${name}" (retrain with npm run train:tone)`);
    heads[name] = decodeHead(name, h);
  }
  return { background: decodeModel(m.background), heads, angerThreshold: m.angerThreshold };
}

function encodeHead(h: Head): HeadFile {
  let max = 0;
  for (const w of h.table) max = Math.max(max, Math.abs(w * h.tableScale));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = Buffer.alloc(h.table.length);
  for (let i = 0; i < h.table.length; i++)
    bytes[i] = Math.round(((h.table[i] as number) * h.tableScale) / scale) & 0xff;
  const int8 = bytes.toString('base64');
  return {
    bits: h.bits,
    bias: h.bias,
    dense: Object.fromEntries(DENSE_NAMES.map((n, i) => [n, h.dense[i] as number])),
    calibration: h.calibration,
    emailCopy: h.emailCopy,
    copyValue: h.copyValue,
    weights: { scale, checksum: checksumOf(int8), int8 },
  };
}

/** Quantises a trained model into the file form (scripts/train-tone.ts). */
export function encodeEmailModel(
  model: EmailModel,
  backgroundMeta: Record<string, unknown>,
  meta: Record<string, unknown>,
): EmailModelFile {
  const background: ModelFile = encodeModel(model.background, backgroundMeta);
  return {
    format: EMAIL_MODEL_FORMAT,
    version: EMAIL_MODEL_VERSION,
    background,
    heads: Object.fromEntries(HEAD_NAMES.map((n) => [n, encodeHead(model.heads[n])])),
    angerThreshold: model.angerThreshold,
    meta,
  };
}

/** A head as it will be shipped (int8), so that calibration is fitted on what ships. */
export function quantiseHead(h: Head): Head {
  return decodeHead('head', encodeHead(h));
}
