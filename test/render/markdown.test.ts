import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { projectRoot } from '../../src/config.js';
import { firstBlock, markdownBlock, markdownInline, markdownWords, withMath } from '../../src/render/markdown.js';
import { shorten } from '../../src/render/names.js';

/**
 * The text of the pages: Markdown read, and TeX math (src/source/tex-math.ts) typeset as MathML when the page is
 * made, with the TeX kept in it as its annotation.
 */

/** The MathML KaTeX makes of a TeX string, as the page shows it, with its TeX as its annotation. */
const annotation = (tex: string) => `<annotation encoding="application/x-tex">${tex}</annotation></semantics></math></span>`;

describe('Math in the text of a page', () => {
  it('is typeset as MathML in a title, each segment with its TeX as written kept as its annotation and its name, the text around it escaped', () => {
    const title = withMath('$L^p$ estimates for $\\bar\\partial$ & <friends>').value;
    expect(title).to.equal('<span class="katex"><math aria-label="L^p" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><msup><mi>L</mi><mi>p</mi></msup></mrow>'
      + `${annotation('L^p')} estimates for <span class="katex"><math aria-label="\\bar\\partial" xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow>`
      + `<mover accent="true"><mi mathvariant="normal">∂</mi><mo>ˉ</mo></mover></mrow>${annotation('\\bar\\partial')} &amp; &lt;friends&gt;`);
  });

  it('reads \\(…\\) as inline math and $$…$$ and \\[…\\] as display math', () => {
    expect(withMath('\\(a_1\\)').value).to.include('<math aria-label="a_1" xmlns="http://www.w3.org/1998/Math/MathML"><semantics>').and.include(annotation('a_1'));
    for (const display of ['$$x^2$$', '\\[x^2\\]']) {
      expect(withMath(display).value, display).to.include('<math aria-label="x^2" xmlns="http://www.w3.org/1998/Math/MathML" display="block">').and.include(annotation('x^2'));
    }
  });

  it('escapes what the TeX holds that markup gives a meaning in its MathML and its annotation: a < b', () => {
    const markup = withMath('$a<b$').value;
    expect(markup).to.include('<math aria-label="a&lt;b" ').and.include('<mo>&lt;</mo>').and.include(annotation('a&lt;b'));
    expect(markup.replace(/<[^>]*>/g, '')).to.not.include('<');
  });

  it('leaves text with no math, and a price\'s two dollar signs, as written, only escaped', () => {
    expect(withMath('Pricing carbon: from US$5 to US$10 a tonne').value).to.equal('Pricing carbon: from US$5 to US$10 a tonne');
    expect(withMath('Tom & Jerry').value).to.equal('Tom &amp; Jerry');
  });

  it('shows math KaTeX cannot read as written, as text, and typesets the rest of the text\'s math', () => {
    const markup = withMath('not $\\frac{1$ nor $\\undefinedcommand$, but $x$').value;
    expect(markup).to.match(/^not \$\\frac\{1\$ nor \$\\undefinedcommand\$, but <span class="katex"><math /);
  });

  it('shows as written, never as a link or a class, math that asks for one (KaTeX\'s untrusted commands)', () => {
    for (const tex of ['$\\href{javascript:alert(1)}{x}$', '$\\url{https://example.org/}$', '$\\htmlClass{evil}{x}$']) {
      expect(withMath(tex).value, tex).to.equal(tex.replace(/&/g, '&amp;'));
    }
  });

  it('typesets math in Markdown, in a link\'s text and in emphasis, its `*`, `_`, `|` and backslashes never read as Markdown', () => {
    const markup = markdownInline('[$\\|f\\|_p$](https://example.org/) and *for \\(a_1 * b_2\\)*', '/').value;
    expect(markup).to.match(/^<a href="https:\/\/example.org\/" rel="nofollow noopener"><span class="katex"><math [^]*<\/math><\/span><\/a> and <em>for <span class="katex"><math /);
    expect(markup).to.include(annotation('\\|f\\|_p')).and.include(annotation('a_1 * b_2'));
  });

  it('typesets display math in a paragraph of its own in an abstract', () => {
    const markup = markdownBlock('We prove:\n\n$$\\sum_{i=1}^n x_i \\le C$$\n', '/').value;
    expect(markup).to.match(/^<p>We prove:<\/p>\n<p><span class="katex"><math aria-label="[^"]*" xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML" display="block">/);
    expect(markup).to.include(annotation('\\sum_{i=1}^n x_i \\le C'));
  });

  it('keeps the TeX as written where only text can go (a feed entry\'s title, a page\'s title)', () => {
    expect(markdownWords('[$L^p$ estimates](https://example.org/) for *$\\bar\\partial$*')).to.equal('$L^p$ estimates for $\\bar\\partial$');
  });

  it('loads KaTeX only when a text with math is typeset', async () => {
    // In a process of its own: this one may have typeset math already.
    const script = `const { withMath, markdownBlock } = await import(${JSON.stringify(`${projectRoot}/src/render/markdown.ts`)});
const { createRequire } = await import('node:module');
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('/node_modules/katex/'));
markdownBlock('No math, *only* text, and US$5.', '/'); withMath('A title');
const before = loaded();
withMath('$x$');
console.log(JSON.stringify([before, loaded()]));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot });
    expect(JSON.parse(stdout)).to.deep.equal([false, true]);
  });
});

describe('A text shortened for a meta description', () => {
  it('is never cut inside its math: a segment the cut would split is left out whole', () => {
    const text = 'We prove that $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ holds for every $n$';
    expect(shorten(text, 30)).to.equal('We prove that…');
    expect(shorten(text, 60)).to.equal('We prove that $$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ holds…');
    expect(shorten('Plain words that go on and on for a while', 20)).to.equal('Plain words that…');
  });
});

describe('Typeset math kept for reuse', () => {
  it('is kept for the 4,096 segments typeset last, the oldest let go first, so that a long serve --watch holds no more', async () => {
    // In a process of its own, counting KaTeX's runs: a segment kept is not typeset again, one let go is.
    const script = `const { withMath } = await import(${JSON.stringify(`${projectRoot}/src/render/markdown.ts`)});
const { createRequire } = await import('node:module');
withMath('$x$');
const katex = createRequire(import.meta.url)('katex');
const render = katex.renderToString;
let runs = 0;
katex.renderToString = (...args) => { runs++; return render(...args); };
for (let i = 0; i < 5000; i++) withMath(\`$x_{\${i}}$\`);
const made = runs;
withMath('$x_{4999}$'); withMath('$x_{904}$');
const kept = runs - made;
withMath('$x_{0}$'); withMath('$x_{903}$');
console.log(JSON.stringify([made, kept, runs - made - kept]));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot });
    expect(JSON.parse(stdout)).to.deep.equal([5000, 0, 2]);
  });
});

describe('A news item\'s first block', () => {
  it('is a paragraph\'s text where the item starts with one', () => {
    expect(firstBlock('Our paper appears.\n\nMore.')).to.deep.equal({ first: 'Our paper appears.', more: true, paragraph: true });
    expect(firstBlock('Our paper appears.')).to.deep.equal({ first: 'Our paper appears.', more: false, paragraph: true });
  });

  it('is a list, said to be no paragraph, where the item starts with one, whether more follows or not', () => {
    expect(firstBlock('- One paper\n- Another\n\nMore.')).to.deep.equal({ first: '- One paper\n- Another\n', more: true, paragraph: false });
    expect(firstBlock('1. One paper\n2. Another')).to.deep.equal({ first: '1. One paper\n2. Another', more: false, paragraph: false });
  });
});
