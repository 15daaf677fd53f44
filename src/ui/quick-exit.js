// The quick exit of the public contact pages (served at /assets/quick-exit.js, loaded with
// defer). Without this script the button is a plain link to a neutral site. With it, the click
// and Esc pressed twice leave with location.replace, so this page is replaced in the history
// and Back does not bring it back; the page is blanked first, so nothing lingers on screen.
(() => {
  const link = document.querySelector('a[data-quick-exit]');
  if (!link) return;
  const leave = () => {
    document.documentElement.style.visibility = 'hidden';
    document.title = '';
    window.location.replace(link.href);
  };
  link.addEventListener('click', (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    leave();
  });
  let lastEscape = 0;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = Date.now();
    if (now - lastEscape < 1500) leave();
    else lastEscape = now;
  });
})();
