import { expect } from 'chai';
import { built, defaultBase, listening } from '../http/support.js';
import { readMicroformats, requireClients, type Microformats } from '../support/clients.js';
import { demoDir, secondDir } from '../support/fixtures.js';

/**
 * The homepage as IndieWeb and fediverse tools read it, through a
 * microformats2 parser (mf2py): the person's h-card, the news as h-entry,
 * the works as h-cite, and the person's accounts elsewhere as rel=me (which
 * Mastodon checks to verify a profile link).
 */

type Item = Microformats['items'][number];

/** The items of a type, at any depth (the h-card's children included). */
function itemsOf(items: readonly unknown[], type: string): Item[] {
  return (items as Item[]).flatMap((i) => [...(i.type.includes(type) ? [i] : []), ...itemsOf([...(i.children ?? []), ...Object.values(i.properties).flat().filter((v): v is Item => typeof v === 'object' && v !== null && 'type' in v)], type)]);
}

async function homepage(dataDir: string): Promise<Microformats> {
  const server = await listening((await built({ dataDir })).app);
  try {
    const res = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    return await readMicroformats(await res.text(), defaultBase);
  } finally {
    await server.close();
  }
}

describe('Microformats on the homepage', function () {
  this.timeout(120_000);
  before(function () { requireClients(this, ['mf2py']); });

  it("gives the person's h-card their name, photo, links, e-mail, organisation and note, and their accounts rel=me", async () => {
    const mf = await homepage(secondDir);
    const cards = mf.items.filter((i) => i.type.includes('h-card'));
    expect(cards).to.have.length(1);
    const card = cards[0].properties;
    expect(card.name).to.deep.equal(['Zoë Ångström-Łukasiewicz']);
    expect(card.photo?.map((p) => (typeof p === 'string' ? p : (p as { value: string }).value))).to.deep.equal(['https://bergvik.example/people/zoe/photo.jpg']);
    expect(card.email).to.deep.equal(['mailto:zoe.angstrom@bergvik.example']);
    expect(card.org).to.include('Lindqvist Centre for Speech and Language');
    expect(String(card.note?.[0])).to.match(/^My research asks how language models/);
    expect(card.url).to.include.members(['https://orcid.org/0000-0003-1415-9269', 'https://fediscience.example/@zoe', 'https://github.com/zoe-angstrom']);
    expect(mf.rels.me).to.include.members(['https://orcid.org/0000-0003-1415-9269', 'https://fediscience.example/@zoe', 'https://github.com/zoe-angstrom']);
    // Each work listed is an h-cite named by its title.
    const cites = itemsOf(mf.items, 'h-cite');
    expect(cites.length).to.be.greaterThan(3);
    expect(cites.map((c) => c.properties.name?.[0])).to.include('Cross-Lingual Transfer for Morphological Segmentation of Uralic Languages: Sámi, Võro and Mari');
  });

  it('marks each news item as an h-entry with its date and text', async () => {
    const entries = itemsOf((await homepage(demoDir)).items, 'h-entry');
    expect(entries.length).to.be.greaterThan(2);
    for (const entry of entries) {
      expect(String(entry.properties.published?.[0])).to.match(/^\d{4}(-\d{2})?(-\d{2})?$/);
      expect(String(entry.properties.name?.[0]).length).to.be.greaterThan(10);
      expect(entry.properties.url?.[0]).to.match(/^http:\/\/localhost:3000\//);
    }
  });
});
