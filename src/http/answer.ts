import http from 'node:http';
import { documentFormats, offers, type ErrorBody } from '../formats.js';
import type { Words } from '../labels.js';
import { escape, render } from '../render/escape.js';
import { COLOR_SCHEME_SCRIPT, readerChoosesScheme } from '../render/html/color-scheme.js';
import { siteHeader } from '../render/html/page.js';
import type { FrameData } from '../render/writers.js';
import { logSent } from './log.js';
import { memoize, negotiate } from './negotiate.js';

/**
 * The one way a response is written, and the one way a failure becomes a
 * response. Anything that cannot be answered normally throws (or is) an
 * HttpError; the routes turn it into an Answer in a format the client
 * reads, and send it like any other.
 */

/** A failure with the status it should be answered with and a message for the person who caused it. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: readonly string[] = []) {
    super(message);
  }

  /** The reason phrase of the status: `Not Found`. */
  get reason(): string {
    return reasonPhrase(this.status);
  }
}

/** A complete response: sent as it is. */
export interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
  /** Every header, Content-Type and Content-Length included, as a flat name/value list. */
  headers: readonly string[];
}

/** Writes an answer (no body for HEAD), and logs it. */
export function send(req: http.IncomingMessage, res: http.ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, answer.headers as string[]);
  const head = req.method === 'HEAD';
  res.end(head ? undefined : answer.body);
  logSent(res, answer.status, head ? 0 : answer.body.length, answer.contentType);
}

/** An answer from its parts: Content-Type and Content-Length first, then `headers`. */
export function answer(status: number, contentType: string, body: Buffer, headers: readonly string[] = []): Answer {
  return { status, contentType, body, headers: ['Content-Type', contentType, 'Content-Length', String(body.length), ...headers] };
}

/** The reason phrase of a status, by RFC 9110's names where Node's table still has older ones. */
export function reasonPhrase(status: number): string {
  return status === 413 ? 'Content Too Large' : http.STATUS_CODES[status] ?? 'Error';
}

/** How an error reads in one media type; `context` is what the route knows about the request (a query). */
export interface ErrorFormat<C = void> {
  mediaType: string;
  contentType: string;
  body: (error: HttpError, context: C) => string;
}

/** Plain text: what every client can read, and the fallback when the client reads none of the others. */
export const plainError: ErrorFormat<unknown> = {
  mediaType: 'text/plain',
  contentType: 'text/plain; charset=utf-8',
  body: (e) => `${e.status} ${e.reason}: ${e.message}\n`,
};

/**
 * Errors in each format a document's client may ask for (formats.ts says
 * which reads how): a small page for browsers, an empty graph with a
 * comment for RDF clients, JSON for JSON clients, so a client never has to
 * parse a format it did not ask for. The page is in the site's language.
 */
export function documentErrorFormats(home: string, words: Words, frame: Partial<Pick<FrameData, 'siteName' | 'stylesheet' | 'nav' | 'settings'>> = {}): ErrorFormat[] {
  const language = escape(words.language);
  // As the site's pages are: its stylesheet (its colours), and its name linking home.
  // In the reader's light or dark, as chosen on the site's pages where the site leaves it to the reader (color-scheme.ts).
  const readerChooses = readerChoosesScheme(frame.settings?.theme);
  const head = `<meta name="viewport" content="width=device-width, initial-scale=1"/>${frame.stylesheet ? `<link rel="stylesheet" href="${escape(frame.stylesheet)}"/>` : ''}`
    + (readerChooses ? `<script>${COLOR_SCHEME_SCRIPT}</script>` : '');
  const header = frame.siteName ? `${render(siteHeader(home, frame.siteName, frame.nav ?? [], words, readerChooses))}\n` : '';
  // The page's title in the site's language; the other bodies, for programs, keep HTTP's reason phrase.
  const title = (e: HttpError) => escape(words.textOr(`error-title-${e.status}`, e.reason));
  const page = (e: HttpError) => `<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="${language}" xml:lang="${language}">\n` +
    `<head><meta charset="utf-8"/><title>${e.status} ${title(e)}</title>${head}</head>\n` +
    `<body>${header}<main id="main"><h1>${title(e)}</h1><p>${escape(e.message)}</p><p><a href="${escape(home)}">${escape(words.text('error-home'))}</a></p></main></body>\n</html>\n`;
  const bodies: Record<ErrorBody, (e: HttpError) => string> = {
    page,
    comment: (e) => `# ${e.status} ${e.reason}: ${e.message}\n`,
    json: (e) => `${JSON.stringify({ error: { status: e.status, title: e.reason, detail: e.message } }, null, 2)}\n`,
    'xml-comment': (e) => `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${e.status} ${e.reason}: ${e.message} -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n`,
  };
  return [
    ...offers(documentFormats).flatMap(({ mediaType, contentType, error }) => (error ? [{ mediaType, contentType, body: bodies[error] }] : [])),
    plainError,
  ];
}

/**
 * Turns errors into answers in the format the client prefers among
 * `formats` (plain text when it takes none of them). Error answers are
 * not to be cached (`no-store`) and vary with Accept.
 */
export class ErrorAnswers<C = void> {
  private readonly choose: (accept: string | undefined) => ErrorFormat<C>;

  constructor(private readonly formats: ReadonlyArray<ErrorFormat<C>>, private readonly common: readonly string[]) {
    const types = formats.map((f) => f.mediaType);
    this.choose = memoize((accept) => {
      const chosen = negotiate(accept, types);
      return chosen === undefined ? plainError : formats[types.indexOf(chosen)];
    });
  }

  answer(error: HttpError, accept: string | undefined, context: C): Answer {
    return this.answerIn(error, this.choose(accept), context);
  }

  /**
   * The answers to one fixed error in every format, made now, for the
   * errors a site gives often (404, 405): giving one is then a lookup.
   */
  prebuilt(error: HttpError, context: C): (accept: string | undefined) => Answer {
    const built = new Map<ErrorFormat<C>, Answer>([...this.formats, plainError].map((f) => [f, this.answerIn(error, f, context)]));
    return (accept) => built.get(this.choose(accept))!;
  }

  private answerIn(error: HttpError, format: ErrorFormat<C>, context: C): Answer {
    return answer(error.status, format.contentType, Buffer.from(format.body(error, context)),
      ['Cache-Control', 'no-store', 'Vary', 'Accept', ...error.headers, ...this.common]);
  }
}
