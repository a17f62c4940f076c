import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { formats } from '../formats.js';
import { mementoLinks, timemapOf } from '../publish/mementos.js';
import type { PastVersions } from '../publish/versions.js';
import { linkHeader } from '../render/linkset.js';
import { DOCUMENT_CACHE, type Representations, type RouteSource } from '../publish/representations.js';
import type { SiteFiles } from '../publish/site-files.js';
import { mementoStamp, SiteUrls } from '../site/layout.js';
import { answer, HttpError, plainError, send, ErrorAnswers } from './answer.js';
import { createApp } from './app.js';
import { corsHeaders } from './cors.js';

/**
 * Memento (RFC 7089) over the profile's past versions (publish/versions.ts),
 * for `lodfolio serve` on a profile kept in git:
 *
 * - every document is its own TimeGate: asked with `Accept-Datetime`, it
 *   redirects (302, `Vary: accept-datetime`) to the memento of the version
 *   in force then (the first, for a date before it);
 * - a memento, `{base}.memento/{YYYYMMDDhhmmss}/{path}`, is the document as
 *   that version served it, in every format, with `Memento-Datetime` and
 *   links to the original, its TimeGate and its TimeMap;
 * - the TimeMap, `{base}.timemap/{path}.link` (layout.ts), lists the mementos in
 *   `application/link-format`.
 *
 * And for `serve --site`, a built site's documents as TimeGates over the
 * mementos the build wrote (`builtTimeGate`).
 */

const CORS = corsHeaders(['Link', 'Memento-Datetime', 'Vary', 'Content-Location']);
const errors = new ErrorAnswers<undefined>([plainError], CORS);

export function mementoRouter(urls: SiteUrls, current: RouteSource, versions: PastVersions): RequestHandler {
  const { revisions } = versions;
  const mementoPrefix = `${urls.basePath}.memento/`;
  const timemapPrefix = `${urls.basePath}.timemap/`;
  const apps = new WeakMap<Representations, Express>();
  const links = (original: string) => linkHeader(mementoLinks(urls, original, true));
  /** The valid version in force at a date (the first valid one, for a date before them all). */
  const inForce = async (at: number): Promise<number | undefined> => {
    const before = revisions.filter((r) => r.date.getTime() <= at).length;
    // Newest first among those before the date, then (for a date before them all) the oldest after it.
    const order = [...revisions.keys()].slice(0, before).reverse().concat([...revisions.keys()].slice(before));
    for (const index of order) if (await versions.at(index)) return index;
    return undefined;
  };

  const handle = async (req: Request, res: Response, next: NextFunction) => {
    const { path } = req;
    const reading = req.method === 'GET' || req.method === 'HEAD';
    if (reading && path.startsWith(timemapPrefix)) {
      // `people/x.link` is `/people/x`'s; `people/index.link` is `/people/`'s.
      const stem = urls.basePath + path.slice(timemapPrefix.length).replace(/\.[^./]*$/, '');
      const original = [stem, stem.replace(/index$/, '')].find((p) => urls.timemap(p) === path && current.has(p));
      if (original === undefined) return next();
      const dates = revisions.flatMap((r, i) => (versions.isInvalid(i) ? [] : [r.date]));
      return send(req, res, answer(200, formats.timemap.mediaType, timemapOf(urls, original, dates, true), ['Cache-Control', DOCUMENT_CACHE, ...CORS]));
    }
    if (reading && path.startsWith(mementoPrefix)) {
      const named = /^(\d{14})\/(.*)$/s.exec(path.slice(mementoPrefix.length));
      // (Two commits in one second share a stamp: the later is the version in force.)
      const index = named ? revisions.map((r) => mementoStamp(r.date)).lastIndexOf(named[1]) : -1;
      const version = index < 0 ? undefined : await versions.at(index);
      if (!named || !version) return next();
      const original = urls.basePath + named[2];
      let app = apps.get(version);
      if (!app) { app = createApp(version); apps.set(version, app); }
      const query = req.url.indexOf('?');
      req.url = original + (query < 0 ? '' : req.url.slice(query));
      // The version's own answer, but for what makes it a memento: its date, its links, and where its variants are.
      const date = revisions[index].date;
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((status: number, headers?: unknown) => {
        const list: string[] = [];
        const given = Array.isArray(headers) ? headers as string[] : [];
        for (let i = 0; i < given.length; i += 2) {
          const [name, value] = [given[i], given[i + 1]];
          if (/^link$/i.test(name)) continue;
          list.push(name, /^content-location$/i.test(name) ? urls.memento(value, date) : value);
        }
        return writeHead(status, [...list, 'Memento-Datetime', date.toUTCString(), 'Link', links(original)]);
      }) as typeof res.writeHead;
      return app(req, res, next);
    }
    const asked = req.headers['accept-datetime'];
    if (reading && current.route(path)?.resource.negotiable) {
      if (asked === undefined) return varyingByDatetime(res, next);
      return timeGate(req, res, next, urls, path, String(asked), async (at) => {
        const index = await inForce(at);
        return index === undefined ? undefined : revisions[index].date;
      });
    }
    next();
  };
  return (req, res, next) => { handle(req, res, next).catch(next); };
}

