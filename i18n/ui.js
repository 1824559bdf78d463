// Interface text for quire's scripts (assets/ui.js = this file after the site's texts):
// quireUI.text(key, vars) and quireUI.count(key, n, vars) fill `{name}` slots; a count picks
// the plural form of the language with Intl.PluralRules.
(function (ui) {
  "use strict";
  function fill(s, vars) {
    return String(s).replace(/\{(\w+)\}/g, function (m, k) {
      return vars && Object.prototype.hasOwnProperty.call(vars, k) ? String(vars[k]) : m;
    });
  }
  function lookup(key) {
    return Object.prototype.hasOwnProperty.call(ui.t, key) ? ui.t[key] : key;
  }
  ui.text = function (key, vars) {
    var s = lookup(key);
    return fill(typeof s === "object" ? s.other : s, vars);
  };
  ui.count = function (key, n, vars) {
    var s = lookup(key);
    var form = s;
    if (typeof s === "object") {
      var cat = "other";
      try { cat = new Intl.PluralRules(ui.lang).select(n); } catch (e) { /* old browser */ }
      form = Object.prototype.hasOwnProperty.call(s, cat) ? s[cat] : s.other;
    }
    var all = { n: n };
    Object.keys(vars || {}).forEach(function (k) { all[k] = vars[k]; });
    return fill(form, all);
  };
})(window.quireUI);
