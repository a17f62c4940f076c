import type { Node } from '../../rdf/graph.js';
import { schema as s } from '../../rdf/vocabulary.js';
import { html, type Markup } from '../escape.js';
import { awards, position, positions, service, talks, teaching } from './home.js';
import { byYear, ownWorks, work } from './work.js';
import type { PageContent } from './page.js';
import type { View } from './view.js';

/**
 * The printable CV (`{base}cv.html`): the person's name and position, then every
 * position, the education, awards, works (all of them, by year), talks,
 * teaching and service, from the whole profile, in the sections' words;
 * print CSS (`main.cv`) makes it a document. Sections with nothing to show
 * are left out. A scholar's own CV as a PDF (site.yaml's `cvPdf`) is linked
 * at its top.
 */
export function cvPage(view: View, person: Node, name: string, pdf?: string): PageContent {
  const { g, words } = view;
  const roles = (predicate: string, list: Node[]) => (list.length === 0 ? undefined
    : html`<ul class="plain">${list.map((r) => html`<li>${position(view, r, predicate)}</li>\n`)}</ul>`);
  const works = ownWorks(view, person);
  const sections: Array<[string, Markup | undefined]> = [
    ['cv-positions', roles(s('worksFor'), positions(view, person))],
    ['cv-education', roles(s('alumniOf'), g.nodes(person, s('alumniOf')).sort(view.byDateDesc))],
    ['section-awards', awards(view, person)?.()],
    ['section-publications', works.length === 0 ? undefined : byYear(view, works, (w) => work(view, w))],
    ['section-talks', talks(view, person)?.()],
    ['section-teaching', teaching(view)?.()],
    ['section-service', service(view, person)?.()],
  ];
  const jobTitle = g.text(person, s('jobTitle'));
  // The scholar's own CV (site.yaml's cvPdf), for those who want the one they keep, as al-folio's CV page offers it.
  const pdfHref = pdf === undefined ? undefined : view.href(pdf);
  const main = html`<div class="cv">
<h1>${name}</h1>
${jobTitle ? html`<p class="job-title">${jobTitle}</p>` : ''}
${pdfHref ? html`<p class="cv-pdf"><a href="${pdfHref}" type="application/pdf">${words.text('cv-pdf')}</a></p>` : ''}
${sections.filter(([, body]) => body !== undefined).map(([key, body]) => html`<section id="${key}" aria-labelledby="${key}-title">
<h2 id="${key}-title">${words.text(key)}</h2>
${body}
</section>\n`)}</div>`;
  return { description: words.text('cv-title', { name }), ogType: 'profile', head: [], main };
}
