#!/usr/bin/env node
// Entry point of the `faultline` bin: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
const code = await main(process.argv);
// Everything is written and torn down by now: exit even if a client library left a socket or timer behind.
process.exit(code);
