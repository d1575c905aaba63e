// Progressive enhancement: the page works without this module.
const box = document.getElementById('q');
const list = document.getElementById('suggestions');

// "/" focuses the search box, unless the user is typing somewhere.
document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
  if (e.key === '/' && !typing && box) {
    e.preventDefault();
    box.focus();
    box.select();
  }
});

// The date control's inputs belong to the search form; left empty, they stay out of the URL.
document.getElementById('search-form')?.addEventListener('formdata', (e) => {
  for (const name of ['from', 'to']) if (e.formData.get(name) === '') e.formData.delete(name);
});

// Autocomplete: a combobox listing /api/suggest completions, driven by the arrow keys.
if (box && list) {
  let items = [];
  let active = -1;
  let timer = 0;
  let last = '';
  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    box.setAttribute('aria-expanded', 'false');
    box.removeAttribute('aria-activedescendant');
    items = [];
    active = -1;
  };
  const show = (values) => {
    list.replaceChildren();
    items = values.map((v, i) => {
      const li = document.createElement('li');
      li.id = `sugg-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = v;
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(v);
      });
      list.append(li);
      return li;
    });
    active = -1;
    list.hidden = items.length === 0;
    box.setAttribute('aria-expanded', String(items.length > 0));
  };
  const highlight = (i) => {
    items.forEach((li, k) => li.setAttribute('aria-selected', String(k === i)));
    active = i;
    if (i >= 0) box.setAttribute('aria-activedescendant', items[i].id);
    else box.removeAttribute('aria-activedescendant');
  };
  const pick = (value) => {
    box.value = value;
    close();
    box.form?.requestSubmit();
  };
  box.addEventListener('input', () => {
    clearTimeout(timer);
    const q = box.value;
    if (q.trim().length < 2) return close();
    timer = setTimeout(async () => {
      last = q;
      try {
        const res = await fetch(`/api/suggest?q=${encodeURIComponent(q)}`);
        if (!res.ok || box.value !== last) return;
        show(await res.json());
      } catch {
        close();
      }
    }, 120);
  });
  box.addEventListener('keydown', (e) => {
    if (list.hidden || items.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight((active + 1) % items.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      pick(items[active].textContent ?? '');
    } else if (e.key === 'Escape') {
      close();
    }
  });
  box.addEventListener('blur', () => setTimeout(close, 100));
}

// Release page: jump between matches with the links or the n / p keys.
const marks = [...document.querySelectorAll('.body mark[id], h1 mark')].filter((m) => m.id);
if (marks.length) {
  let at = -1;
  const go = (step) => {
    marks[at]?.classList.remove('current');
    at = (at + step + marks.length) % marks.length;
    const m = marks[at];
    m.classList.add('current');
    m.scrollIntoView({ block: 'center' });
    history.replaceState(null, '', `#${m.id}`);
  };
  document.querySelectorAll('[data-nav]').forEach((a) =>
    a.addEventListener('click', (e) => {
      e.preventDefault();
      go(a.getAttribute('data-nav') === 'prev' ? -1 : 1);
    }),
  );
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === 'n' || e.key === 'j') go(1);
    else if (e.key === 'p' || e.key === 'k') go(-1);
  });
}
