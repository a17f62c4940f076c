import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { citationWriters, loadCitationStyles, type CslItem } from '../../src/render/citations.js';
import { defaultSettings } from '../../src/site/settings.js';
import { fixturesDir } from '../support/profile.js';

/**
 * The formatted references of every work of the citation fixtures, in
 * every style, against the golden file made before the CSL engine was
 * handed its styles differently (test/fixtures/citations/README.md).
 */

interface Golden { source: string; item: CslItem; references: Record<string, string> }

const golden = JSON.parse(readFileSync(path.join(fixturesDir, 'citations', 'references.json'), 'utf8')) as Golden[];

describe('Formatted references in every citation style', () => {
  const styles = loadCitationStyles(defaultSettings.citationStyle);

  it('are the golden ones, byte for byte, for every work of the .bib, DOI and profile fixtures', () => {
    expect(Object.keys(golden[0].references).sort()).to.deep.equal([...styles].sort());
    const differences: string[] = [];
    for (const { source, item, references } of golden) {
      for (const style of styles) {
        const reference = citationWriters.reference([item], style);
        if (reference !== references[style]) differences.push(`${source} ${item.id} ${style}:\n    ${reference}\n  ≠ ${references[style]}`);
      }
    }
    expect(golden.length).to.be.greaterThan(400);
    expect(differences, differences.slice(0, 5).join('\n')).to.deep.equal([]);
  });
});