/**
 * A built site's documents as TimeGates (`serve --site`), at their URLs and
 * at their suffix URLs in the formats a memento was built in, from the mementos
 * the build wrote (the manifest's `mementos`): the one in force at the date
 * asked is the newest not after it (a version that left the document as it
 * was has no memento of its own), or the oldest, for a date before them all.
 */
export function builtTimeGate(site: SiteFiles): RequestHandler {
  const urls = new SiteUrls(site.base);
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !site.manifest.mementos) return next();
    // A document's URL, or one of its suffix URLs in a format the mementos were built in.
    const route = site.route(req.path);
    if (!route?.resource.negotiable) return next();
    const original = route.resource.path;
    const dates = site.manifest.mementos.documents[original];
    if (!dates || !site.has(urls.memento(req.path, new Date(dates[0])))) return next();
    const asked = req.headers['accept-datetime'];
    if (asked === undefined) return varyingByDatetime(res, next);
    timeGate(req, res, next, urls, original, String(asked), (at) => {
      const times = dates.map((d) => new Date(d));
      return Promise.resolve(times.filter((d) => d.getTime() <= at).pop() ?? times[0]);
    }).catch(next);
  };
}

/**
 * The document's own answer, to a request without Accept-Datetime: as the
 * document is its own TimeGate, the header is one its answer varies by
 * (RFC 7089 §4.1.1), which a shared cache must know.
 */
function varyingByDatetime(res: Response, next: NextFunction): void {
  const writeHead = res.writeHead.bind(res);
  res.writeHead = ((status: number, headers?: unknown) => {
    const list = Array.isArray(headers) ? [...headers as string[]] : [];
    const vary = list.findIndex((name, i) => i % 2 === 0 && /^vary$/i.test(name));
    if (vary < 0) list.push('Vary', 'Accept-Datetime');
    else list[vary + 1] = `${list[vary + 1]}, Accept-Datetime`;
    return writeHead(status, list);
  }) as typeof res.writeHead;
  next();
}

/**
 * A TimeGate's answer: 302 to the memento `inForce` picks for the date
 * asked (of the URL asked, a document's or one of its suffix URLs), linked
 * to the `original`'s TimeMap; 400 for a date that is none.
 */
async function timeGate(req: Request, res: Response, next: NextFunction, urls: SiteUrls, original: string, asked: string, inForce: (at: number) => Promise<Date | undefined>): Promise<void> {
  const at = Date.parse(asked);
  if (Number.isNaN(at)) return send(req, res, errors.answer(new HttpError(400, 'Accept-Datetime must be an HTTP date, e.g. Thu, 01 Apr 2021 00:00:00 GMT'), undefined, undefined));
  const date = await inForce(at);
  if (date === undefined) return next();
  send(req, res, { status: 302, contentType: '', body: Buffer.alloc(0), headers: [
    'Location', urls.memento(req.path, date), 'Vary', 'accept-datetime', 'Link', linkHeader(mementoLinks(urls, original, true)),
    'Content-Length', '0', 'Cache-Control', DOCUMENT_CACHE, ...CORS] });
}
