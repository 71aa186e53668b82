import { servePage } from './serve-page';

const IDLE_MINUTES = 10;

const server = await servePage({ idleMs: IDLE_MINUTES * 60_000, keepProcessAlive: true });
console.log(`open ${server.url} (or ${server.url}?backend=webgl, =wasm, =webgpu, =cpu)`);
console.log(`the server listens on 127.0.0.1 only and stops after ${IDLE_MINUTES} minutes without a request`);
