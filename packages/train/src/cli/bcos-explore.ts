#!/usr/bin/env node
import { EXPLORE_USAGE, exploreCommand } from './explore-command';
import { runCli } from './run-cli';

runCli(EXPLORE_USAGE, exploreCommand, import.meta.url);
