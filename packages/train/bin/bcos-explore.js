#!/usr/bin/env node
// Committed launcher: npm links bins at install time, before a checkout has built dist/.
import('../dist/bcos-explore.js').catch((error) => {
  const built =
    error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('/dist/bcos-explore.js');
  console.error(built ? error : '@bcos/train is not built: run `npm run build` at the repository root');
  process.exitCode = 1;
});
