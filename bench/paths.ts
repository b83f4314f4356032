import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The directory of the bench files, whether tsx runs them as CommonJS or as ES modules. */
export const BENCH_DIR: string = typeof __dirname === 'string' ? __dirname : fileURLToPath(new URL('.', import.meta.url));
/** The repository root. */
export const ROOT: string = resolve(BENCH_DIR, '..');
