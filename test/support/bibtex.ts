/**
 * A generated .bib of any size, for measuring `lodfolio import bibtex`:
 * articles, conference papers and preprints by a pool of invented authors
 * (the starter profile's person among them), deterministic for a size.
 */

const given = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'John', 'Leslie', 'Margaret', 'Niklaus', 'Radia', 'Tony'];
const family = ['Lovelace', 'Hopper', 'Turing', 'Liskov', 'Dijkstra', 'Allen', 'Backus', 'Lamport', 'Hamilton', 'Wirth', 'Perlman', 'Hoare', 'Müller', 'Çelik', 'Nuñez'];
const journals = ['Journal of Examples', 'Transactions on Tracing', 'Letters on Sampling'];
const conferences = ['SOSP', 'OSDI', 'NSDI', 'EuroSys'];

export function bibOf(entries: number): string {
  const out = ['@string{tt = "Transactions on Tracing"}', ''];
  for (let i = 0; i < entries; i++) {
    const n = 1 + (i % 5);
    const authors = Array.from({ length: n }, (_, k) => {
      const g = given[(i * 7 + k * 3) % given.length];
      const f = family[(i * 5 + k * 11) % family.length];
      // Some with initials, some "First Last", some "Last, First": the same people, spelled differently.
      return (i + k) % 3 === 0 ? `${f}, ${g[0]}.` : (i + k) % 3 === 1 ? `${g} ${f}` : `${f}, ${g}`;
    });
    if (i % 4 === 0) authors.splice(i % n, 0, 'Example, Ada');
    const year = 2000 + (i % 25);
    const common = `  author = {${authors.join(' and ')}},\n  title = {A {Study} of Problem Number ${i}},\n  year = {${year}},\n  doi = {10.5555/gen.${i}},\n`;
    if (i % 3 === 0) out.push(`@article{gen${i},\n${common}  journal = ${i % 2 === 0 ? 'tt' : `{${journals[i % journals.length]}}`},\n  volume = {${1 + (i % 30)}},\n  pages = {${i}--${i + 12}},\n}`);
    else if (i % 3 === 1) {
      const c = conferences[i % conferences.length];
      out.push(`@inproceedings{gen${i},\n${common}  booktitle = {Proceedings of ${c} (${c} '${String(year).slice(2)})},\n  month = {${1 + (i % 12)}},\n}`);
    } else out.push(`@misc{gen${i},\n${common}  eprint = {${String(year).slice(2)}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + i).slice(1)}},\n  archivePrefix = {arXiv},\n}`);
    out.push('');
  }
  return out.join('\n');
}
