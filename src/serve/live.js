// quire serve: live reload and the build-error overlay. Injected into HTML by `quire serve`
// only (never into `quire build` output). Waits on /__quire/poll (long-poll): reloads the
// page after a build that changed pages, swaps stylesheets after a CSS-only build, and shows
// or hides the overlay of errors (a failed build) or warnings (a good one). The page keeps its scroll position across reloads.
(() => {
  const boot = __QUIRE_BOOT__;
  if (window.__quireLive) return;
  window.__quireLive = boot;
  const scrollKey = 'quire-scroll:' + location.pathname;
  try {
    const saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      const [x, y] = saved.split(',').map(Number);
      const restore = () => window.scrollTo(x, y);
      restore();
      if (document.readyState !== 'complete') addEventListener('load', restore, { once: true });
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try {
      history.scrollRestoration = 'manual';
      sessionStorage.setItem(scrollKey, scrollX + ',' + scrollY);
    } catch (e) { /* reload anyway */ }
    location.reload();
  }

  function swapStyles(gen) {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set('quire-css', gen);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener('load', () => link.remove(), { once: true });
      fresh.addEventListener('error', () => fresh.remove(), { once: true });
      link.after(fresh);
    }
  }

  let host = null;
  // Errors: the build failed and this is the last good page. Warnings (broken links, for
  // one): the page is current, and the overlay says what to fix.
  function showProblems(errors, warnings) {
    const failed = errors.length > 0;
    const messages = failed ? errors : warnings;
    if (!messages.length) {
      if (host) host.remove();
      host = null;
      return;
    }
    if (!host) {
      host = document.createElement('div');
      host.id = 'quire-error-overlay';
      host.attachShadow({ mode: 'open' });
    }
    host.dataset.kind = failed ? 'errors' : 'warnings';
    const root = host.shadowRoot;
    root.replaceChildren();
    const style = document.createElement('style');
    style.textContent = `
      .box { position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh;
        overflow: auto; margin: 0; padding: 1rem 1.25rem; background: #2b0b0e; color: #ffe8e8;
        border-top: 4px solid #ff5a5f; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo,
        Consolas, monospace; box-shadow: 0 -4px 24px rgba(0,0,0,.4); }
      .box.warnings { background: #2b2108; color: #fff4d6; border-top-color: #e0a526; }
      h2 { font: 600 15px/1.4 system-ui, sans-serif; margin: 0 0 .5rem; }
      ol { margin: 0; padding-left: 1.5rem; }
      li { white-space: pre-wrap; overflow-wrap: anywhere; margin: .25rem 0; }
      button { position: absolute; top: .5rem; right: .75rem; background: none; border: 0;
        color: inherit; font-size: 20px; cursor: pointer; }`;
    const box = document.createElement('section');
    box.className = failed ? 'box' : 'box warnings';
    box.setAttribute('role', failed ? 'alert' : 'status');
    const title = document.createElement('h2');
    title.textContent = failed
      ? 'quire: the build failed; this is the last good version of the page'
      : 'quire: the site built with ' + messages.length +
        (messages.length === 1 ? ' warning' : ' warnings');
    const list = document.createElement('ol');
    for (const message of messages) {
      const item = document.createElement('li');
      item.textContent = message;
      list.append(item);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'Hide until the next build');
    close.textContent = '\u00d7';
    close.addEventListener('click', () => { host.remove(); });
    box.append(title, list, close);
    root.append(style, box);
    if (!host.isConnected) document.body.append(host);
  }

  // What this page has acted on: the last status version, the stylesheet generation.
  let handled = '';
  let css = boot.css;
  function handle(s) {
    if (s.instance !== boot.instance || s.page_gen > boot.page) return reload();
    if (String(s.version) !== handled) showProblems(s.errors, s.warnings || []);
    if (s.css_gen > css) {
      css = s.css_gen;
      swapStyles(css);
    }
    handled = String(s.version);
  }

  // One tab per site holds the long-poll (a Web Lock) and shares each answer with the
  // others (a BroadcastChannel): browsers allow six connections per host, so one poll per
  // open tab would stall page loads once six tabs are open. Without these APIs (an insecure
  // origin), every tab polls.
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('quire-live-reload') : null;
  async function poll() {
    let seen = '';
    let delay = 0;
    for (;;) {
      try {
        const r = await fetch('/__quire/poll?since=' + seen, { cache: 'no-store' });
        if (!r.ok) throw new Error('status ' + r.status);
        const s = await r.json();
        delay = 0;
        seen = String(s.version);
        if (channel) channel.postMessage(s);
        handle(s);
      } catch (e) {
        // The server restarted or stopped: retry, slower and slower.
        delay = Math.min(delay ? delay * 2 : 250, 2000);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
  if (channel && navigator.locks) {
    channel.onmessage = (e) => handle(e.data);
    // The current status at once (errors to show), without holding a connection.
    fetch('/__quire/poll', { cache: 'no-store' }).then((r) => r.json()).then(handle, () => {});
    navigator.locks.request('quire-live-reload', poll);
  } else {
    poll();
  }
})();
