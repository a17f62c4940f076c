import { formats } from '../formats.js';
import { isOrcid, schemeOfField } from '../source/identifiers.js';
import { convertOrcidSummary, cslRecord, type OrcidSummary } from './csl.js';
import { quoted, slug } from './names.js';
import { ImportError, importWorks, ownFileHeader, type ImportOptions, type ImportReport, type SourceRecord } from './importer.js';

/**
 * `lodfolio import doi` and `lodfolio import orcid`: works from the web, by
 * DOI content negotiation (CSL-JSON, as doi.org offers it for Crossref,
 * DataCite and mEDRA DOIs) and from the ORCID public API v3.0 (a record's
 * works, their DOIs resolved the same way; a work without one from its
 * summary). Everything is fetched before anything is written: a network
 * error, a timeout or an unexpected answer writes nothing.
 */

export interface WebOptions extends ImportOptions {
  /** `https://doi.org/`, or a mirror: the DOI is appended. */
  doiResolver: string;
  /** `https://pub.orcid.org/v3.0/`, or a mirror: `{orcid}/works` is appended. */
  orcidApi: string;
  /** How long one request may take (default 30 s). */
  timeoutMs?: number;
}

export const doiFiles = { importFile: 'doi.yaml', stateFile: 'doi-import.json' };
export const orcidFiles = { importFile: 'orcid.yaml', stateFile: 'orcid-import.json' };

/** The largest answer read: a CSL record or an ORCID works list is a few hundred kilobytes at most. */
const maxAnswer = 20 * 1024 * 1024;

/** A DOI as written in a paper, a URL or `doi:`: the bare DOI, or undefined. */
export function bareDoi(value: string): string | undefined {
  const dois = schemeOfField('doi');
  const doi = dois.normalise(value);
  return dois.valid(doi) ? doi : undefined;
}

/** GET a JSON document; undefined when the server has none (404). */
async function getJson(url: string, accept: string, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: accept, 'User-Agent': 'lodfolio' }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : e.cause?.code ?? e.cause?.message ?? e.message;
    throw new ImportError(`${url} could not be reached (${why}); nothing was written`);
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ImportError(`${url} answered ${response.status} ${response.statusText}; nothing was written`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > maxAnswer) throw new ImportError(`${url} answered ${length} bytes, more than a record can be; nothing was written`);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new ImportError(`${url} stopped answering (${(error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message}); nothing was written`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ImportError(`${url} answered with something that is not JSON (${response.headers.get('content-type') ?? 'no content type'}); nothing was written`);
  }
}

/** A DOI's CSL-JSON record, by content negotiation; undefined if the resolver knows no such DOI. */
async function resolveDoi(doi: string, { doiResolver, timeoutMs = 30_000 }: WebOptions): Promise<Record<string, unknown> | undefined> {
  const url = `${doiResolver}${doi.split('/').map(encodeURIComponent).join('/')}`;
  const item = await getJson(url, formats.csl.mediaType, timeoutMs);
  if (item === undefined) return undefined;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new ImportError(`${url} answered with JSON that is no CSL record; nothing was written`);
  return item as Record<string, unknown>;
}

/** Resolves DOIs a few at a time, in order. */
async function resolveAll(dois: string[], options: WebOptions): Promise<Array<Record<string, unknown> | undefined>> {
  const out: Array<Record<string, unknown> | undefined> = [];
  for (let i = 0; i < dois.length; i += 4) {
    out.push(...await Promise.all(dois.slice(i, i + 4).map((d) => resolveDoi(d, options))));
    options.onProgress?.('resolving DOIs', Math.min(i + 4, dois.length), dois.length);
  }
  return out;
}

