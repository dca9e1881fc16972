import { createRequire } from 'node:module';

/** progeval's own version, from package.json, recorded with every load and result. */
export const PROGEVAL_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;
