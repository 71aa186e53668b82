import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CELEBA_ATTRIBUTES } from '../formats/celeba/attribute-names';
import { type CelebaDataset, celeba } from '../formats/celeba/celeba';
import { openMasks } from '../masks';
import { temporaryDirectory } from '../test-helpers';
import { generateFaces } from './faces';
import { ridgeAccuracy } from './test-linear';

const [WIDTH, HEIGHT] = [36, 44];

/** Each mask averaged over 4×4 blocks. */
function coarse(masks: Uint8Array, count: number): Float64Array[] {
  return Array.from({ length: count }, (_, i) => {
    const out = new Float64Array((WIDTH / 4) * (HEIGHT / 4));
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++)
        out[Math.floor(y / 4) * (WIDTH / 4) + Math.floor(x / 4)]! +=
          masks[(i * HEIGHT + y) * WIDTH + x]! / 16;
    }
    return out;
  });
}

describe('generateFaces', () => {
  let dir: string;
  let faces: CelebaDataset;
  let masksPath: string;
  beforeAll(async () => {
    dir = await temporaryDirectory();
    const generated = await generateFaces({
      dir: join(dir, 'a'),
      n: 160,
      seed: 5,
      size: { width: WIDTH, height: HEIGHT },
    });
    masksPath = generated.masks;
    faces = await celeba(generated.dir, { split: 'all' });
  });

  it('writes a CelebA-format dataset: JPEGs, all 40 attributes, a contiguous partition', async () => {
    expect(faces.size).toBe(160);
    expect(faces.attributeNames).toEqual(CELEBA_ATTRIBUTES);
    expect(faces.imageShape).toEqual([HEIGHT, WIDTH, 3]);
    const splits = await Promise.all(
      (['train', 'valid', 'test'] as const).map((split) => celeba(join(dir, 'a'), { split })),
    );
    expect(splits.map((s) => s.size)).toEqual([128, 16, 16]);
    expect(splits[1]!.imageIds[0]).toBe('000129.jpg');
  });

  it('sets attributes consistently with what is drawn', () => {
    const counts = { male: 0, moustache: 0, beard: 0, glasses: 0 };
    for (let i = 0; i < faces.size; i++) {
      const has = (name: string) => faces.attribute(i, name) === 1;
      const male = has('Male');
      if (!male) expect([has('Mustache'), has('No_Beard'), has('Bald')]).toEqual([false, true, false]);
      const hairColours = ['Black_Hair', 'Brown_Hair', 'Blond_Hair', 'Gray_Hair'].filter(has);
      expect(hairColours.length).toBe(has('Bald') ? 0 : 1);
      counts.male += Number(male);
      counts.moustache += Number(has('Mustache'));
      counts.beard += Number(!has('No_Beard'));
      counts.glasses += Number(has('Eyeglasses'));
    }
    for (const count of Object.values(counts)) expect(count).toBeGreaterThan(10);
    expect(counts.male).toBeLessThan(120);
  });

  it('marks hair, beard and moustache, from which Male can be read off', async () => {
    const masks = await openMasks(masksPath);
    expect([masks.count, masks.height, masks.width]).toEqual([160, HEIGHT, WIDTH]);
    const bytes = await masks.get(Array.from(faces.rows));
    for (let i = 0; i < 160; i++) {
      const area = bytes.subarray(i * WIDTH * HEIGHT, (i + 1) * WIDTH * HEIGHT).reduce((s, v) => s + v, 0);
      expect(area).toBeGreaterThan(20);
      expect(area).toBeLessThan(0.5 * WIDTH * HEIGHT);
    }
    const rows = coarse(bytes, 160);
    const male = Array.from({ length: 160 }, (_, i) => (faces.attribute(i, 'Male') === 1 ? 1 : 0));
    const accuracy = ridgeAccuracy(
      { rows: rows.slice(0, 120), labels: male.slice(0, 120) },
      { rows: rows.slice(120), labels: male.slice(120) },
      2,
      1,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic for a seed', async () => {
    const again = await generateFaces({
      dir: join(dir, 'b'),
      n: 3,
      seed: 5,
      size: { width: WIDTH, height: HEIGHT },
    });
    const first = await celeba(again.dir, { split: 'all' });
    expect((await first.get([0, 1, 2])).images).toEqual((await faces.get([0, 1, 2])).images);
  });
});
