// quire: theme toggle, copy buttons. No network, no dependencies.
(function () {
  "use strict";
  // Interface text in the site's language (assets/ui.js); keys stand in without it.
  var UI = window.quireUI || { text: function (k) { return k; }, count: function (k) { return k; } };
  var root = document.documentElement;

  function effectiveTheme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function syncToggle(btn) {
    var next = effectiveTheme() === "dark" ? "light" : "dark";
    var label = UI.text(next === "dark" ? "theme_to_dark" : "theme_to_light");
    btn.setAttribute("aria-label", label);
    btn.title = label;
  }
  document.querySelectorAll(".theme-toggle").forEach(function (btn) {
    syncToggle(btn);
    btn.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("quire-theme", next); } catch (e) { /* private mode */ }
      syncToggle(btn);
    });
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy") ? resolve() : reject(new Error("copy refused")); }
      catch (e) { reject(e); }
      finally { document.body.removeChild(area); }
    });
  }
  function flash(btn, label) {
    var old = btn.dataset.label || btn.textContent;
    btn.dataset.label = old;
    btn.textContent = label;
    btn.classList.add("copied");
    setTimeout(function () { btn.textContent = old; btn.classList.remove("copied"); }, 1500);
  }
  var live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)";
  document.body.appendChild(live);
  function announce(msg) { live.textContent = ""; setTimeout(function () { live.textContent = msg; }, 50); }

  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest(".copy-code, .copy-link");
    if (!btn) return;
    var text;
    if (btn.classList.contains("copy-code")) {
      var code = btn.closest(".code-example").querySelector("pre code");
      text = code.textContent;
    } else {
      text = location.href.split("#")[0] + "#" + btn.dataset.fragment;
    }
    copyText(text).then(function () {
      flash(btn, UI.text("copied"));
      announce(UI.text(btn.classList.contains("copy-code") ? "code_copied" : "link_copied"));
    }, function () { flash(btn, UI.text("press_ctrl_c")); });
  });
})();
