import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { formats } from '../formats.js';
import { mementoLinks, timemapOf } from '../publish/mementos.js';
import type { PastVersions } from '../publish/versions.js';
import { linkHeader } from '../render/linkset.js';
import { DOCUMENT_CACHE, type Representations, type RouteSource } from '../publish/representations.js';
import { mementoStamp, type SiteUrls } from '../site/layout.js';
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
    if (reading && asked !== undefined && current.route(path)?.resource.negotiable) {
      const at = Date.parse(String(asked));
      if (Number.isNaN(at)) return send(req, res, errors.answer(new HttpError(400, 'Accept-Datetime must be an HTTP date, e.g. Thu, 01 Apr 2021 00:00:00 GMT'), undefined, undefined));
      const index = await inForce(at);
      if (index === undefined) return next();
      return send(req, res, { status: 302, contentType: '', body: Buffer.alloc(0), headers: [
        'Location', urls.memento(path, revisions[index].date), 'Vary', 'accept-datetime', 'Link', links(path),
        'Content-Length', '0', 'Cache-Control', DOCUMENT_CACHE, ...CORS] });
    }
    next();
  };
  return (req, res, next) => { handle(req, res, next).catch(next); };
}
