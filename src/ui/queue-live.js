// The shared queue, live (served at /assets/queue-live.js, loaded with defer). On each "queue"
// event of the server's event stream the list is fetched again with the page's own filters
// (?fragment=1) and swapped in, and the change is announced in the polite live region. While
// focus is inside the list (choosing an assignee) the swap waits until focus leaves it.
// Without this script the page works the same, with its Refresh link.
(() => {
  const live = document.getElementById('queue-live');
  if (!live || !window.EventSource || !window.fetch) return;
  const url = new URL(location.href);
  url.searchParams.delete('done');
  url.searchParams.set('fragment', '1');
  const rowIds = (el) => Array.from(el.querySelectorAll('[data-qa="queue-row"]'), (row) => row.id);
  let busy = false;
  let waiting = false;

  const say = (text) => {
    live.textContent = '';
    setTimeout(() => {
      live.textContent = text;
    }, 50);
  };

  const refresh = async () => {
    const list = document.getElementById('queue-list');
    if (!list) return;
    if (busy || list.contains(document.activeElement)) {
      waiting = true;
      return;
    }
    busy = true;
    waiting = false;
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'text/html' } });
      const tpl = document.createElement('template');
      tpl.innerHTML = res.ok ? await res.text() : '';
      const fresh = tpl.content.getElementById('queue-list');
      if (fresh) {
        const before = new Set(rowIds(list));
        const added = rowIds(fresh).some((id) => !before.has(id));
        list.replaceWith(fresh);
        say(added ? live.dataset.msgNew : live.dataset.msgUpdated);
      }
    } catch {
      // the next event, or the Refresh link, tries again
    } finally {
      busy = false;
      if (waiting) setTimeout(refresh, 500);
    }
  };

  let opened = false;
  const events = new EventSource('/api/contacts/events');
  events.addEventListener('queue', refresh);
  // after a dropped stream reconnects, changes may have been missed
  events.addEventListener('open', () => {
    if (opened) refresh();
    opened = true;
  });
  document.addEventListener('focusout', () => {
    if (waiting) setTimeout(refresh, 0);
  });
})();
