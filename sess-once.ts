import { benchSessionInitialize } from './bench/session-initialize.ts';
await benchSessionInitialize();
