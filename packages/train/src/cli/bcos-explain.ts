#!/usr/bin/env node
import { EXPLAIN_USAGE, explainCommand } from './explain-command';
import { runCli } from './run-cli';

runCli(EXPLAIN_USAGE, explainCommand, import.meta.url);
