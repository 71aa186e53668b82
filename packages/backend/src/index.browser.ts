// The browser's main entry: the same names and types as index.ts, with no Node built-in behind them.
export { initBackend, probeBackends } from './init-backend.browser';
export * from './portable';
