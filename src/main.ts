#!/usr/bin/env node
// The `lodfolio` command; everything it does is in cli.ts.
import { main } from './cli.js';

process.exitCode = await main(process.argv.slice(2));
