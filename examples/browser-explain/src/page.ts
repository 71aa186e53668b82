import { type BackendInfo, initBackend } from '@bcos/backend';
import { explainFixedModel, type FixedModelNumbers } from './fixed-model';

/** What the page leaves in `window.bcosResult` for whoever drives it. */
export type PageResult = { backend: BackendInfo; numbers: FixedModelNumbers } | { error: string };

/**
 * The page's script: starts the backend named by `?backend=` (none or `auto`: webgpu → webgl → wasm
 * → cpu), explains the fixed B-cos model with B-cos and Grad-CAM, and shows what ran.
 */
async function run(): Promise<PageResult> {
  const named = new URLSearchParams(location.search).get('backend') ?? undefined;
  const backend = await initBackend({ backend: named, wasmPaths: '/wasm/' });
  const numbers = await explainFixedModel();
  return { backend, numbers };
}

const output = document.getElementById('result');
const result = run().catch((error: unknown) => ({ error: String((error as Error).stack ?? error) }));
(window as unknown as { bcosResult: Promise<PageResult> }).bcosResult = result;
void result.then((shown) => {
  if (!output) return;
  output.textContent =
    'error' in shown
      ? shown.error
      : `${shown.backend.name} (${shown.backend.description}): predicted classes ${shown.numbers.classIndex.join(', ')}`;
});
