/** The title of a vega-lite spec taken out for the HTML caption (reports/render/splitTitle.ts). */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { chartTitle } from '../../../reports/charts/chartTitle.ts';
import { splitTitle } from '../../../reports/render/splitTitle.ts';

describe('splitTitle', () => {
  it('gives the spec without its title, the heading and the subtitle as one line, as its doc comment shows', () => {
    const spec = { title: { text: 'Rates', subtitle: ['Share of people', 'reoffending.'] }, mark: 'bar' } as unknown as TopLevelSpec;
    expect(splitTitle(spec)).toEqual({ bare: { mark: 'bar' }, heading: 'Rates', caption: 'Share of people reoffending.' });
  });

  it("joins again the sentences chartTitle wrapped into short lines", () => {
    const sentences = ['A first sentence that is long enough to be wrapped onto more than one line of the subtitle by chartTitle.', 'A second.'];
    const { heading, caption } = splitTitle({ title: chartTitle('A heading', sentences), mark: 'point' } as unknown as TopLevelSpec);
    expect(heading).toBe('A heading');
    expect(caption).toBe(sentences.join(' '));
  });

  it('takes a plain string title, and leaves a spec without one as it is', () => {
    expect(splitTitle({ title: 'Plain', mark: 'bar' } as unknown as TopLevelSpec)).toEqual({ bare: { mark: 'bar' }, heading: 'Plain', caption: '' });
    const untitled = { mark: 'bar' } as unknown as TopLevelSpec;
    expect(splitTitle(untitled)).toEqual({ bare: untitled, heading: '', caption: '' });
  });
});
