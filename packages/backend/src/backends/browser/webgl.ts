import { activate } from '../activate';
import { isSoftwareAdapter } from '../adapter';
import { type BackendInfo, BackendUnavailableError, type StartOptions } from '../types';

/** The WebGL renderer's name (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))"). */
function webglRenderer(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as string;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** tfjs-backend-webgl on the page's WebGL 2; a software renderer (SwiftShader) only when allowed. */
export async function startWebgl(options: StartOptions): Promise<BackendInfo> {
  const renderer = webglRenderer();
  if (renderer === undefined) throw new BackendUnavailableError('webgl', 'this browser offers no WebGL 2');
  const software = isSoftwareAdapter({ description: renderer });
  if (software && !options.allowSoftwareGpu) {
    throw new BackendUnavailableError(
      'webgl',
      `only a software renderer is present (${renderer}); it is used only when asked for by name`,
    );
  }
  try {
    await import('@tensorflow/tfjs-backend-webgl');
  } catch (error) {
    throw new BackendUnavailableError(
      'webgl',
      `importing @tensorflow/tfjs-backend-webgl failed: ${(error as Error).message}`,
    );
  }
  await activate('webgl');
  return { name: 'webgl', description: `WebGL 2 on ${renderer}`, software };
}
