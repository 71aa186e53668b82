// Node's main entry; a browser bundler takes index.browser.ts (package.json's `browser` condition).
export { initBackend, probeBackends } from './init-backend';
export * from './portable';
