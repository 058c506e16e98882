import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafeError } from '../../src/errors.ts';
import { BUILTIN_MODEL_PATH, loadClassifierFile, loadModelFile } from '../../src/tone-model/load.ts';
import {
  decodeEmailModel,
  encodeEmailModel,
  type EmailModelFile,
} from '../../src/triage/tone/email-model-file.ts';
import { HEAD_NAMES } from '../../src/triage/tone/heads.ts';

const dir = mkdtempSync(join(tmpdir(), 'tone-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = JSON.parse(readFileSync(BUILTIN_MODEL_PATH, 'utf8')) as EmailModelFile;

function loadVariant(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return () => loadClassifierFile(path);
}

function expectCode(load: () => unknown, code: string, message: RegExp) {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(SafeError);
    expect((err as SafeError).code).toBe(code);
    expect((err as SafeError).message).toMatch(message);
    return;
  }
  throw new Error('expected the load to fail');
}

describe('tone model file loader', () => {
  it('loads the committed model (at most 20 MB) with every head and scores with it', () => {
    expect(readFileSync(BUILTIN_MODEL_PATH).length).toBeLessThanOrEqual(20_000_000);
    const model = loadModelFile(BUILTIN_MODEL_PATH);
    expect(Object.keys(model.heads).sort()).toEqual([...HEAD_NAMES].sort());
    const c = loadClassifierFile(BUILTIN_MODEL_PATH);
    expect(
      c.score('This is unacceptable!!! Third time I ask, fix it today or we cancel the contract.', 'en')
        .score,
    ).toBeGreaterThan(0.5);
  });

  it('survives an encode/decode round trip unchanged', () => {
    const model = decodeEmailModel(shipped);
    const again = decodeEmailModel(
      JSON.parse(JSON.stringify(encodeEmailModel(model, shipped.background as Record<string, unknown>, {}))),
    );
    for (const h of HEAD_NAMES) {
      // Buffer.compare instead of toEqual: a deep-equal over a million elements takes seconds.
      expect(
        Buffer.compare(Buffer.from(again.heads[h].table.buffer), Buffer.from(model.heads[h].table.buffer)),
      ).toBe(0);
      expect(again.heads[h].calibration).toEqual(model.heads[h].calibration);
      expect(again.heads[h].dense).toEqual(model.heads[h].dense);
    }
    expect(again.angerThreshold).toBe(model.angerThreshold);
  });

  it('reports a missing file clearly', () => {
    expectCode(() => loadClassifierFile(join(dir, 'nope.json')), 'tone-model-missing', /cannot be read/);
  });

  it('rejects a file that is not JSON (e.g. truncated)', () => {
    const text = readFileSync(BUILTIN_MODEL_PATH, 'utf8');
    expectCode(loadVariant('cut.json', text.slice(0, text.length / 2)), 'tone-model-invalid', /not JSON/);
  });

  it('rejects another format or version, and the v1 format of the first model', () => {
    expectCode(
      loadVariant('f.json', JSON.stringify({ ...shipped, format: 'x' })),
      'tone-model-invalid',
      /format/,
    );
    expectCode(
      loadVariant('v.json', JSON.stringify({ ...shipped, version: 1 })),
      'tone-model-invalid',
      /version/,
    );
    expectCode(loadVariant('v1.json', JSON.stringify(shipped.background)), 'tone-model-invalid', /format/);
  });

  it('rejects edited weights through the checksum, and a missing head or dense weight', () => {
    const anger = shipped.heads.anger!;
    const int8 = anger.weights.int8;
    // Flip the first character (whatever it is: an all-zero opening encodes as 'A').
    const edited = {
      ...anger,
      weights: { ...anger.weights, int8: (int8[0] === 'A' ? 'B' : 'A') + int8.slice(1) },
    };
    expectCode(
      loadVariant('e.json', JSON.stringify({ ...shipped, heads: { ...shipped.heads, anger: edited } })),
      'tone-model-invalid',
      /checksum/,
    );
    const { urgent: _gone, ...rest } = shipped.heads;
    expectCode(
      loadVariant('h.json', JSON.stringify({ ...shipped, heads: rest })),
      'tone-model-invalid',
      /no head "urgent"/,
    );
    const { background: _b, ...dense } = anger.dense;
    expectCode(
      loadVariant(
        'd.json',
        JSON.stringify({ ...shipped, heads: { ...shipped.heads, anger: { ...anger, dense } } }),
      ),
      'tone-model-invalid',
      /no weight for "background"/,
    );
  });

  it('rejects a threshold outside 0..1', () => {
    expectCode(
      loadVariant('t.json', JSON.stringify({ ...shipped, angerThreshold: 1.5 })),
      'tone-model-invalid',
      /angerThreshold/,
    );
  });
});
