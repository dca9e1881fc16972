/** The threshold rule for counts of rows of the extract (reports/disclosure/extractRowsRule.ts). */
import { describe, expect, it } from 'vitest';
import { discloseExtractRows } from '../../../reports/disclosure/extractRowsRule.ts';
import { fieldsWithRole } from '../../../reports/disclosure/disclosureRoles.ts';

describe('discloseExtractRows', () => {
  it('withholds a count of fewer than min_cell rows, as its doc comment shows', () => {
    const refused = [{ batch_id: 1, file: 'people.csv', reason_code: 'invalid_value', rows: 3 }];
    expect(discloseExtractRows({ refused }, 10).refused).toEqual([{ batch_id: 1, file: 'people.csv', reason_code: 'invalid_value', rows: null, suppressed: ['rows'], suppressed_reason: { rows: 'low' } }]);
  });

  it('publishes min_cell rows and more as they are, refused and withdrawn alike, and leaves results without them as they were', () => {
    const data = { refused: [{ batch_id: 1, file: 'people.csv', reason_code: 'date_order', rows: 10 }], withdrawn: [{ batch_id: 2, file: 'reconvictions.csv', rows: 9 }, { batch_id: 2, file: 'assessments.csv', rows: 250 }] };
    const out = discloseExtractRows(data, 10);
    expect(out.refused).toEqual(data.refused);
    expect(out.withdrawn!.map((r) => r.rows)).toEqual([null, 250]);
    expect(discloseExtractRows({}, 10)).toEqual({});
  });

  it('takes the fields it protects from the schema: the rows of each record', () => {
    expect(fieldsWithRole('data.refused', 'rows')).toEqual(['rows']);
    expect(fieldsWithRole('data.withdrawn', 'rows')).toEqual(['rows']);
  });
});
