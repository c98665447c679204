import { install } from './env.mjs';

install();
