// lodfolio: filters a list of works as the reader types. Without this script
// the box stays hidden and every work is shown; nothing else depends on it.
for (const box of document.querySelectorAll('p.filter')) {
  const input = box.querySelector('input');
  const scope = box.parentElement;
  box.hidden = false;
  input.addEventListener('input', () => {
    const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    for (const item of scope.querySelectorAll('li.work')) {
      const text = item.textContent.toLocaleLowerCase();
      item.hidden = !words.every((word) => text.includes(word));
    }
    // A year (and a kind) with nothing left to show goes too.
    for (const list of scope.querySelectorAll('ol.works')) {
      list.hidden = list.querySelector('li.work:not([hidden])') === null;
      const heading = list.previousElementSibling;
      if (heading && heading.classList.contains('year')) heading.hidden = list.hidden;
    }
    for (const kind of scope.querySelectorAll('.kind')) {
      let next = kind.nextElementSibling;
      let shown = false;
      while (next && !next.classList.contains('kind')) { if (next.matches('ol.works') && !next.hidden) shown = true; next = next.nextElementSibling; }
      kind.hidden = !shown;
    }
  });
}
