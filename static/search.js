// Dossier search: runs in the browser on the index built with the site. No network beyond the
// site's own files, no dependencies; works from file:// too, because every file of the index
// is a script (browsers refuse fetch on pages opened from disk).
//
// A briefing's text is not copied into the index: the excerpt around a word deep in it is cut
// from the briefing's page (its element marked `data-search-text`), loaded when the result
// scrolls into view. Opened from disk, where pages cannot be loaded, such a result shows its
// title and summary alone.
//
// search/index.js (the manifest, loaded before this file) says how the index is split. A
// query is split into words as the index was (the rules of src/render/search/words.rs), each
// word's shard (search/t/<first two characters>.js) is loaded, and the entries holding every
// word are ranked by BM25: the shards carry each entry's weight for a term (title > summary >
// body), and this file multiplies it by the term's rarity. Only then are the chunks of the
// shown results (search/d/<n>.js) loaded, for their titles, links and excerpts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-search]");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  var index = window.dossierSearchIndex;
  if (!index || index.version !== 2) {
    status.textContent = "The search index could not be loaded.";
    return;
  }
  var LIMIT = 50;
  var EXCERPT = 160;
  // Where the index's files are: beside the manifest.
  var manifest = document.querySelector("script[data-search-index]");
  var base = manifest ? manifest.src.replace(/[^/]*$/, "") : "";
  var fileOf = {};
  index.shards.forEach(function (k, i) { fileOf[k] = index.files[i]; });

  // Words, as src/render/search/words.rs makes them.
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var LETTER = /\p{Alphabetic}/u;
  var ACCENT = /[\u0300-\u036f]/g;
  function ideograph(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2ffff);
  }
  function wordChar(c) { return c !== undefined && WORD.test(c) && !ideograph(c); }
  function letter(c) { return c !== undefined && LETTER.test(c) && !ideograph(c); }
  // Each word of `text` as { w: folded word, start, end } (offsets in UTF-16 units).
  function words(text) {
    var chars = Array.from(text);
    var out = [];
    var w = "", n = 0, segment = 0, wasLetter = false, start = 0, pos = 0;
    function end(at) {
      if (w && n <= index.longest) out.push({ w: w.toLowerCase(), start: start, end: at });
      w = ""; n = 0; segment = 0;
    }
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], next = chars[i + 1];
      if (wordChar(c)) {
        if (!w) start = pos;
        w += c.normalize("NFD").replace(ACCENT, "");
        n++; segment++; wasLetter = LETTER.test(c);
      } else if (/[\u0300-\u036f]/.test(c) && w) {
        // A combining accent inside a word is dropped.
      } else if ((c === "'" || c === "\u2019") && w && letter(next)) {
        w += "'"; n++; segment = 0;
      } else if (c === "." && segment === 1 && wasLetter && letter(next) && !wordChar(chars[i + 2])) {
        w += "."; n++; segment = 0;
      } else {
        end(pos);
        if (ideograph(c)) {
          start = pos; w = c.normalize("NFD"); n = 1;
          end(pos + c.length);
        }
      }
      pos += c.length;
    }
    end(pos);
    return out;
  }

  // Scripts of the index, each loaded once; a file calls back with its data.
  var waiting = {};
  var loaded = {};
  function load(path) {
    if (loaded[path]) return loaded[path];
    loaded[path] = new Promise(function (resolve, reject) {
      waiting[path] = resolve;
      var s = document.createElement("script");
      s.src = base + path;
      s.onerror = function () { delete loaded[path]; reject(new Error("could not load " + path)); };
      document.head.appendChild(s);
    });
    return loaded[path];
  }
  window.dossierSearch = {
    terms: function (key, terms) { var f = waiting["t/" + fileOf[key] + ".js"]; if (f) f(terms); },
    docs: function (c, data) { var f = waiting["d/" + c + ".js"]; if (f) f(data); },
    // The words of a text as the index has them (compared with the index's own in a test).
    words: function (text) { return words(text).map(function (x) { return x.w; }); }
  };
  function shard(key) {
    return key in fileOf ? load("t/" + fileOf[key] + ".js") : Promise.resolve({});
  }
  var chunks = {};
  function chunk(c) {
    if (!chunks[c]) {
      chunks[c] = load("d/" + c + ".js").then(function (b64) {
        var bin = atob(b64), bytes = new Uint8Array(bin.length);
        for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
        return new Response(stream).text().then(JSON.parse);
      });
    }
    return chunks[c];
  }
  function entry(n) {
    var c = 0;
    while (c + 1 < index.chunks.length && index.chunks[c + 1] <= n) c++;
    return chunk(c).then(function (rows) {
      var r = rows[n - index.chunks[c]];
      // text: what an excerpt is cut from; "" for none, null for the text of the entry's page.
      return { n: n, kind: r[0], title: r[1], url: r[2], summary: r[3], text: r[4] };
    });
  }

  // Postings: per entry, the distance from the previous one (base-32 digits, the upper 32 of
  // the alphabet carrying five more bits), then its weight in quarter points.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  function postings(s) {
    var out = new Map(), doc = -1, i = 0;
    while (i < s.length) {
      var gap = 0, shift = 0, d;
      while ((d = DIGITS.indexOf(s[i++])) >= 32) { gap += (d - 32) * Math.pow(2, shift); shift += 5; }
      gap += d * Math.pow(2, shift);
      doc += gap;
      out.set(doc, DIGITS.indexOf(s[i++]) / 4);
    }
    return out;
  }
  // Endings a word may carry and still be the same word: "sanction" finds "sanctions" and
  // "sanctioned", "Korea" finds "Korea's"; "war" does not find "warfare".
  var ENDINGS = /^(?:s|es|'s|ed|d|ing|er|ers|ly)$/;
  // The terms of `terms` a query word matches: itself and its inflections; a word that is no
  // term of the index (a word still being typed) as a prefix.
  function matches(word, terms) {
    var found = [];
    Object.keys(terms).forEach(function (t) {
      if (t === word || (t.startsWith(word) && ENDINGS.test(t.slice(word.length)))) found.push(t);
    });
    if (found.length === 0 && Array.from(word).length >= 3) {
      Object.keys(terms).forEach(function (t) { if (t.startsWith(word)) found.push(t); });
    }
    return found;
  }
  function search(q) {
    var qs = [];
    words(q).forEach(function (x) { if (qs.indexOf(x.w) < 0) qs.push(x.w); });
    if (!qs.length) return Promise.resolve(null);
    return Promise.all(qs.map(function (w) { return shard(Array.from(w).slice(0, 2).join("")); })).then(function (shards) {
      var scores = null, terms = [], groups = [];
      qs.forEach(function (w, i) {
        var hits = new Map();
        var found = matches(w, shards[i]);
        groups.push(found);
        found.forEach(function (t) {
          terms.push(t);
          postings(shards[i][t]).forEach(function (weight, doc) {
            hits.set(doc, Math.max(hits.get(doc) || 0, weight));
          });
        });
        var idf = Math.log(1 + (index.total - hits.size + 0.5) / (hits.size + 0.5));
        var next = new Map();
        hits.forEach(function (weight, doc) {
          if (scores === null || scores.has(doc)) next.set(doc, (scores ? scores.get(doc) : 0) + idf * weight);
        });
        scores = next;
      });
      var ranked = Array.from(scores.keys());
      ranked.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
      return { ranked: ranked, terms: terms, groups: groups };
    });
  }

  // `text` into `el`, each word that is one of `terms` in a <mark>.
  function marked(el, text, terms) {
    var at = 0;
    words(text).forEach(function (x) {
      if (terms.indexOf(x.w) < 0) return;
      el.append(text.slice(at, x.start));
      var m = document.createElement("mark");
      m.textContent = text.slice(x.start, x.end);
      el.append(m);
      at = x.end;
    });
    el.append(text.slice(at));
    return el;
  }
  // The part of `text` around its first word that is one of `terms`, or "".
  function excerpt(text, terms) {
    var ws = words(text);
    var hit = ws.findIndex(function (x) { return terms.indexOf(x.w) >= 0; });
    if (hit < 0) return "";
    var from = ws[Math.max(0, hit - 8)].start;
    var to = from + EXCERPT;
    if (to < text.length) {
      var space = text.lastIndexOf(" ", to);
      to = space > ws[hit].end ? space : Math.max(to, ws[hit].end);
    } else {
      to = text.length;
    }
    return (from > 0 ? "\u2026" : "") + text.slice(from, to) + (to < text.length ? "\u2026" : "");
  }
  // The text of the page at `url` as a reader sees it: its element marked `data-search-text`,
  // without what the index leaves out (code, citation and quote markers, captions); "" when
  // the page cannot be loaded (from disk, or offline).
  var pages = {};
  var SKIP = "pre, script, style, template, figcaption, sup.note-ref, .quote-ref, .visually-hidden";
  function pageText(url) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var el = doc.querySelector("[data-search-text]");
        if (!el) return "";
        el.querySelectorAll(SKIP).forEach(function (x) { x.remove(); });
        return el.textContent.replace(/\s+/g, " ").trim();
      }).catch(function () { return ""; });
    }
    return pages[url];
  }
  // Run `f` once `el` is near the screen (at once where the browser cannot tell).
  var near = "IntersectionObserver" in window ? new IntersectionObserver(function (seen) {
    seen.forEach(function (s) {
      if (!s.isIntersecting) return;
      near.unobserve(s.target);
      s.target.dossierNear();
    });
  }, { rootMargin: "400px" }) : null;
  function whenNear(el, f) {
    if (!near) return f();
    el.dossierNear = f;
    near.observe(el);
  }
  function has(text, terms) {
    return words(text).some(function (x) { return terms.indexOf(x.w) >= 0; });
  }
  // A result: its kind, its title as a link, its summary, and when a word of the query is in
  // neither, an excerpt of its text around that word; each word found is highlighted.
  function item(e, found) {
    var terms = found.terms;
    var li = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "result-type";
    kind.textContent = (index.kinds[e.kind] || e.kind) + ":";
    var a = marked(document.createElement("a"), e.title, terms);
    a.href = e.url;
    li.append(kind, " ", a);
    if (e.summary) {
      var p = marked(document.createElement("p"), e.summary, terms);
      li.append(p);
    }
    var unseen = [];
    found.groups.forEach(function (g) {
      if (!has(e.title, g) && !has(e.summary, g)) unseen = unseen.concat(g);
    });
    function show(text) {
      var cut = excerpt(text, unseen);
      if (!cut) return;
      var q = marked(document.createElement("p"), cut, terms);
      q.className = "result-excerpt";
      li.append(q);
    }
    if (!unseen.length) return li;
    if (e.text === null) {
      whenNear(li, function () { pageText(e.url).then(show); });
    } else {
      show(e.text);
    }
    return li;
  }

  var shown = 0;
  function show(q) {
    var ticket = ++shown;
    search(q).then(function (found) {
      if (ticket !== shown) return null;
      if (found === null) {
        list.textContent = "";
        status.textContent = "";
        return null;
      }
      var top = found.ranked.slice(0, LIMIT);
      return Promise.all(top.map(entry)).then(function (entries) {
        if (ticket !== shown) return;
        if (near) near.disconnect();
        list.textContent = "";
        entries.forEach(function (e) { list.append(item(e, found)); });
        var n = found.ranked.length;
        status.textContent = n === 0
          ? "No results for \u201c" + q + "\u201d."
          : n + (n === 1 ? " result" : " results") + " for \u201c" + q + "\u201d" + (n > LIMIT ? ", showing the first " + LIMIT : "") + ".";
      });
    }).catch(function () {
      if (ticket === shown) status.textContent = "The search index could not be loaded.";
    });
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
