import { parseArgs } from './harness';

const SUITES = [
  'kernels',
  'layers',
  'resnet',
  'augment',
  'gradcam',
  'gradcam-methods',
  'datasets',
  'train-throughput',
  'explain',
  'step-profile',
  'thread-handoff',
] as const;

async function main(): Promise<void> {
  const [suite, ...rest] = process.argv.slice(2);
  if (!suite || !(SUITES as readonly string[]).includes(suite)) {
    console.error(
      `usage: npm run bench -- <suite> [--backends cpu,wasm,webgpu] [options]\nsuites: ${SUITES.join(', ')}`,
    );
    process.exit(2);
  }
  // A URL, not a literal path, so the bundler leaves each suite as its own file.
  const suiteUrl = new URL(`./suites/${suite}.js`, import.meta.url).href;
  const module = (await import(suiteUrl)) as { run(args: ReturnType<typeof parseArgs>): Promise<void> };
  await module.run(parseArgs(rest));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
