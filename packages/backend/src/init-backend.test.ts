import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './backends/types';
import { initBackend, NoBackendError, probeBackends } from './init-backend';

const savedEnv = process.env.BCOS_BACKEND;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.BCOS_BACKEND;
  else process.env.BCOS_BACKEND = savedEnv;
});

describe('initBackend', () => {
  it('starts a named backend and makes it active', async () => {
    const info = await initBackend({ backend: 'cpu' });
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('takes the backend from BCOS_BACKEND', async () => {
    process.env.BCOS_BACKEND = 'wasm';
    expect((await initBackend()).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown name, saying where it came from', async () => {
    await expect(initBackend({ backend: 'cuda' })).rejects.toThrow(
      "option backend: unknown backend 'cuda'; expected one of tensorflow, webgpu, webgl, wasm, cpu or auto",
    );
    process.env.BCOS_BACKEND = 'gpu';
    await expect(initBackend()).rejects.toThrow("BCOS_BACKEND: unknown backend 'gpu'");
  });

  it('never falls back from a named backend that cannot start', async () => {
    const attempt = initBackend({ backend: 'tensorflow' });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(/@tensorflow\/tfjs-node is not installed/);
  });

  it('picks the fastest backend that starts when none is named, skipping software GPUs', async () => {
    // The order, stated here: tensorflow (tfjs-node, not installed in this repository), then webgpu on
    // a hardware adapter, then wasm. A software adapter (SwiftShader) does not count.
    const webgpu = await initBackend({ backend: 'webgpu', allowSoftwareGpu: true }).catch(() => undefined);
    const expected = webgpu && !webgpu.software ? 'webgpu' : 'wasm';
    const info = await initBackend();
    expect(info.name).toBe(expected);
    expect(info.software).toBe(false);
    expect(tf.getBackend()).toBe(expected);
  });

  it('probeBackends reports every backend in order: tensorflow and webgl unavailable here, wasm and cpu running', async () => {
    const probes = await probeBackends();
    const names = probes.map((p) => (p instanceof BackendUnavailableError ? p.backend : p.name));
    expect(names).toEqual(['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu']);
    expect(probes[0]).toBeInstanceOf(BackendUnavailableError);
    expect(probes[2]).toEqual(new BackendUnavailableError('webgl', 'WebGL exists only in a browser'));
    expect(probes.slice(3).map((p) => p instanceof BackendUnavailableError)).toEqual([false, false]);
  });

  it('lists every backend tried when none works', () => {
    const error = new NoBackendError([
      new BackendUnavailableError('webgpu', 'no adapter'),
      new BackendUnavailableError('cpu', 'broken'),
    ]);
    expect(error.message).toBe(
      'no TensorFlow.js backend could start:\n  - webgpu: no adapter\n  - cpu: broken',
    );
  });
});
