#!/usr/bin/env node
// The CLI is written in TypeScript; tsx compiles it on load so `npx drainscope` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
