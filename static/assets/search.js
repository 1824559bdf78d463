// quire search: loads the sharded index (search/*.js) through <script> tags, so it works
// from file:// and under any sub-path; ranks in the browser (BM25F + proximity/phrase bonus,
// prefix on the last word, typo tolerance); drives the header combobox, the full results
// page (search.html?q=…) and the term highlighting on the page a result lands on.
// No network beyond the site's own files, no dependencies, no innerHTML.
(function () {
  "use strict";
  // Interface text in the site's language (assets/ui.js); keys stand in without it.
  var UI = window.quireUI || { text: function (k) { return k; }, count: function (k) { return k; } };

  var script = document.currentScript;
  var INDEX_BASE = new URL("../search/", script ? script.src : location.href).href;
  var SITE_BASE = new URL("../", script ? script.src : location.href).href;

  // ------------------------------------------------------------------ ranking parameters
  // Field weights: title > headings > question > text > code (src/search/index.rs FIELDS).
  var WEIGHTS = [8, 4, 3.5, 1.5, 1];
  var B = [0.5, 0.5, 0.6, 0.75, 0.75];
  var K1 = 1.2;
  var KIND_PRIOR = [0.9, 1, 1, 0.97];
  // Kinds of result: class names, and the keys of their labels.
  var KIND_CLASS = ["chapter", "section", "question", "example"];
  var MATCH = { exact: 1, stem: 0.9, part: 0.7, prefix: 0.75, typo1: 0.55, typo2: 0.4 };
  var NAME_FIELDS = [0, 2];
  var NAME_BONUS = 0.6;
  var EXACT_NAME_BONUS = 0.3;
  var MAX_TERM_CHARS = 64;
  var PREFIX_MAX_TERMS = 40;
  // Shards a prefix may load: a short prefix (as typed on the way to a word) matches terms in
  // its own shard only; longer ones look further.
  function prefixShardBudget(term) { var n = cpLen(term); return n <= 2 ? 1 : n === 3 ? 2 : 4; }

  // ------------------------------------------------------------------ index loading
  var store = Object.create(null);
  var waiting = Object.create(null);
  var loadedFiles = [];

  var api = (window.quireSearch = window.quireSearch || {});
  /** Called by every index file: `quireSearch.add(name, data)`. */
  api.add = function (name, data) {
    if (/^d\d/.test(name)) expandRows(data);
    store[name] = data;
    if (waiting[name]) waiting[name].resolve(data);
  };
  api.loaded = loadedFiles;
  /**
   * A document chunk's rows are written against the row before (the build's
   * `doc_chunk_json`): an address on the same page is only its `#fragment`; a crumb of 0 is
   * the crumb before, 1 the place of the row before (its crumb › its title).
   */
  function expandRows(rows) {
    for (var i = 1; i < rows.length; i++) {
      var prev = rows[i - 1], row = rows[i];
      if (row[1].charAt(0) === "#") row[1] = prev[1].split("#")[0] + row[1];
      if (row[3] === 0) row[3] = prev[3];
      else if (row[3] === 1) row[3] = prev[3] ? prev[3] + " \u203a " + prev[2] : prev[2];
    }
  }

  function load(name) {
    if (name in store) return Promise.resolve(store[name]);
    if (waiting[name]) return waiting[name].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var s = document.createElement("script");
      s.src = INDEX_BASE + name + ".js";
      s.async = true;
      s.onload = function () {
        if (!(name in store)) reject(new Error("search/" + name + ".js did not register"));
      };
      s.onerror = function () {
        delete waiting[name];
        reject(new Error("could not load search/" + name + ".js"));
      };
      loadedFiles.push(name);
      document.head.appendChild(s);
    });
    waiting[name] = entry;
    return entry.promise;
  }

  // ------------------------------------------------------------------ tokenizer
  // The same rules as src/search/tokenize.rs (the browser test compares both).
  var RE_WORD = /[\p{Alphabetic}\p{N}_]/u;
  var RE_ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var RE_LOWER = /\p{Lowercase}/u;
  var RE_UPPER = /\p{Uppercase}/u;
  var RE_NUM = /\p{N}/u;
  var RE_CJK = /[\u1100-\u11FF\u2E80-\u2FDF\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u31A0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7FF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{2FFFF}]/u;

  function isCjk(ch) { return RE_CJK.test(ch); }
  function isWordChar(ch) { return RE_WORD.test(ch) && !RE_CJK.test(ch); }
  function isJoiner(ch) { return ch === "." || ch === "'" || ch === "\u2019"; }
  function cpLen(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xdc00 || c > 0xdfff) n++; } return n; }
  function trimUnderscores(s) { return s.replace(/^_+|_+$/g, ""); }

  function camelParts(part) {
    var ch = Array.from(part);
    var cuts = [0];
    for (var k = 1; k < ch.length; k++) {
      var prev = ch[k - 1], cur = ch[k];
      var nextLower = k + 1 < ch.length && RE_LOWER.test(ch[k + 1]);
      var lowerToUpper = (RE_LOWER.test(prev) || RE_NUM.test(prev)) && RE_UPPER.test(cur);
      var acronymEnd = RE_UPPER.test(prev) && RE_UPPER.test(cur) && nextLower;
      if (lowerToUpper || acronymEnd) cuts.push(k);
    }
    if (cuts.length === 1) return [];
    cuts.push(ch.length);
    var out = [];
    for (var i = 0; i + 1 < cuts.length; i++) out.push(ch.slice(cuts[i], cuts[i + 1]).join(""));
    return out;
  }

  function compound(raw) {
    if (!RE_ALNUM.test(raw)) return null;
    raw = raw.replace(/\u2019/g, "'");
    var terms = [];
    var add = function (t) {
      t = t.toLowerCase();
      if (t && cpLen(t) <= MAX_TERM_CHARS && terms.indexOf(t) < 0) terms.push(t);
    };
    add(raw);
    var plain = raw.replace(/'/g, "");
    add(plain);
    plain.split(".").filter(Boolean).forEach(function (seg) {
      add(seg);
      var stripped = trimUnderscores(seg);
      add(stripped);
      stripped.split("_").filter(Boolean).forEach(function (part) {
        add(part);
        camelParts(part).forEach(add);
      });
    });
    return terms.length ? { terms: terms, raw: raw } : null;
  }

  /** Words of `text`: {terms, raw, start, end} with UTF-16 offsets into `text`. */
  function words(text) {
    var ch = Array.from(text);
    var off = [0];
    for (var j = 0; j < ch.length; j++) off.push(off[j] + ch[j].length);
    var out = [], i = 0, n = ch.length, s, k;
    while (i < n) {
      var c = ch[i];
      if (isCjk(c)) {
        s = i;
        while (i < n && isCjk(ch[i])) i++;
        if (i - s === 1) out.push({ terms: [c], raw: c, start: off[s], end: off[i] });
        else for (k = s; k + 1 < i; k++) out.push({ terms: [ch[k] + ch[k + 1]], raw: ch[k] + ch[k + 1], start: off[k], end: off[k + 2] });
      } else if (isWordChar(c)) {
        s = i++;
        for (;;) {
          while (i < n && isWordChar(ch[i])) i++;
          if (i + 1 < n && isJoiner(ch[i]) && isWordChar(ch[i + 1])) i++;
          else break;
        }
        var w = compound(ch.slice(s, i).join(""));
        if (w) { w.start = off[s]; w.end = off[i]; out.push(w); }
      } else i++;
    }
    return out;
  }

  // ------------------------------------------------------------------ English stemmer
  // Snowball English (Porter2), as in rust-stemmers; applied to ASCII-letter terms only.
  var EXC1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EXC2 = { inning: 1, outing: 1, canning: 1, herring: 1, earring: 1, proceed: 1, exceed: 1, succeed: 1 };
  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function shortV(w, c) {
    // A short syllable ending at c: non-vowel-but-wxY, vowel, non-vowel; or vowel + non-vowel at the start.
    if (c >= 3 && !isV(w[c - 1]) && "wxY".indexOf(w[c - 1]) < 0 && isV(w[c - 2]) && !isV(w[c - 3])) return true;
    return c === 2 && !isV(w[1]) && isV(w[0]);
  }
  function longest(w, list) {
    var best = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (w.length >= s.length && w.slice(w.length - s.length) === s && (!best || s.length > best.length)) best = s;
    }
    return best;
  }
  function hasVowel(w, from, to) { for (var i = from; i < to; i++) if (isV(w[i])) return true; return false; }
  var STEP2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
  var STEP3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];
  var STEP2_KEYS = Object.keys(STEP2), STEP3_KEYS = Object.keys(STEP3);

  function stem(word) {
    if (EXC1[word]) return EXC1[word];
    if (word.length < 3) return word;
    var w = word.charAt(0) === "'" ? word.slice(1) : word;
    var a = w.split(""), i, yFound = false;
    if (a[0] === "y") { a[0] = "Y"; yFound = true; }
    for (i = 1; i < a.length; i++) if (a[i] === "y" && isV(a[i - 1])) { a[i] = "Y"; yFound = true; }
    w = a.join("");
    // Regions.
    var p1 = w.length, p2 = w.length, m = /^(gener|commun|arsen)/.exec(w);
    if (m) p1 = m[0].length;
    else { i = 0; while (i < w.length && !isV(w[i])) i++; while (i < w.length && isV(w[i])) i++; if (i < w.length) p1 = i + 1; }
    if (p1 < w.length) { i = p1; while (i < w.length && !isV(w[i])) i++; while (i < w.length && isV(w[i])) i++; if (i < w.length) p2 = i + 1; }
    // Step 1a (with step 0).
    var s = longest(w, ["'", "'s", "'s'"]);
    if (s) w = w.slice(0, -s.length);
    s = longest(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s === "sses") w = w.slice(0, -2);
    else if (s === "ied" || s === "ies") w = w.slice(0, -3) + (w.length - 3 >= 2 ? "i" : "ie");
    else if (s === "s" && w.length >= 2 && hasVowel(w, 0, w.length - 2)) w = w.slice(0, -1);
    if (!EXC2[w]) {
      // Step 1b.
      s = longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
      if (s === "eed" || s === "eedly") {
        if (w.length - s.length >= p1) w = w.slice(0, -s.length) + "ee";
      } else if (s && hasVowel(w, 0, w.length - s.length)) {
        w = w.slice(0, -s.length);
        var t = longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
        if (t === "at" || t === "bl" || t === "iz") w += "e";
        else if (t) w = w.slice(0, -1);
        else if (w.length === p1 && shortV(w, w.length)) w += "e";
      }
      // Step 1c.
      var last = w[w.length - 1];
      if ((last === "y" || last === "Y") && w.length > 2 && !isV(w[w.length - 2])) w = w.slice(0, -1) + "i";
      // Step 2.
      s = longest(w, STEP2_KEYS);
      if (s && w.length - s.length >= p1) {
        var before = w[w.length - s.length - 1];
        if (s === "ogi") { if (before === "l") w = w.slice(0, -3) + "og"; }
        else if (s === "li") { if (before && "cdeghkmnrt".indexOf(before) >= 0) w = w.slice(0, -2); }
        else w = w.slice(0, -s.length) + STEP2[s];
      }
      // Step 3.
      s = longest(w, STEP3_KEYS);
      if (s && w.length - s.length >= p1) {
        if (s !== "ative" || w.length - s.length >= p2) w = w.slice(0, -s.length) + STEP3[s];
      }
      // Step 4.
      s = longest(w, STEP4);
      if (s && w.length - s.length >= p2) {
        if (s !== "ion") w = w.slice(0, -s.length);
        else { var b4 = w[w.length - 4]; if (b4 === "s" || b4 === "t") w = w.slice(0, -3); }
      }
      // Step 5.
      last = w[w.length - 1];
      var at = w.length - 1;
      if (last === "e" && (at >= p2 || (at >= p1 && !shortV(w, at)))) w = w.slice(0, -1);
      else if (last === "l" && at >= p2 && w[at - 1] === "l") w = w.slice(0, -1);
    }
    return yFound ? w.replace(/Y/g, "y") : w;
  }

  function stemTerm(t, meta) {
    return meta.stem && t.length >= 3 && /^[a-z]+$/.test(t) ? stem(t) : t;
  }

  // ------------------------------------------------------------------ index access
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT_VALUE = {};
  for (var d = 0; d < 64; d++) DIGIT_VALUE[DIGITS.charCodeAt(d)] = d;

  function decodeNumbers(s) {
    var out = [], value = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT_VALUE[s.charCodeAt(i)];
      value += (v & 31) * Math.pow(2, shift);
      if (v < 32) { out.push(value); value = 0; shift = 0; } else shift += 5;
    }
    return out;
  }

  /** Postings of a dictionary entry: [{doc, hits: [{f, len, tf, pos}]}], decoded once. */
  function postings(entry, meta) {
    if (entry.decoded) return entry.decoded;
    var nums = decodeNumbers(entry[1]), out = [], i = 0, doc = 0;
    while (i < nums.length) {
      doc += nums[i++];
      var nh = nums[i++], hits = [];
      for (var h = 0; h < nh; h++) {
        var fl = nums[i++], tf = nums[i++], npos = Math.min(tf, meta.p), pos = [], p = 0;
        for (var k = 0; k < npos; k++) { p += nums[i++]; pos.push(p); }
        var lc = fl & 63;
        hits.push({ f: fl >> 6, len: lc < 16 ? lc : 16 * Math.exp((lc - 16) / 4), tf: tf, pos: pos });
      }
      out.push({ doc: doc, hits: hits });
    }
    entry.decoded = out;
    return out;
  }

  function shardIndex(meta, term) {
    var lo = 0, hi = meta.t.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.t[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function loadShards(list) {
    return Promise.all(list.map(function (i) { return load("t" + i); }));
  }
  function range(a, b) { var r = []; for (var i = a; i <= b; i++) r.push(i); return r; }
  function entriesOf(i) { return store["t" + i] || []; }
  function findExact(meta, term) {
    var list = entriesOf(shardIndex(meta, term));
    var lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, t = list[mid][0];
      if (t === term) return list[mid];
      if (t < term) lo = mid + 1; else hi = mid - 1;
    }
    return null;
  }
  /** Every loaded entry whose term starts with `p`, in dictionary order. */
  function withPrefix(meta, p, shards) {
    var out = [];
    shards.forEach(function (i) {
      entriesOf(i).forEach(function (e) { if (e[0].lastIndexOf(p, 0) === 0) out.push(e); });
    });
    return out;
  }
  function prefixShards(meta, p, max) {
    var a = shardIndex(meta, p), b = shardIndex(meta, p + "\uffff");
    return range(a, Math.min(b, a + max - 1));
  }

  // Optimal string alignment distance, stopping early above `max`.
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  function typoBudget(term) { var n = cpLen(term); return n >= 8 ? 2 : n >= 4 ? 1 : 0; }

  // ------------------------------------------------------------------ query
  /** The fallback decomposition of a query word that matched nothing as a whole. */
  function fallbackParts(raw) {
    if (raw.indexOf(".") >= 0) return raw.split(".").filter(Boolean);
    var t = trimUnderscores(raw);
    if (t !== raw) return t ? [t] : [];
    if (raw.indexOf("_") >= 0) return raw.split("_").filter(Boolean);
    var plain = raw.replace(/'/g, "");
    if (plain !== raw) return [plain];
    return camelParts(raw);
  }

  /**
   * Candidate dictionary entries for one query word: [{entry, m}] with m the match quality
   * (exact 1 > stem > prefix > one typo > two typos). Loads the shards it needs.
   */
  function candidates(meta, term, isPrefix) {
    var st = stemTerm(term, meta);
    var roots = [st];
    if (st.length > 1 && st.charAt(st.length - 1) === "i") roots.push(st.slice(0, -1));
    var need = [shardIndex(meta, term)];
    roots.forEach(function (root) { need = need.concat(prefixShards(meta, root, 2)); });
    var prefixOk = isPrefix && (cpLen(term) >= 2 || isCjk(term));
    if (prefixOk) need = need.concat(prefixShards(meta, term, prefixShardBudget(term)));
    return loadShards(unique(need)).then(function () {
      var out = [], seen = Object.create(null);
      var push = function (e, m) { if (!seen[e[0]]) { seen[e[0]] = 1; out.push({ entry: e, m: m }); } };
      var exact = findExact(meta, term);
      if (exact) push(exact, MATCH.exact);
      roots.forEach(function (root) {
        withPrefix(meta, root, prefixShards(meta, root, 2)).forEach(function (e) {
          if ((e[2] || e[0]) === st) push(e, MATCH.stem);
        });
      });
      if (prefixOk) {
        var pre = withPrefix(meta, term, prefixShards(meta, term, prefixShardBudget(term)));
        pre.sort(function (a, b) { return a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1); });
        pre.slice(0, PREFIX_MAX_TERMS).forEach(function (e) {
          push(e, MATCH.prefix * (0.6 + 0.4 * term.length / e[0].length));
        });
      }
      if (out.length || typoBudget(term) === 0) return out;
      var home = shardIndex(meta, term);
      var near = range(Math.max(0, home - 1), Math.min(meta.t.length - 1, home + 1));
      return loadShards(near).then(function () {
        var budget = typoBudget(term);
        near.forEach(function (i) {
          entriesOf(i).forEach(function (e) {
            if (e[0].charAt(0) !== term.charAt(0)) return;
            var dist = editDistance(term, e[0], budget);
            if (dist > 0 && dist <= budget) push(e, dist === 1 ? MATCH.typo1 : MATCH.typo2);
          });
        });
        return out;
      });
    });
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  /** Query words, each {term, raw, cands}, with parts replacing words that match nothing. */
  function resolveWords(meta, query, prefixLast) {
    var ws = words(query);
    var jobs = ws.map(function (w, i) {
      var isLast = prefixLast && i === ws.length - 1;
      return resolveWord(meta, w.raw, w.terms[0], isLast, 0);
    });
    return Promise.all(jobs).then(function (lists) { return [].concat.apply([], lists); });
  }
  function resolveWord(meta, raw, term, isLast, depth) {
    return candidates(meta, term, isLast).then(function (cands) {
      if (cands.length || depth > 2) return [{ term: term, cands: cands }];
      var parts = fallbackParts(raw);
      if (!parts.length || (parts.length === 1 && parts[0] === raw)) return [{ term: term, cands: cands }];
      return Promise.all(parts.map(function (p, k) {
        var w = compound(p);
        if (!w) return [];
        return resolveWord(meta, w.raw, w.terms[0], isLast && k === parts.length - 1, depth + 1).then(function (list) {
          list.forEach(function (x) { x.cands.forEach(function (c) { c.m *= MATCH.part; }); });
          return list;
        });
      })).then(function (lists) { return [].concat.apply([], lists); });
    });
  }

  /**
   * Scores every document matching a query word: BM25F over the weighted fields (per query
   * word, its candidate terms pooled), times the idf-weighted share of the query it covers,
   * times the proximity/phrase and name bonuses and the kind prior. Returns
   * [{doc, score, terms}] (terms: the dictionary terms it matched, for marking), unsorted.
   */
  function rank(meta, qwords) {
    var N = meta.n, perDoc = new Map(), idfSum = 0;
    qwords.forEach(function (qw, wi) {
      if (!qw.cands.length) return;
      var union = new Set(), docScores = new Map();
      qw.cands.forEach(function (c) {
        postings(c.entry, meta).forEach(function (p) {
          union.add(p.doc);
          var tf = 0;
          for (var h = 0; h < p.hits.length; h++) {
            var hit = p.hits[h], f = hit.f;
            tf += WEIGHTS[f] * hit.tf / (1 - B[f] + B[f] * hit.len / meta.avg[f]);
          }
          var ds = docScores.get(p.doc);
          if (!ds) docScores.set(p.doc, (ds = { tf: 0, m: 0, hits: [] }));
          ds.tf += c.m * tf;
          if (c.m > ds.m) ds.m = c.m;
          ds.hits.push({ term: c.entry[0], hits: p.hits });
        });
      });
      var df = union.size;
      var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      qw.idf = idf;
      idfSum += idf;
      docScores.forEach(function (ds, doc) {
        var tf = ds.tf / ds.m;
        var s = ds.m * idf * (tf * (K1 + 1)) / (tf + K1);
        var acc = perDoc.get(doc);
        if (!acc) perDoc.set(doc, (acc = { doc: doc, bm25: 0, idf: 0, words: [], m: [] }));
        acc.bm25 += s;
        acc.idf += idf * ds.m;
        acc.words[wi] = ds.hits;
        acc.m[wi] = ds.m;
      });
    });
    var results = [];
    perDoc.forEach(function (acc) {
      var coverage = idfSum > 0 ? acc.idf / idfSum : 1;
      var prox = proximity(acc.words, qwords.length);
      var score = acc.bm25 * (0.2 + 0.8 * coverage * coverage) * (1 + prox) * nameBonus(acc, qwords, idfSum) * (KIND_PRIOR[+meta.k.charAt(acc.doc)] || 1);
      var terms = [];
      acc.words.forEach(function (list) { if (list) list.forEach(function (h) { if (terms.indexOf(h.term) < 0) terms.push(h.term); }); });
      results.push({ doc: acc.doc, score: score, terms: terms });
    });
    return results;
  }

  /**
   * A document's name (its title, or a question's prompt) says what it is about: the share of
   * the query found there lifts it, and a name that is nothing but the query lifts it more.
   */
  function nameBonus(acc, qwords, idfSum) {
    if (!(idfSum > 0)) return 1;
    var best = 0, exact = false;
    NAME_FIELDS.forEach(function (f) {
      var got = 0, n = 0, len = 0;
      acc.words.forEach(function (list, wi) {
        if (!list) return;
        var hit = null;
        list.forEach(function (th) { th.hits.forEach(function (h) { if (h.f === f) hit = h; }); });
        if (hit) { got += qwords[wi].idf * acc.m[wi]; n++; len = hit.len; }
      });
      if (got / idfSum > best) best = got / idfSum;
      if (n && n >= Math.round(len)) exact = true;
    });
    return 1 + NAME_BONUS * best + (exact ? EXACT_NAME_BONUS : 0);
  }

  /**
   * Bonus for query words close together in one field: per neighbouring pair of query words,
   * 1 when one directly follows the other (or shares its position, as the parts of a
   * compound do), else 1/distance; plus a phrase bonus when every pair is adjacent.
   */
  function proximity(wordHits, nWords) {
    if (nWords < 2) return 0;
    var byField = [];
    for (var w = 0; w < nWords; w++) {
      var lists = wordHits[w];
      if (!lists) continue;
      for (var t = 0; t < lists.length; t++) {
        var hits = lists[t].hits;
        for (var h = 0; h < hits.length; h++) {
          var f = hits[h].f;
          byField[f] = byField[f] || [];
          byField[f][w] = (byField[f][w] || []).concat(hits[h].pos);
        }
      }
    }
    var best = 0;
    byField.forEach(function (posByWord, f) {
      if (!posByWord) return;
      var pairs = 0, pairScore = 0, chain = true;
      for (var w = 0; w + 1 < nWords; w++) {
        var a = posByWord[w], b = posByWord[w + 1];
        if (!a || !b) { chain = false; continue; }
        pairs++;
        var g = gap(a, b);
        if (!g.adjacent) chain = false;
        pairScore += g.adjacent ? 1 : g.min <= 1 ? 0.8 : 1 / g.min;
      }
      var fw = WEIGHTS[f] / WEIGHTS[0];
      var s = (pairs ? pairScore / (nWords - 1) : 0) * (0.5 + 0.5 * fw) + (chain && pairs === nWords - 1 ? 0.6 : 0);
      if (s > best) best = s;
    });
    return best;
  }
  /** Smallest distance between positions of `a` and `b`, and whether some b follows some a by 0 or 1. */
  function gap(a, b) {
    a = a.slice().sort(numeric);
    b = b.slice().sort(numeric);
    var i = 0, j = 0, min = Infinity, adjacent = false;
    while (i < a.length && j < b.length) {
      var d = b[j] - a[i];
      if (d === 0 || d === 1) adjacent = true;
      if (Math.abs(d) < min) min = Math.abs(d);
      if (a[i] < b[j]) i++; else j++;
    }
    return { min: min, adjacent: adjacent };
  }
  function numeric(x, y) { return x - y; }

  function docChunk(meta, key, doc) {
    var starts = meta[key], i = starts.length - 1;
    while (i > 0 && starts[i] > doc) i--;
    return { name: key + i, offset: doc - starts[i] };
  }

  /**
   * Loads titles and URLs of `results`, in place; with `text`, the snippet text too (it
   * comes in the same file: one file per result, so few and bigger files cost no more).
   */
  function hydrate(meta, results, text) {
    var names = [];
    results.forEach(function (r) {
      r.d = docChunk(meta, "d", r.doc);
      if (names.indexOf(r.d.name) < 0) names.push(r.d.name);
    });
    return Promise.all(names.map(load)).then(function () {
      results.forEach(function (r) {
        var row = store[r.d.name][r.d.offset];
        r.kind = row[0]; r.url = row[1]; r.title = row[2]; r.crumb = row[3];
        if (text) r.text = row[4];
      });
      return results;
    });
  }
  /** Loads the snippet text of hydrated `results`, in place. */
  function loadText(results) {
    return getMeta().then(function (meta) { return hydrate(meta, results, true); });
  }
  api.loadText = loadText;

  var metaPromise = null;
  function getMeta() {
    if (!metaPromise) metaPromise = load("meta").catch(function (e) { metaPromise = null; throw e; });
    return metaPromise;
  }

  /**
   * Public entry point: ranked, hydrated results for `query` ({limit, prefix, text}); with
   * `text: false` the snippet text is left for `loadText` (the combobox loads it once the
   * reader pauses, so the words on the way do not fetch snippets).
   */
  function search(query, opts) {
    opts = opts || {};
    var limit = opts.limit || 10;
    var t0 = performance.now();
    return getMeta().then(function (meta) {
      return resolveWords(meta, query, opts.prefix !== false && !/\s$/.test(query)).then(function (qwords) {
        var t1 = performance.now();
        var results = rank(meta, qwords);
        results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        var total = results.length;
        results = results.slice(0, limit);
        var t2 = performance.now();
        return hydrate(meta, results, opts.text !== false).then(function (rs) {
          api.lastTiming = { resolve: t1 - t0, rank: t2 - t1, total: performance.now() - t0 };
          return { results: rs, total: total, words: qwords };
        });
      });
    });
  }
  api.search = search;
  api.tokenize = function (text) { return words(text).map(function (w) { return w.terms; }); };
  api.stem = stem;

  // ------------------------------------------------------------------ snippets and marks
  /** Appends `text` to `parent`, wrapping the words indexed under any of `terms` in <mark>. */
  function appendMarked(parent, text, termSet) {
    var ws = words(text), last = 0, count = 0;
    ws.forEach(function (w) {
      if (!w.terms.some(function (t) { return termSet.has(t); })) return;
      if (w.start > last) parent.appendChild(document.createTextNode(text.slice(last, w.start)));
      var m = document.createElement("mark");
      m.textContent = text.slice(w.start, w.end);
      parent.appendChild(m);
      last = w.end;
      count++;
    });
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return count;
  }

  /** Terms to mark: the matched dictionary terms plus the dotted segments of compounds. */
  function markSet(terms) {
    var set = new Set();
    terms.forEach(function (t) {
      set.add(t);
      if (t.indexOf(".") > 0) t.split(".").forEach(function (s) { if (s) set.add(s); });
    });
    return set;
  }

  var SNIPPET_CHARS = 180;
  /** Pause after the last keystroke before the combobox fetches snippet text. */
  var SNIPPET_DELAY_MS = 150;
  /** The window of `text` (whitespace collapsed) with the most distinct matched words. */
  function snippetText(text, termSet) {
    var flat = text.replace(/\s+/g, " ").trim();
    if (flat.length <= SNIPPET_CHARS) return flat;
    var ws = words(flat).filter(function (w) { return w.terms.some(function (t) { return termSet.has(t); }); });
    var start = 0;
    if (ws.length) {
      var bestI = 0, bestN = 0;
      for (var i = 0; i < ws.length; i++) {
        var seen = new Set();
        for (var j = i; j < ws.length && ws[j].end - ws[i].start < SNIPPET_CHARS - 40; j++) seen.add(ws[j].terms[0]);
        if (seen.size > bestN) { bestN = seen.size; bestI = i; }
      }
      start = Math.max(0, ws[bestI].start - 40);
      if (start > 0) { var sp = flat.indexOf(" ", start); start = sp >= 0 && sp < ws[bestI].start ? sp + 1 : start; }
    }
    var end = Math.min(flat.length, start + SNIPPET_CHARS);
    if (end < flat.length) { var sp2 = flat.lastIndexOf(" ", end); if (sp2 > start + 60) end = sp2; }
    return (start > 0 ? "… " : "") + flat.slice(start, end) + (end < flat.length ? " …" : "");
  }

  function resultHref(r, terms) {
    var url = new URL(r.url, SITE_BASE);
    if (terms.length) url.search = "?highlight=" + encodeURIComponent(terms.join(" "));
    return url.href;
  }

  /** The inner parts of one result (shared by the combobox and the results page). */
  function fillResult(el, r) {
    var set = markSet(r.terms);
    var head = document.createElement("span");
    head.className = "sr-head";
    var kind = document.createElement("span");
    kind.className = "sr-kind sr-kind-" + KIND_CLASS[r.kind];
    kind.textContent = UI.text("kind_" + KIND_CLASS[r.kind]);
    var title = document.createElement("span");
    title.className = "sr-title";
    appendMarked(title, r.title, set);
    head.appendChild(kind);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(title);
    el.appendChild(head);
    if (r.crumb) {
      var crumb = document.createElement("span");
      crumb.className = "sr-crumb";
      crumb.textContent = r.crumb;
      el.appendChild(crumb);
    }
    appendSnippet(el, r);
  }
  function appendSnippet(el, r) {
    var set = markSet(r.terms);
    var snip = snippetText(r.text || "", set);
    if (!snip) return;
    var sn = document.createElement("span");
    sn.className = "sr-snippet" + (r.kind === 3 ? " sr-code" : "");
    appendMarked(sn, snip, set);
    el.appendChild(sn);
  }

  // ------------------------------------------------------------------ header combobox
  // The popup, its live status and the combobox roles are made here, not in every page:
  // without this script the field is a plain form that opens search.html, and nothing
  // should announce a list that will never fill. (A page that has them already keeps them.)
  function makeCombobox(input) {
    var form = input.form;
    if (!form) return null;
    var popup = document.createElement("div");
    popup.className = "search-popup";
    popup.hidden = true;
    var listbox = document.createElement("div");
    listbox.id = "search-listbox";
    listbox.className = "search-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", UI.text("search_results"));
    var footer = document.createElement("p");
    footer.className = "search-footer";
    var count = document.createElement("span");
    count.className = "search-count";
    var more = document.createElement("a");
    more.className = "search-more";
    more.setAttribute("href", form.getAttribute("action") || "search.html");
    more.hidden = true;
    more.textContent = UI.text("all_results");
    footer.appendChild(count);
    footer.appendChild(document.createTextNode(" "));
    footer.appendChild(more);
    popup.appendChild(listbox);
    popup.appendChild(footer);
    var status = document.createElement("span");
    status.className = "search-status search-sr";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(popup);
    form.appendChild(status);
    var attrs = { role: "combobox", "aria-expanded": "false", "aria-controls": listbox.id,
      "aria-autocomplete": "list", "aria-haspopup": "listbox" };
    Object.keys(attrs).forEach(function (k) { input.setAttribute(k, attrs[k]); });
    return listbox;
  }

  function initCombobox(input) {
    var listbox = document.getElementById(input.getAttribute("aria-controls") || "") || makeCombobox(input);
    var popup = listbox && listbox.closest(".search-popup");
    var form = input.form;
    var status = form && form.querySelector(".search-status");
    var count = popup && popup.querySelector(".search-count");
    var more = popup && popup.querySelector(".search-more");
    if (!listbox || !popup) return;
    var active = -1, seq = 0, options = [];

    function open(yes) {
      popup.hidden = !yes;
      input.setAttribute("aria-expanded", yes ? "true" : "false");
      if (!yes) setActive(-1);
    }
    function setActive(i) {
      options.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && options[i]) {
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function setStatus(text) {
      if (status) status.textContent = text;
      if (count) count.textContent = text;
    }
    function render(query, res, mine) {
      listbox.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      res.results.forEach(function (r, i) {
        var a = document.createElement("a");
        a.id = listbox.id + "-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.className = "search-result";
        a.href = resultHref(r, r.terms);
        a.tabIndex = -1;
        fillResult(a, r);
        a.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
        listbox.appendChild(a);
        options.push(a);
      });
      var n = res.total;
      setStatus(n ? UI.count("results_count", n) + (n > options.length ? UI.text("results_showing", { n: options.length }) : "") : UI.text("no_results", { query: query.trim() }));
      if (more) {
        more.hidden = n === 0;
        more.href = SITE_BASE + "search.html?q=" + encodeURIComponent(query.trim());
      }
      listbox.dataset.query = query;
      listbox.dataset.state = "ready";
      open(true);
      // Snippets: at once when their text is loaded, else once the reader pauses.
      var fill = function () {
        if (mine !== seq) return;
        loadText(res.results).then(function () {
          if (mine !== seq) return;
          res.results.forEach(function (r, i) { if (options[i]) appendSnippet(options[i], r); });
          listbox.dataset.snippets = "ready";
        }, function () { /* results stay, without snippets */ });
      };
      listbox.dataset.snippets = "loading";
      var cached = res.results.every(function (r) { return r.d && r.d.name in store; });
      if (cached) fill(); else setTimeout(fill, SNIPPET_DELAY_MS);
    }
    function run() {
      var query = input.value;
      var mine = ++seq;
      if (!query.trim()) { listbox.textContent = ""; options = []; listbox.dataset.query = ""; open(false); return; }
      listbox.dataset.state = "loading";
      search(query, { limit: 8, text: false }).then(function (res) {
        if (mine === seq) render(query, res, mine);
      }, function (err) {
        if (mine !== seq) return;
        listbox.textContent = "";
        options = [];
        setStatus(UI.text("search_unavailable", { error: err.message }));
        listbox.dataset.state = "error";
        open(true);
      });
    }
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { getMeta().catch(function () {}); if (input.value.trim() && options.length) open(true); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (popup.hidden) { if (input.value.trim()) { open(true); } return; }
        ev.preventDefault();
        if (!options.length) return;
        var n = options.length;
        setActive(ev.key === "ArrowDown" ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
      } else if (ev.key === "Enter") {
        if (active >= 0 && options[active]) {
          ev.preventDefault();
          location.href = options[active].href;
        }
      } else if (ev.key === "Escape") {
        if (!popup.hidden) { ev.preventDefault(); open(false); }
        else if (input.value) { ev.preventDefault(); input.value = ""; }
        else input.blur();
      } else if (ev.key === "Tab") open(false);
    });
    document.addEventListener("pointerdown", function (ev) {
      if (!popup.hidden && !popup.contains(ev.target) && ev.target !== input) open(false);
    });
    return input;
  }

  // ------------------------------------------------------------------ results page
  function initResultsPage(list) {
    var form = document.querySelector(".search-page-form");
    var input = form && form.querySelector("input[name=q]");
    var status = document.getElementById("search-page-status");
    var seq = 0;
    function run(push) {
      var query = input ? input.value : "";
      var mine = ++seq;
      list.textContent = "";
      if (push) history.replaceState(null, "", query.trim() ? "?q=" + encodeURIComponent(query.trim()) : location.pathname);
      if (!query.trim()) { status.textContent = UI.text("search_type"); list.dataset.query = ""; return; }
      list.dataset.state = "loading";
      search(query, { limit: 50, prefix: !!push }).then(function (res) {
        if (mine !== seq) return;
        res.results.forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.className = "search-result";
          a.href = resultHref(r, r.terms);
          fillResult(a, r);
          li.appendChild(a);
          list.appendChild(li);
        });
        var n = res.total;
        status.textContent = n ? UI.count("results_for", n, { query: query.trim() }) + (n > res.results.length ? UI.text("results_top", { n: res.results.length }) : "") : UI.text("no_results", { query: query.trim() });
        list.dataset.query = query;
        list.dataset.state = "ready";
      }, function (err) {
        if (mine === seq) { status.textContent = UI.text("search_unavailable", { error: err.message }); list.dataset.state = "error"; }
      });
    }
    var q = new URLSearchParams(location.search).get("q") || "";
    if (input) {
      input.value = q;
      input.addEventListener("input", function () { run(true); });
    }
    if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
    run(false);
  }

  // ------------------------------------------------------------------ landing highlight
  function highlightLanding() {
    var params = new URLSearchParams(location.search);
    var raw = params.get("highlight");
    if (!raw) return;
    var set = markSet(raw.split(/\s+/).filter(Boolean).map(function (t) { return t.toLowerCase(); }));
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    var scope = scopeOf(target || document.querySelector("main") || document.body);
    var marked = 0;
    scope.forEach(function (node) {
      var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
        acceptNode: function (t) {
          var p = t.parentNode;
          return p && /^(SCRIPT|STYLE|MARK|BUTTON)$/.test(p.nodeName) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        }
      });
      var texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (t) {
        if (marked > 500) return;
        var frag = document.createDocumentFragment();
        var n = appendMarked(frag, t.nodeValue, set);
        if (n) { marked += n; frag.querySelectorAll("mark").forEach(function (m) { m.className = "search-hl"; }); t.parentNode.replaceChild(frag, t); }
      });
    });
    params.delete("highlight");
    var rest = params.toString();
    try { history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash); } catch (e) { /* file:// in some browsers */ }
    document.documentElement.dataset.searchMarked = String(marked);
  }
  /** A heading's section (the heading and what follows up to the next heading of its level or higher), else the element. */
  function scopeOf(el) {
    var m = /^H([1-6])$/.exec(el.nodeName);
    if (!m) return [el];
    var level = +m[1], out = [el], n = el.nextElementSibling;
    while (n) {
      var h = /^H([1-6])$/.exec(n.nodeName);
      if (h && +h[1] <= level) break;
      out.push(n);
      n = n.nextElementSibling;
    }
    return out;
  }

  // ------------------------------------------------------------------ keyboard and start
  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.nodeName));
  }
  function start() {
    var input = document.getElementById("search-input");
    if (input) initCombobox(input);
    var list = document.getElementById("search-page-results");
    if (list) initResultsPage(list);
    highlightLanding();
    document.addEventListener("keydown", function (ev) {
      var target = list ? document.getElementById("search-page-input") || input : input;
      if (!target) return;
      var k = ev.key;
      if ((k === "k" || k === "K") && (ev.ctrlKey || ev.metaKey) && !ev.altKey) {
        ev.preventDefault();
        target.focus();
        target.select();
      } else if (k === "/" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !isTyping(document.activeElement)) {
        ev.preventDefault();
        target.focus();
        target.select();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
