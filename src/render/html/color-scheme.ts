/**
 * The reader's switch between light and dark, on a site whose theme is
 * `auto` (site/settings.ts): the page follows the reader's system
 * (prefers-color-scheme) until the reader presses the header's "Dark mode"
 * button; the choice is kept in the browser (localStorage) for every page
 * of the site. The script is in the page's head, so a kept choice applies
 * before the page is painted; without JavaScript the button stays hidden
 * and the page follows the system. Its text has no `<` or `&`, so the page
 * reads the same as XHTML.
 */
export const COLOR_SCHEME_SCRIPT = `(function () {
  var root = document.documentElement, key = 'lodfolio-color-scheme', system = matchMedia('(prefers-color-scheme: dark)');
  var set = function (scheme) { if (scheme === 'light' || scheme === 'dark') root.style.colorScheme = scheme; };
  try { set(localStorage.getItem(key)); } catch (e) { /* no storage: the system's scheme */ }
  addEventListener('DOMContentLoaded', function () {
    var item = document.querySelector('header.site li.scheme'), button = item ? item.querySelector('button') : null;
    if (!button) return;
    var dark = function () { return root.style.colorScheme ? root.style.colorScheme === 'dark' : system.matches; };
    var show = function () { button.setAttribute('aria-pressed', String(dark())); };
    item.hidden = false;
    show();
    system.addEventListener('change', show);
    button.addEventListener('click', function () {
      var scheme = dark() ? 'light' : 'dark';
      set(scheme);
      try { localStorage.setItem(key, scheme); } catch (e) { /* kept for this page only */ }
      show();
    });
  });
})();`;
