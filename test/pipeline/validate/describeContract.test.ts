import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FILES, columnsOf } from '../../../schemas/contract/index.ts';
import { describeContract } from '../../../pipeline/validate/describeContract.ts';

describe('the contract description', () => {
  it('in docs/ is the one generated from the schemas (run `npm run docs:contract`)', () => {
    expect(readFileSync(join(import.meta.dirname, '../../../docs/data-contract.md'), 'utf8')).toBe(describeContract());
  });

  it('lists every file and column of the schemas', () => {
    const text = describeContract();
    for (const file of CONTRACT_FILES) {
      expect(text).toContain(`## ${file.file}`);
      for (const c of columnsOf(file)) expect(text).toMatch(new RegExp(`^\\| ${c.name} \\|`, 'm'));
    }
  });
});
