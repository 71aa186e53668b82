/**
 * Fetches the published tfjs image classifiers that `sweep-published-models.ts` explains, by package
 * name with `npm pack` (never at test time), into DIR (default `.cache/published`, git-ignored):
 *
 *   npx tsx packages/gradcam/scripts/fetch-published-models.ts [DIR]
 *
 * - nsfwjs 4.3.0: a MobileNetV2 and an InceptionV3 LayersModel and a MobileNetV2 GraphModel, each
 *   shipped as JS modules (model.min.js, group1-shard*.min.js holding base64 shards): written out
 *   as model.json plus weight files under DIR/nsfwjs/NAME.
 * - @vladmandic/human 3.3.6: GraphModels in package/models (antispoof, emotion, liveness, faceres),
 *   used as they are under DIR/human/models.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const PACKAGES = [
  { spec: 'nsfwjs@4.3.0', tarball: 'nsfwjs-4.3.0.tgz', folder: 'nsfw' },
  { spec: '@vladmandic/human@3.3.6', tarball: 'vladmandic-human-3.3.6.tgz', folder: 'human' },
] as const;
const NSFWJS_MODELS = ['mobilenet_v2', 'mobilenet_v2_mid', 'inception_v3'] as const;

const dir = resolve(process.argv[2] ?? '.cache/published');
mkdirSync(dir, { recursive: true });
for (const { spec, tarball, folder } of PACKAGES) {
  if (!existsSync(join(dir, tarball))) execFileSync('npm', ['pack', spec, '--pack-destination', dir]);
  mkdirSync(join(dir, folder), { recursive: true });
  execFileSync('tar', ['xzf', join(dir, tarball), '-C', join(dir, folder), '--strip-components=1']);
}

const require = createRequire(import.meta.url);
for (const name of NSFWJS_MODELS) {
  const source = join(dir, 'nsfw', 'dist', 'models', name);
  const out = join(dir, 'nsfwjs', name);
  mkdirSync(out, { recursive: true });
  const model = require(join(source, 'model.min.js')) as { weightsManifest: Array<{ paths: string[] }> };
  for (const path of model.weightsManifest.flatMap((group) => group.paths)) {
    const base64 = require(join(source, `${path.replace(/\.bin$/, '')}.min.js`)) as string;
    writeFileSync(join(out, path), Buffer.from(base64, 'base64'));
  }
  writeFileSync(join(out, 'model.json'), JSON.stringify(model));
  console.log(`${out}: ${readdirSync(out).join(', ')}`);
}
console.log(`${join(dir, 'human', 'models')}: ${readdirSync(join(dir, 'human', 'models')).join(', ')}`);
