// quire: draws ```mermaid diagrams with the copy of Mermaid shipped beside this file.
// Loaded (by quire.js) only on pages that have a diagram. The source stays in the page: it
// is what shows without JavaScript, what the copy button copies, and what is redrawn when
// the theme changes.
(function () {
  "use strict";
  var UI = window.quireUI || { text: function (k) { return k; } };
  var root = document.documentElement;
  var here = document.currentScript && document.currentScript.src;
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.diagram"));
  if (!figures.length || !here) return;

  function theme() {
    if (root.dataset.theme) return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  figures.forEach(function (fig) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy-code";
    btn.textContent = UI.text("copy");
    btn.setAttribute("aria-label", UI.text("copy"));
    fig.insertBefore(btn, fig.firstChild);
  });
  var drawing = 0;
  function drawAll() {
    var run = ++drawing;
    var current = theme();
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: current === "dark" ? "dark" : "default",
      // Mermaid's dark edge labels sit on a mid grey that fails contrast checks.
      themeVariables: current === "dark" ? { edgeLabelBackground: "#1b1d21" } : {}
    });
    // One at a time: Mermaid renders through shared state.
    figures.reduce(function (done, fig, i) {
      return done.then(function () {
        if (run !== drawing) return;
        var source = fig.querySelector("pre code").textContent;
        return window.mermaid.render("quire-diagram-" + run + "-" + i, source).then(function (r) {
          var holder = fig.querySelector(".diagram-svg");
          if (!holder) {
            holder = document.createElement("div");
            holder.className = "diagram-svg";
            fig.insertBefore(holder, fig.querySelector("pre"));
          }
          holder.innerHTML = r.svg;
          fig.dataset.theme = current;
          fig.classList.add("drawn");
        }, function () {
          // A diagram Mermaid cannot read stays as its source.
          fig.classList.remove("drawn");
        });
      });
    }, Promise.resolve());
  }
  var script = document.createElement("script");
  script.src = new URL("mermaid/mermaid.min.js", here).href;
  script.onload = function () {
    drawAll();
    new MutationObserver(function () { if (theme() !== figures[0].dataset.theme) drawAll(); })
      .observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    if (window.matchMedia) {
      window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", drawAll);
    }
  };
  document.head.appendChild(script);
})();
