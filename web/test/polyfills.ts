import { TextDecoder, TextEncoder } from 'node:util';

// jsdom omits these; react-router needs them at import time.
Object.assign(globalThis, { TextEncoder, TextDecoder });
