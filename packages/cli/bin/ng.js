#!/usr/bin/env node
// Installed `ng` command: run the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/bin.ts');
