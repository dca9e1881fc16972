/** The one check of "inside this folder" that the extract folder and the output folder share. */
import { describe, expect, it } from 'vitest';
import { isWithin } from '../../../pipeline/extract/isWithin.ts';

describe('isWithin', () => {
  it('is true for the folder itself and anything under it, including names that start with two dots', () => {
    expect(isWithin('/data/out', '/data/out')).toBe(true);
    expect(isWithin('/data/out', '/data/out/progeval.db')).toBe(true);
    expect(isWithin('/data/out', '/data/out/charts/a.svg')).toBe(true);
    expect(isWithin('/data/out', '/data/out/..progeval.db')).toBe(true);
  });

  it('is false for the parent, a sibling with the same prefix, and anything elsewhere', () => {
    expect(isWithin('/data/out', '/data')).toBe(false);
    expect(isWithin('/data/out', '/data/out-2/progeval.db')).toBe(false);
    expect(isWithin('/data/out', '/data/progeval.db')).toBe(false);
    expect(isWithin('/data/out', '/etc/passwd')).toBe(false);
  });
});
