import type { SiteSettings } from '../../site/settings.js';

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
/** Whether the reader chooses light or dark: on a site whose theme is `auto` (the default), not one its owner fixed. */
export function readerChoosesScheme(theme: SiteSettings['theme'] | undefined): boolean {
  return theme === undefined || theme === 'auto';
}

export const COLOR_SCHEME_SCRIPT = [
  // The root's scheme: the choice kept, else none (the stylesheet's, the system's).
  "(function(){var r=document.documentElement,k='lodfolio-color-scheme',m=matchMedia('(prefers-color-scheme: dark)');",
  "function set(s){if(s==='light'||s==='dark')r.style.colorScheme=s}try{set(localStorage.getItem(k))}catch(e){}",
  // Once the header is there: the button shown, pressed when the page is dark; a press keeps the other scheme.
  "addEventListener('DOMContentLoaded',function(){var i=document.querySelector('header.site li.scheme'),b=i?i.querySelector('button'):null;if(!b)return;",
  "function dark(){return r.style.colorScheme?r.style.colorScheme==='dark':m.matches}function show(){b.setAttribute('aria-pressed',String(dark()))}",
  "i.hidden=false;show();m.addEventListener('change',show);",
  "b.addEventListener('click',function(){var s=dark()?'light':'dark';set(s);try{localStorage.setItem(k,s)}catch(e){}show()})})})();",
].join('');
