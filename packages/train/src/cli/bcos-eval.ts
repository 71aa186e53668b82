#!/usr/bin/env node
import { EVAL_USAGE, evalCommand } from './eval-command';
import { runCli } from './run-cli';

runCli(EVAL_USAGE, evalCommand, import.meta.url);
