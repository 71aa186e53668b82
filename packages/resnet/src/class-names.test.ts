import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelClassNames } from './class-names';

describe('modelClassNames', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bcos-class-names-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("gives ImageNet's names to a 1000-class model and numbers the classes of others", async () => {
    const imagenet = await modelClassNames(1000);
    expect([imagenet[0], imagenet[1], imagenet[999]]).toEqual(['tench', 'goldfish', 'toilet tissue']);
    expect(await modelClassNames(3)).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('reads a JSON array of exactly one name per class, and says what is wrong with any other file', async () => {
    const file = (name: string, text: string) => writeFile(join(dir, name), text).then(() => join(dir, name));
    expect(await modelClassNames(2, await file('ok.json', '["cat", "dog"]'))).toEqual(['cat', 'dog']);
    await expect(
      modelClassNames(3, await file('short.json', '["cat", "dog"]'), '--class-names'),
    ).rejects.toThrow(/^--class-names .*short.json names 2 classes, but the model has 3 outputs$/);
    await expect(modelClassNames(2, await file('numbers.json', '[1, 2]'))).rejects.toThrow(
      /numbers.json must hold a JSON array of class names/,
    );
    await expect(modelClassNames(2, await file('broken.json', '["cat"'))).rejects.toThrow(/broken.json: /);
  });
});
