import { describe, expect, it } from 'vitest';
import { findIdentifiers } from '../../../reports/disclosure/identifiers.ts';

describe('findIdentifiers', () => {
  it('finds the pseudonyms that occur as whole tokens, once each, in the order given', () => {
    const text = '{"region":"North","note":"P0012 and G-77 were seen","x":"P00123"}<td>F9</td>';
    expect(findIdentifiers(text, ['P0012', 'P001', 'G-77', 'F9', 'E55', 'P0012'])).toEqual(['P0012', 'G-77', 'F9']);
  });

  it('finds nothing in text without the ids, and copes with regular-expression characters', () => {
    expect(findIdentifiers('nothing here', ['P1', 'a.b'])).toEqual([]);
    expect(findIdentifiers('id a.b here, not axb', ['a.b', 'a+b'])).toEqual(['a.b']);
  });
});
