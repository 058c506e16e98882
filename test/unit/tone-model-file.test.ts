import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafeError } from '../../src/errors.ts';
import { BUILTIN_MODEL_PATH, loadClassifierFile } from '../../src/tone-model/load.ts';
import { decodeModel, encodeModel, type ModelFile } from '../../src/triage/tone/model-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'tone-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = JSON.parse(readFileSync(BUILTIN_MODEL_PATH, 'utf8')) as ModelFile;

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
  it('loads the committed weights (under 2 MB) and scores with them', () => {
    expect(readFileSync(BUILTIN_MODEL_PATH).length).toBeLessThan(2_000_000);
    const c = loadClassifierFile(BUILTIN_MODEL_PATH);
    expect(c.score('This is unacceptable!!!', 'en').score).toBeGreaterThan(0.5);
  });

  it('survives an encode/decode round trip unchanged', () => {
    const params = decodeModel(shipped);
    const again = decodeModel(JSON.parse(JSON.stringify(encodeModel(params, shipped.meta ?? {}))));
    // Buffer.compare instead of toEqual: a deep-equal over a million elements takes seconds.
    expect(Buffer.compare(Buffer.from(again.weights.buffer), Buffer.from(params.weights.buffer))).toBe(0);
    expect(again.weightScale).toBe(params.weightScale);
    expect(again.cueWeights).toEqual(params.cueWeights);
    expect(again.calibration).toEqual(params.calibration);
  });

  it('reports a missing file clearly', () => {
    expectCode(() => loadClassifierFile(join(dir, 'nope.json')), 'tone-model-missing', /cannot be read/);
  });

  it('rejects a file that is not JSON (e.g. truncated)', () => {
    const text = readFileSync(BUILTIN_MODEL_PATH, 'utf8');
    expectCode(loadVariant('cut.json', text.slice(0, text.length / 2)), 'tone-model-invalid', /not JSON/);
  });

  it('rejects another format or version', () => {
    expectCode(
      loadVariant('f.json', JSON.stringify({ ...shipped, format: 'x' })),
      'tone-model-invalid',
      /format/,
    );
    expectCode(
      loadVariant('v.json', JSON.stringify({ ...shipped, version: 2 })),
      'tone-model-invalid',
      /version/,
    );
  });

  it('rejects edited weights through the checksum', () => {
    const int8 = shipped.weights.int8;
    const edited = (int8[10] === 'A' ? 'B' : 'A') + '';
    const weights = { ...shipped.weights, int8: int8.slice(0, 10) + edited + int8.slice(11) };
    expectCode(
      loadVariant('w.json', JSON.stringify({ ...shipped, weights })),
      'tone-model-invalid',
      /checksum/,
    );
  });

  it('rejects a weight table of the wrong size even with a matching checksum', () => {
    const params = decodeModel(shipped);
    const file = encodeModel({ ...params, weights: params.weights.slice(0, 1000) }, {});
    expectCode(loadVariant('s.json', JSON.stringify(file)), 'tone-model-invalid', /expected \d+ weights/);
  });

  it('rejects non-finite numbers and a missing cue weight', () => {
    const nan = JSON.stringify({ ...shipped, bias: 'NaN' });
    expectCode(loadVariant('n.json', nan), 'tone-model-invalid', /bias/);
    const cueWeights = { ...shipped.cueWeights };
    delete cueWeights.cancel;
    expectCode(
      loadVariant('c.json', JSON.stringify({ ...shipped, cueWeights })),
      'tone-model-invalid',
      /cancel/,
    );
  });
});
