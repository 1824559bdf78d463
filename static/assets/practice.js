// quire practice.js: "Show answer" buttons, share-link copying, practice mode and study
// sets. Loaded by the questions page, the share pages (q/*.html) and study.html.
// No network: practice progress stays in this browser (localStorage), a study set lives
// in the page address (study.html#set=key,key&answers=hidden).
(function () {
  "use strict";
  // Interface text in the site's language (assets/ui.js); keys stand in without it.
  var UI = window.quireUI || { text: function (k) { return k; }, count: function (k) { return k; } };
  var doc = document;

  function $(sel, root) { return (root || doc).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); }

  var live = doc.createElement("div");
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
  doc.body.appendChild(live);
  function announce(msg) { live.textContent = ""; setTimeout(function () { live.textContent = msg; }, 50); }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }
  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      try { if (doc.execCommand("copy")) resolve(); else reject(new Error("copy refused")); }
      catch (e) { reject(e); }
      finally { doc.body.removeChild(area); }
    });
  }
  function flash(btn, label) {
    var old = btn.dataset.label || btn.textContent;
    btn.dataset.label = old;
    btn.textContent = label;
    setTimeout(function () { btn.textContent = old; }, 1500);
  }
  function copyLink(btn, href) {
    var url = new URL(href, location.href);
    copyText(url.href).then(function () {
      flash(btn, UI.text("copied"));
      announce(UI.text("link_copied"));
    }, function () { flash(btn, UI.text("press_ctrl_c")); });
  }

  // ---------------------------------------------------------------- show / hide answers

  var practicing = false;

  function setRevealed(btn, open) {
    var panel = doc.getElementById(btn.getAttribute("aria-controls"));
    if (!panel) return;
    panel.hidden = !open;
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    btn.textContent = UI.text(open ? "hide_answer" : "show_answer");
    var item = btn.closest(".qp-item");
    var mark = item && $(".qp-mark", item);
    if (mark) mark.hidden = !(open && practicing);
  }

  doc.addEventListener("click", function (ev) {
    var target = ev.target;
    if (!target.closest) return;
    var btn = target.closest("button.reveal");
    if (btn) {
      var open = btn.getAttribute("aria-expanded") !== "true";
      if (open && practicing) {
        // Practice: one answer at a time.
        $all("button.reveal[aria-expanded=true]").forEach(function (b) { setRevealed(b, false); });
      }
      setRevealed(btn, open);
      return;
    }
    var copy = target.closest("button.copy-share");
    if (copy) copyLink(copy, copy.dataset.href || location.href.split("#")[0]);
  });

  // ---------------------------------------------------------------- controls made here

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }
  function revealButton(controls, describedBy) {
    return el("button", { type: "button", "class": "reveal", "aria-expanded": "false",
      "aria-controls": controls, "aria-describedby": describedBy }, UI.text("show_answer"));
  }

  // The questions page ships each question as its link, share link and (hidden) answer; the
  // study-set box, "Show answer", copy-link and practice-mark buttons only work with this
  // script, so this script adds them.
  function enhanceQuestion(li) {
    var key = li.dataset.key;
    var head = $(".qp-head", li);
    var link = $("a", head);
    var title = link ? link.textContent : key;
    var box = el("input", { type: "checkbox", "class": "study-pick", value: key,
      "data-title": title, "aria-label": UI.text("add_to_study_set", { title: title }) });
    head.insertBefore(doc.createTextNode(" "), head.firstChild);
    head.insertBefore(box, head.firstChild);
    var tools = $(".q-tools", li);
    var share = $(".q-share", tools);
    tools.insertBefore(doc.createTextNode(" "), tools.firstChild);
    tools.insertBefore(revealButton("qa-" + key, "qt-" + key), tools.firstChild);
    if (share) {
      tools.appendChild(doc.createTextNode(" "));
      tools.appendChild(el("button", { type: "button", "class": "copy-share",
        "data-href": share.getAttribute("href") }, UI.text("copy_link")));
    }
    var mark = el("p", { "class": "qp-mark", hidden: "" });
    mark.appendChild(el("button", { type: "button", "data-mark": "knew", "aria-pressed": "false" }, UI.text("knew_it")));
    mark.appendChild(doc.createTextNode(" "));
    mark.appendChild(el("button", { type: "button", "data-mark": "review", "aria-pressed": "false" }, UI.text("review_again")));
    li.appendChild(mark);
  }

  // ---------------------------------------------------------------- practice mode

  function storageKey() { return "quire-practice:" + location.pathname.replace(/[^/]*$/, ""); }
  function loadMarks() {
    // Keys are question ids, which may be any word ("constructor", "__proto__"): the marks
    // live in an object without a prototype, so that no id reads or sets an inherited field.
    var marks = Object.create(null);
    try {
      var saved = JSON.parse(localStorage.getItem(storageKey()) || "{}");
      if (saved && typeof saved === "object") {
        Object.keys(saved).forEach(function (k) { if (typeof saved[k] === "string") marks[k] = saved[k]; });
      }
    } catch (e) { /* unreadable: start afresh */ }
    return marks;
  }
  function saveMarks(marks) {
    try { localStorage.setItem(storageKey(), JSON.stringify(marks)); } catch (e) { /* private mode */ }
  }

  function initPractice(bar) {
    var marks = loadMarks();
    var items = $all(".qp-item");
    if (!items.length) { bar.hidden = true; return; }
    var homes = items.map(function (li) { return li.parentNode; });
    var groups = $all(".qp-group");
    var toggle = $(".practice-toggle", bar);
    var shuffleBtn = $(".practice-shuffle", bar);
    var chapterSel = $(".practice-chapter", bar);
    var filterSel = $(".practice-filter", bar);
    var progress = $(".practice-progress", bar);
    var shuffled = null;

    function paint(li) {
      var m = marks[li.dataset.key];
      if (m) li.dataset.mark = m; else delete li.dataset.mark;
      $all(".qp-mark button", li).forEach(function (b) {
        b.setAttribute("aria-pressed", b.dataset.mark === m ? "true" : "false");
      });
    }
    function update() {
      var chapter = chapterSel.value;
      var filter = filterSel.value;
      var shown = 0, knew = 0, review = 0;
      items.forEach(function (li) {
        var m = marks[li.dataset.key] || "new";
        if (m === "knew") knew++;
        if (m === "review") review++;
        var visible = (!chapter || li.dataset.chapter === chapter) && (!filter || filter === m);
        li.classList.toggle("is-filtered", !visible);
        if (visible) shown++;
      });
      groups.forEach(function (g) {
        var any = $all(".qp-item", g).some(function (li) { return !li.classList.contains("is-filtered"); });
        var off = shuffled !== null || (chapter && g.dataset.chapter !== chapter) || (filter && !any);
        g.classList.toggle("is-filtered", Boolean(off));
      });
      progress.textContent = UI.text("practice_progress", { knew: knew, review: review,
        "new": items.length - knew - review, shown: shown, total: items.length });
    }
    function visibleItems() {
      return $all(".qp-item").filter(function (li) {
        return !li.classList.contains("is-filtered") && !li.closest(".is-filtered");
      });
    }

    toggle.addEventListener("click", function () {
      practicing = !practicing;
      toggle.setAttribute("aria-pressed", practicing ? "true" : "false");
      doc.body.classList.toggle("practicing", practicing);
      $all("button.reveal").forEach(function (b) { setRevealed(b, false); });
      announce(UI.text(practicing ? "practice_on" : "practice_off"));
    });

    shuffleBtn.addEventListener("click", function () {
      if (shuffled) {
        items.forEach(function (li, i) { homes[i].appendChild(li); });
        shuffled.parentNode.removeChild(shuffled);
        shuffled = null;
        shuffleBtn.setAttribute("aria-pressed", "false");
        announce(UI.text("chapter_order"));
      } else {
        var order = items.slice();
        for (var i = order.length - 1; i > 0; i--) {
          var j = Math.floor(Math.random() * (i + 1));
          var t = order[i]; order[i] = order[j]; order[j] = t;
        }
        shuffled = doc.createElement("section");
        shuffled.className = "qp-shuffled";
        shuffled.setAttribute("aria-labelledby", "qp-shuffled-title");
        shuffled.appendChild(el("h2", { id: "qp-shuffled-title" }, UI.text("all_shuffled")));
        shuffled.appendChild(el("ol", { "class": "question-list qp-list" }));
        var list = $("ol", shuffled);
        order.forEach(function (li) { list.appendChild(li); });
        groups[0].parentNode.insertBefore(shuffled, groups[0]);
        shuffleBtn.setAttribute("aria-pressed", "true");
        announce(UI.text("shuffled"));
      }
      update();
    });

    chapterSel.addEventListener("change", update);
    filterSel.addEventListener("change", update);
    $(".practice-reset", bar).addEventListener("click", function () {
      if (!window.confirm(UI.text("reset_confirm"))) return;
      marks = Object.create(null);
      saveMarks(marks);
      items.forEach(paint);
      update();
      announce(UI.text("progress_reset"));
    });

    doc.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest(".qp-mark button");
      if (!b) return;
      var li = b.closest(".qp-item");
      marks[li.dataset.key] = b.dataset.mark;
      saveMarks(marks);
      paint(li);
      update();
      announce(UI.text(b.dataset.mark === "knew" ? "marked_known" : "marked_review"));
      var visible = visibleItems();
      var next = visible[visible.indexOf(li) + 1];
      var reveal = next && $("button.reveal", next);
      if (reveal) reveal.focus();
    });

    items.forEach(paint);
    update();
  }

  // ---------------------------------------------------------------- study-set builder

  function initBuilder(builder) {
    var chosen = [];
    var titles = new Map();
    var list = $(".study-chosen", builder);
    var open = $(".study-open", builder);

    function link() {
      var checked = $("input[name=study-answers]:checked", builder);
      return "study.html#set=" + chosen.map(encodeURIComponent).join(",") +
        "&answers=" + (checked ? checked.value : "hidden");
    }
    function render() {
      list.textContent = "";
      chosen.forEach(function (key) {
        var li = doc.createElement("li");
        li.appendChild(doc.createTextNode((titles.get(key) || key) + " "));
        var remove = doc.createElement("button");
        remove.type = "button";
        remove.className = "study-remove";
        remove.dataset.key = key;
        remove.textContent = UI.text("remove");
        remove.setAttribute("aria-label", UI.text("remove_from_study_set", { title: titles.get(key) || key }));
        li.appendChild(remove);
        list.appendChild(li);
      });
      // An empty set opens the page's instructions (and is no fragment link).
      open.href = chosen.length ? link() : "study.html";
      open.textContent = chosen.length
        ? UI.count("open_study_set_count", chosen.length)
        : UI.text("open_study_set");
    }
    function pick(box) {
      var i = chosen.indexOf(box.value);
      if (box.checked && i < 0) {
        chosen.push(box.value);
        titles.set(box.value, box.dataset.title);
      } else if (!box.checked && i >= 0) {
        chosen.splice(i, 1);
      }
    }
    function boxesFor(key) {
      return $all("input.study-pick").filter(function (b) { return b.value === key; });
    }

    // Boxes the browser restored on reload count too, in page order.
    $all("input.study-pick").forEach(function (box) { if (box.checked) pick(box); });
    doc.addEventListener("change", function (ev) {
      var box = ev.target;
      if (box.classList && box.classList.contains("study-pick")) {
        pick(box);
        announce(UI.text("in_study_set", { n: chosen.length }));
      }
      if (box.classList && box.classList.contains("study-pick") || box.name === "study-answers") render();
    });
    builder.addEventListener("click", function (ev) {
      var remove = ev.target.closest && ev.target.closest(".study-remove");
      if (!remove) return;
      boxesFor(remove.dataset.key).forEach(function (b) { b.checked = false; pick(b); });
      render();
      announce(UI.text("removed_from_set", { n: chosen.length }));
    });
    $(".study-copy", builder).addEventListener("click", function (ev) {
      if (!chosen.length) { announce(UI.text("tick_first")); return; }
      copyLink(ev.currentTarget, link());
    });
    $(".study-clear", builder).addEventListener("click", function () {
      $all("input.study-pick").forEach(function (b) { b.checked = false; });
      chosen = [];
      render();
      announce(UI.text("study_cleared"));
    });
    render();
  }

  // ---------------------------------------------------------------- study page

  // Markup made by the build (a question's prompt, an answer), as nodes.
  function fragment(html) {
    var t = doc.createElement("template");
    t.innerHTML = html;
    return t.content;
  }

  // A study item from its data (study/<n>.js): a question gets ids, "Show answer" and its
  // share link; a section gets "Read", its link and the list of its questions.
  function studyItem(data, key) {
    var li = el("li", { "class": "study-item", "data-key": key });
    var prompt = el("h2", { "class": "study-prompt" });
    if (data[0] === "q") {
      li.classList.add("study-question");
      prompt.id = "st-" + key;
      prompt.appendChild(fragment(data[1]));
      li.appendChild(prompt);
      var where = el("p", { "class": "where" });
      where.appendChild(el("a", { href: data[4] }, data[2] + (data[3] ? " › " + data[3] : "")));
      li.appendChild(where);
      var answer = el("div", { "class": "study-answer", id: "sa-" + key });
      answer.appendChild(fragment(data[6]));
      answer.hidden = true;
      var tools = el("p", { "class": "q-tools" });
      tools.appendChild(revealButton(answer.id, prompt.id));
      tools.appendChild(doc.createTextNode(" "));
      tools.appendChild(el("a", { "class": "q-share", href: data[5] }, UI.text("share")));
      li.appendChild(tools);
      li.appendChild(answer);
      return li;
    }
    li.classList.add("study-section");
    li.appendChild(el("p", { "class": "study-kind" }, UI.text("read")));
    var link = el("a", { href: data[3] });
    link.appendChild(fragment(data[1]));
    prompt.appendChild(link);
    li.appendChild(prompt);
    li.appendChild(el("p", { "class": "where" }, data[2]));
    if (data[4].length) {
      li.appendChild(el("p", {}, UI.text("questions_in_section")));
      var ul = el("ul");
      data[4].forEach(function (q) {
        var a = el("a", { href: q[0] });
        a.appendChild(fragment(q[1]));
        var item = el("li");
        item.appendChild(a);
        ul.appendChild(item);
      });
      li.appendChild(ul);
    }
    return li;
  }

  // The data file (study/<n>.js, of `shards`) that holds `key`: FNV-1a over its UTF-16 code
  // units, as the build computes it.
  function studyShard(key, shards) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % shards;
  }

  // The keys a study set names, as written in the address.
  function studyKeys() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    return (params.get("set") || "").split(",").map(function (k) { return k.trim(); }).filter(Boolean);
  }

  function renderStudy(listEl, pool, aliases) {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var keys = studyKeys();
    var shown = params.get("answers") === "shown";
    var title = params.get("title");
    var missing = [];
    var seen = new Set();
    var questions = 0, sections = 0;
    listEl.textContent = "";
    keys.forEach(function (key) {
      var k = pool.has(key) ? key : aliases.get(key);
      if (!k || !pool.has(k)) { missing.push(key); return; }
      if (seen.has(k)) return;
      seen.add(k);
      var node = studyItem(pool.get(k), k);
      if (node.classList.contains("study-question")) questions++; else sections++;
      listEl.appendChild(node);
    });
    $all("button.reveal", listEl).forEach(function (b) { setRevealed(b, shown); });

    var heading = $(".study-title");
    var name = title ? UI.text("study_set_titled", { title: title }) : UI.text("study_set");
    heading.textContent = name;
    doc.title = name + " · " + doc.title.split(" · ").slice(-1)[0];

    var missingBox = $(".study-missing");
    missingBox.hidden = missing.length === 0;
    missingBox.textContent = missing.length === 0 ? "" :
      UI.count("study_missing", missing.length, { items: missing.join(", ") });

    var count = questions + sections;
    $(".study-summary").textContent = count === 0 ? "" :
      UI.count("study_items", count) + ": " + UI.count("study_questions", questions) +
      (sections ? ", " + UI.count("study_sections", sections) : "") +
      ". " + UI.text(shown ? "study_answers_shown" : "study_answers_hidden");
    $(".study-empty").hidden = keys.length > 0;
    var toolbar = $(".study-toolbar");
    toolbar.hidden = questions === 0;
    var all = $(".study-all", toolbar);
    all.setAttribute("aria-pressed", shown ? "true" : "false");
    all.textContent = UI.text(shown ? "hide_all_answers" : "show_all_answers");
  }

  function initStudy(listEl) {
    // Keyed by item ids, which may be any word ("constructor", "__proto__"): Maps, so that
    // no id finds an inherited field of a plain object.
    var pool = new Map();
    var shards = Math.max(1, parseInt(listEl.getAttribute("data-shards"), 10) || 1);
    var loaded = {};
    var inFlight = 0;
    var aliases = new Map();
    var aliasData = doc.getElementById("quire-study-aliases");
    if (aliasData) {
      try {
        var parsed = JSON.parse(aliasData.textContent) || {};
        Object.keys(parsed).forEach(function (k) {
          if (typeof parsed[k] === "string") aliases.set(k, parsed[k]);
        });
      } catch (e) { /* no aliases */ }
    }
    window.quireStudy = function (n, items) {
      Object.keys(items).forEach(function (k) { pool.set(k, items[k]); });
    };
    // Loads the data files the set needs (script elements: they work from disk too), then
    // shows the set; a file that fails to load leaves its items reported as missing.
    function show() {
      var need = {};
      studyKeys().forEach(function (key) {
        [key, aliases.get(key)].forEach(function (k) {
          if (k) need[studyShard(k, shards)] = true;
        });
      });
      Object.keys(need).forEach(function (n) {
        if (loaded[n]) return;
        loaded[n] = true;
        inFlight++;
        var script = doc.createElement("script");
        script.src = "study/" + n + ".js";
        script.onload = script.onerror = function () {
          if (--inFlight === 0) renderStudy(listEl, pool, aliases);
        };
        doc.head.appendChild(script);
      });
      if (inFlight === 0) renderStudy(listEl, pool, aliases);
    }
    show();
    window.addEventListener("hashchange", show);
    $(".study-all").addEventListener("click", function (ev) {
      var btn = ev.currentTarget;
      var open = btn.getAttribute("aria-pressed") !== "true";
      $all("button.reveal", listEl).forEach(function (b) { setRevealed(b, open); });
      btn.setAttribute("aria-pressed", open ? "true" : "false");
      btn.textContent = UI.text(open ? "hide_all_answers" : "show_all_answers");
    });
  }

  $all(".qp-item").forEach(enhanceQuestion);
  var bar = $(".practice-bar");
  if (bar) initPractice(bar);
  var builder = $(".study-builder");
  if (builder) initBuilder(builder);
  var studyList = $(".study-list");
  if (studyList) initStudy(studyList);
})();
