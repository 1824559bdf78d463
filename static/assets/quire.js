// quire: theme toggle, copy buttons. No network, no dependencies.
(function () {
  "use strict";
  // Interface text in the site's language (assets/ui.js); keys stand in without it.
  var UI = window.quireUI || { text: function (k) { return k; }, count: function (k) { return k; } };
  var root = document.documentElement;
  // Diagrams: their script (and Mermaid, which it loads) come only to pages that have one,
  // from beside this file, so the site works from disk and at any sub-path.
  if (document.currentScript && document.querySelector("figure.diagram")) {
    var diagrams = document.createElement("script");
    diagrams.src = new URL("diagrams.js", document.currentScript.src).href;
    document.head.appendChild(diagrams);
  }

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

  // Code inside list items, quotes and answers (not one of the page's examples) gets its
  // copy button here.
  Array.prototype.forEach.call(document.querySelectorAll(".code-nested"), function (box) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy-code";
    btn.textContent = UI.text("copy");
    btn.setAttribute("aria-label", UI.text("copy_code").replace("{title}", box.getAttribute("data-lang") || ""));
    box.insertBefore(btn, box.firstChild);
  });
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest && ev.target.closest(".copy-code, .copy-link");
    if (!btn) return;
    var text;
    if (btn.classList.contains("copy-code")) {
      var code = btn.closest(".code-example, .diagram, .code-nested").querySelector("pre code");
      text = code.textContent;
    } else {
      // The question the button sits in (data-fragment: a template that names another).
      var target = btn.dataset.fragment || (btn.closest("[id]") || {}).id || "";
      text = location.href.split("#")[0] + (target ? "#" + target : "");
    }
    copyText(text).then(function () {
      flash(btn, UI.text("copied"));
      announce(UI.text(btn.classList.contains("copy-code") ? "code_copied" : "link_copied"));
    }, function () { flash(btn, UI.text("press_ctrl_c")); });
  });
  // Tabs (MDX <Tabs>/<TabItem>): the page holds every panel, each with its label, so all
  // of it reads without JavaScript and prints; here the labels become a tab list.
  var tabSets = document.querySelectorAll(".tabs");
  function selectTab(set, index, focus) {
    set.tabs.forEach(function (tab, i) {
      var on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      set.panels[i].hidden = !on;
    });
    if (focus) set.tabs[index].focus();
  }
  var sets = [];
  tabSets.forEach(function (box, n) {
    var panels = Array.prototype.filter.call(box.children, function (el) { return el.classList.contains("tab-panel"); });
    if (!panels.length) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var set = { box: box, tabs: [], panels: panels };
    var chosen = 0;
    panels.forEach(function (panel, i) {
      var label = panel.querySelector(".tab-label");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = "tabs-" + n + "-tab-" + i;
      if (!panel.id) panel.id = "tabs-" + n + "-panel-" + i;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.textContent = label ? label.textContent : (panel.dataset.value || String(i + 1));
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      if (panel.hasAttribute("data-default") || (box.dataset.defaultValue && panel.dataset.value === box.dataset.defaultValue)) chosen = i;
      tab.addEventListener("click", function () { choose(set, i, false); });
      list.appendChild(tab);
      set.tabs.push(tab);
    });
    list.addEventListener("keydown", function (ev) {
      var i = set.tabs.indexOf(document.activeElement);
      if (i < 0) return;
      var last = set.tabs.length - 1;
      var next = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      choose(set, next, true);
    });
    box.insertBefore(list, box.firstChild);
    box.classList.add("tabs-ready");
    selectTab(set, chosen, false);
    sets.push(set);
  });
  // Tabs of one group (`groupId`) show the same choice.
  function choose(set, index, focus) {
    selectTab(set, index, focus);
    var group = set.box.dataset.group;
    var value = set.panels[index].dataset.value;
    if (!group || !value) return;
    sets.forEach(function (other) {
      if (other === set || other.box.dataset.group !== group) return;
      var j = other.panels.findIndex(function (p) { return p.dataset.value === value; });
      if (j >= 0) selectTab(other, j, false);
    });
  }
})();