/** `lodfolio import doi DOI...`: each DOI's CSL-JSON record as a work of the profile. */
export async function importDois(dois: string[], options: WebOptions): Promise<ImportReport> {
  const bare = dois.map((d) => ({ given: d, doi: bareDoi(d) }));
  const bad = bare.filter((d) => !d.doi).map((d) => quoted(d.given));
  if (bad.length > 0) throw new ImportError(`not a DOI like 10.1145/3132747.3132755: ${bad.join(', ')}; nothing was written`);
  options.onProgress?.('resolving DOIs');
  const items = await resolveAll(bare.map((d) => d.doi!), options);
  const records: SourceRecord[] = [];
  const problems: ImportReport['skipped'] = [];
  bare.forEach(({ doi }, i) => {
    if (items[i]) records.push(cslRecord(doi!.toLowerCase(), items[i]!, i + 1));
    else problems.push({ key: doi!, line: i + 1, reason: `${options.doiResolver} knows no DOI ${doi}` });
  });
  return importWorks({
    ...doiFiles, header: ownFileHeader('lodfolio import doi', doiFiles.importFile, doiFiles.stateFile), noun: "the DOI's record",
    records, problems, complete: false,
  }, options);
}

interface OrcidWorks {
  group?: Array<{
    'external-ids'?: { 'external-id'?: Array<{ 'external-id-type'?: string; 'external-id-value'?: string; 'external-id-relationship'?: string }> } | null;
    'work-summary'?: OrcidSummary[];
  }>;
}

/**
 * `lodfolio import orcid ORCID-ID`: the works of an ORCID record, each from
 * its DOI's record where it has a DOI the resolver knows, else from its
 * summary. The record is the whole list: works gone from it are reported
 * (and pruned with `prune`).
 */
export async function importOrcid(orcid: string, options: WebOptions): Promise<ImportReport> {
  const id = orcid.trim().replace(/^https?:\/\/orcid\.org\//i, '');
  if (!isOrcid(id)) throw new ImportError(`${quoted(orcid)} is not an ORCID iD like 0000-0002-1825-0097 (its last character is a checksum); nothing was written`);
  options.onProgress?.('reading the ORCID record');
  const url = `${options.orcidApi}${id}/works`;
  const works = await getJson(url, 'application/json', options.timeoutMs ?? 30_000) as OrcidWorks | undefined;
  if (works === undefined) throw new ImportError(`${url}: ORCID has no record ${id}; nothing was written`);
  if (!Array.isArray(works.group)) throw new ImportError(`${url} answered with JSON that is no ORCID works list; nothing was written`);
  const groups = works.group.map((group, i) => {
    const summary = group['work-summary']?.[0] ?? {};
    const ids = group['external-ids']?.['external-id'] ?? [];
    const given = ids.filter((e) => e['external-id-type']?.toLowerCase() === 'doi' && e['external-id-relationship']?.toLowerCase() !== 'part-of')
      .map((e) => e['external-id-value'] ?? '');
    return { summary, given: given[0], doi: given.map(bareDoi).find(Boolean), line: i + 1 };
  });
  const items = await resolveAll(groups.flatMap((g) => (g.doi ? [g.doi] : [])), options);
  const itemOf = new Map(groups.filter((g) => g.doi).map((g, i) => [g.doi!, items[i]]));
  const records = groups.map(({ summary, given, doi, line }): SourceRecord => {
    const item = doi ? itemOf.get(doi) : undefined;
    if (item) return cslRecord(doi!.toLowerCase(), item, line);
    const title = summary.title?.title?.value ?? undefined;
    const note = doi ? `${options.doiResolver} knows no DOI ${doi}: imported from its ORCID summary, without it`
      : given ? `its DOI ${quoted(given)} is no DOI: imported from its ORCID summary` : undefined;
    return {
      key: doi?.toLowerCase() ?? `put-code:${String(summary['put-code'] ?? line)}`, line, doi, title, names: [],
      idBase: title ? slug(title, 50) : undefined,
      convert: (workId, context) => {
        const converted = convertOrcidSummary(summary, workId, context.directory.personWithOrcid(id)!, context);
        if ('entry' in converted && note) converted.notes.push(note);
        return converted;
      },
    };
  });
  return importWorks({
    ...orcidFiles, header: ownFileHeader('lodfolio import orcid', orcidFiles.importFile, orcidFiles.stateFile), noun: 'the ORCID work',
    records, problems: [], complete: true, holder: id,
  }, options);
}
