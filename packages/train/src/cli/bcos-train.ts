#!/usr/bin/env node
import { runCli } from './run-cli';
import { TRAIN_USAGE, trainCommand } from './train-command';

runCli(TRAIN_USAGE, trainCommand, import.meta.url);
