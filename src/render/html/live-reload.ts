/**
 * What a page served by `lodfolio serve --watch` runs, at the end of its
 * body (never in a built site or under plain `serve`): it listens to the
 * server's event stream (http/events.ts), reloads the page when a new version
 * is published, and when a version is refused shows the problems, in the
 * words the server sends, in a box over the page until the next one is.
 * The stream's address is the script's `data-events`.
 *
 * A tab out of sight holds no connection: a browser keeps at most six to a
 * server over HTTP/1.1, and a seventh tab listening left every page waiting
 * for one. It listens again when shown, and reloads if a version was
 * published meanwhile (each stream opens with the version's number).
 */
export const LIVE_RELOAD_SCRIPT = `(() => {
  const address = document.currentScript.dataset.events;
  let events, seen, box;
  const reload = () => { events?.close(); events = undefined; location.reload(); };
  const listen = () => {
    events = new EventSource(address);
    events.addEventListener('version', (event) => {
      const { version } = JSON.parse(event.data);
      if (seen === undefined) seen = version; else if (version !== seen) reload();
    });
    events.addEventListener('published', reload);
    events.addEventListener('refused', refused);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) { events?.close(); events = undefined; } else if (!events) listen();
  });
  if (!document.hidden) listen();
  function refused(event) {
    const { heading, problems } = JSON.parse(event.data);
    box?.remove();
    box = document.createElement('aside');
    box.className = 'lodfolio-problems';
    box.setAttribute('role', 'alert');
    Object.assign(box.style, {
      position: 'fixed', inset: '1rem 1rem auto', zIndex: 2147483647, maxHeight: '80vh', overflow: 'auto', padding: '1rem',
      font: '0.9rem/1.4 ui-monospace, monospace', color: '#fff', background: '#8b1a1a', borderRadius: '0.5rem', whiteSpace: 'pre-wrap',
    });
    box.appendChild(document.createElement('p')).textContent = heading;
    const list = box.appendChild(document.createElement('ul'));
    for (const problem of problems) list.appendChild(document.createElement('li')).textContent = problem;
    document.body.append(box);
  }
})();`;
