import { describe, expect, it } from 'vitest';
import { CONTRACT_FILES, columnsOf, identifierShape, isIdentifierColumn } from '../../../schemas/contract/index.ts';

describe('identifier columns', () => {
  it.each(['name', 'forename', 'surname', 'date_of_birth', 'dob', 'address', 'postcode', 'pnc', 'pnc_number', 'crn', 'nomis', 'prison_number', 'ni_number', 'nino', 'email', 'phone'])(
    'refuses the contract-listed column %s, however it is written',
    (name) => {
      expect(isIdentifierColumn(name)).toBe(true);
      expect(isIdentifierColumn(name.toUpperCase())).toBe(true);
      expect(isIdentifierColumn(` ${name.replace(/_/g, ' ')} `)).toBe(true);
    },
  );

  it.each(['first_name', 'FullName', 'home_address', 'phone_number', 'email_address', 'nomis_id', 'Date of Birth', 'offender-name'])('refuses the variant %s', (name) => {
    expect(isIdentifierColumn(name)).toBe(true);
  });

  it('accepts every column of the contract itself', () => {
    for (const file of CONTRACT_FILES) for (const c of columnsOf(file)) expect(isIdentifierColumn(c.name), c.name).toBe(false);
  });
});

describe('identifier-shaped values', () => {
  it.each([
    ['2001/0012345A', 'pnc'],
    ['01/123456Z', 'pnc'],
    ['QQ123456C', 'ni_number'],
    ['qq 12 34 56 c', 'ni_number'],
    ['X123456', 'crn'],
    ['per_X123456', 'crn'],
    ['see X123456 notes', 'crn'],
    // Normalised before matching (issue 9): separators, non-breaking spaces, full-width digits, no suffix.
    ['QQ\u00a012\u00a034\u00a056\u00a0C', 'ni_number'],
    ['QQ-12-34-56-C', 'ni_number'],
    ['QQ.12.34.56.C', 'ni_number'],
    ['QQ123456', 'ni_number'],
    ['2001/0012345 A', 'pnc'],
    ['X-123456', 'crn'],
    ['X\uff11\uff12\uff13\uff14\uff15\uff16', 'crn'],
    ['someone@example.org', 'email'],
    ['contact: first.last@probation.gov.uk', 'email'],
    ['07700 900123', 'phone'],
    ['+44 7700 900123', 'phone'],
    ['(0161) 496-0000', 'phone'],
  ] as const)('finds %s shaped like %s', (value, kind) => {
    expect(identifierShape(value)).toBe(kind);
  });

  it.each(['per-000123', 'per-000001', 'enr-000001', 'enr-0001', 'grp-00123', 'XY1234567', 'X1234567', 'X12345', '2024-03-04', '2024-11-18', '23.5', '44.9', 'North West', 'QQ123456E', 'fac-01', '12345678901', 'band_3', 'Yorkshire and the Humber'])('leaves %s alone', (value) => {
    expect(identifierShape(value)).toBeNull();
  });
});
