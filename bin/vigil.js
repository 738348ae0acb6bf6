#!/usr/bin/env node
// The `vigil` command: a thin launcher for the compiled CLI (built by `npm install` / `npm ci` through `prepare`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
