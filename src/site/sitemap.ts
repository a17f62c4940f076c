/**
 * Crawlers' view of the site: a sitemap (https://www.sitemaps.org/protocol.html)
 * of every HTML document, and a robots.txt that points at it.
 */

export interface SitemapEntry {
  url: string;
  lastModified: Date;
}

export function buildSitemap(entries: readonly SitemapEntry[]): string {
  const urls = entries.map((e) =>
    `  <url><loc>${escapeXml(e.url)}</loc><lastmod>${e.lastModified.toISOString().slice(0, 10)}</lastmod></url>\n`);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    `${urls.join('')}</urlset>\n`;
}

/** robots.txt lives at the origin's root whatever the base path; the sitemap under the base. */
export function buildRobots(sitemapUrl: string): string {
  return `# Everything here is public and meant to be read.\nUser-agent: *\nAllow: /\n\nSitemap: ${sitemapUrl}\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
