import { expect } from 'chai';
import { DataFactory, Parser } from 'n3';
import { toNTriples, turtleForScript } from '../../src/render/turtle.js';

const { literal, namedNode, quad } = DataFactory;
const name = namedNode('https://schema.org/name');

/** Texts that would end a `<script>` element or an XHTML reader's CDATA section, or that XML forbids. */
const hostile = [
  '</script><script>alert(1)</script>', 'a <!-- comment', 'ends ]]> here', 'quoted "</script>" and \\ escaped',
  'line\nbreak and \ttab', 'control \u0001\u000B\u001F and \uFFFE\uFFFF', 'plain words, é and 😀',
];

describe('Turtle in a page\'s data block', () => {
  const quads = [
    ...hostile.map((text, i) => quad(namedNode(`https://scholar.example/works/w${i}`), name, literal(text, i % 2 ? 'en' : undefined))),
    quad(namedNode('https://scholar.example/a]]b'), namedNode('https://schema.org/url'), namedNode('https://example.org/x]y')),
    quad(namedNode('https://scholar.example/q'), name, literal('"</script')),
  ];
  const block = turtleForScript(quads);

  it('holds nothing that ends the element or the CDATA section, nor a character XML forbids', () => {
    expect(block).not.to.match(/<\/script|<!--|]]>/i);
    expect(block).not.to.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  });

  it('escapes within strings and IRIs only, as UCHARs, and is read back as the same triples', () => {
    expect(block).to.contain('"\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E"');
    // An escaped quote does not end the string: what follows it is escaped too.
    expect(block).to.contain('"quoted \\"\\u003C/script\\u003E\\" and \\\\ escaped"');
    expect(block).to.contain('<https://scholar.example/a\\u005D\\u005Db>');
    expect(block).to.contain('<https://example.org/x\\u005Dy>');
    const read = new Parser().parse(block);
    expect(toNTriples(read)).to.equal(toNTriples(quads));
  });
});
