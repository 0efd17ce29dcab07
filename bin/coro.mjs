#!/usr/bin/env node
// `coro` CLI launcher: registers tsx so the TypeScript sources under src/ run directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
