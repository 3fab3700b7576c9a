// Dossier search: filters the index built with the site (search/index.js, loaded before this
// file) in the browser. No network, no dependencies; works from file:// too.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  var data = window.dossierSearchIndex;
  if (!data || !data.docs) {
    status.textContent = "The search index could not be loaded.";
    return;
  }
  var LABELS = { briefing: "Briefing", actor: "Actor", quote: "Quote", question: "Question", judgment: "Key judgment", source: "Source" };
  var WEIGHT = { briefing: 4, actor: 3, judgment: 2, source: 2, question: 2, quote: 1 };
  var LIMIT = 50;
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var docs = data.docs.map(function (d) {
    return { type: d[0], title: d[1], url: d[2], excerpt: d[3], t: fold(d[1]), all: fold(d[1] + " " + d[3] + " " + d[4]) };
  });
  function search(q) {
    var terms = fold(q).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!terms.length) return null;
    var hits = [];
    docs.forEach(function (d, i) {
      var score = 0;
      for (var k = 0; k < terms.length; k++) {
        if (d.all.indexOf(terms[k]) < 0) return;
        score += d.t.indexOf(terms[k]) >= 0 ? 10 : 1;
      }
      hits.push({ d: d, score: score * 10 + (WEIGHT[d.type] || 0), i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits;
  }
  function show(q) {
    list.textContent = "";
    var hits = search(q);
    if (hits === null) {
      status.textContent = "";
      return;
    }
    hits.slice(0, LIMIT).forEach(function (h) {
      var li = document.createElement("li");
      var type = document.createElement("span");
      type.className = "result-type";
      type.textContent = (LABELS[h.d.type] || h.d.type) + ":";
      var a = document.createElement("a");
      a.href = h.d.url;
      a.textContent = h.d.title;
      li.append(type, " ", a);
      if (h.d.excerpt) {
        var p = document.createElement("p");
        p.textContent = h.d.excerpt;
        li.append(p);
      }
      list.append(li);
    });
    var n = hits.length;
    status.textContent = n === 0
      ? "No results for \u201c" + q + "\u201d."
      : n + (n === 1 ? " result" : " results") + " for \u201c" + q + "\u201d" + (n > LIMIT ? ", showing the first " + LIMIT : "") + ".";
  }
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    show(input.value);
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    } catch (err) {
      // Some browsers refuse history changes on file:// pages; the results are shown anyway.
    }
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    show(initial);
  }
})();
