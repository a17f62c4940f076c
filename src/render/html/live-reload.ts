/**
 * What a page served by `lodfolio serve --watch` runs, at the end of its
 * body (never in a built site or under plain `serve`): it listens to the
 * server's event stream (http/events.ts), reloads the page when a new version
 * is published, and when a version is refused shows the problems, in the
 * words the server sends, in a box over the page until the next one is.
 * The stream's address is the script's `data-events`.
 */
export const LIVE_RELOAD_SCRIPT = `(() => {
  const events = new EventSource(document.currentScript.dataset.events);
  let box;
  events.addEventListener('published', () => location.reload());
  events.addEventListener('refused', (event) => {
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
  });
})();`;
