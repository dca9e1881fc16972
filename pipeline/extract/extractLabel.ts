/**
 * How an extract folder is named in the load history and in messages: its path as given,
 * unless any part of it has the shape of an identifier (a folder named like an NI number),
 * in which case the path is withheld. The path itself is never published.
 */
import { identifierShape } from '../../schemas/contract/index.ts';

export const WITHHELD_EXTRACT_PATH = '[extract folder: path withheld, it has the shape of an identifier]';

export function extractLabel(dir: string): string {
  return dir.split(/[\\/]+/).some((part) => part && identifierShape(part)) ? WITHHELD_EXTRACT_PATH : dir;
}
