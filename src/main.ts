#!/usr/bin/env node
// The `lodfolio` command; everything it does is in cli.ts.
import { main } from './cli.js';

// `lodfolio dump | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
