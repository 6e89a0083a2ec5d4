import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that read or build files (no side effects on import, unlike run.ts). */
export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
