/* Cite it forever: old anchors land on their paragraph; permalinks and citations are copied.
   Hand-written. Reads the page's JSON tables written by build.py (url-aliases, cite-data). */
(function () {
  "use strict";

  var FROM = "from:";

  /* Where a fragment lands on this page: the new fragment, "" for the page's top, or null to
     leave it alone. `table` is {page: "/letters/x/", aliases: {"/letters/old/#p3": "p12"}}. */
  function landing(hash, table) {
    var fragment = decodeURIComponent(hash.replace(/^#/, ""));
    if (!fragment) return null;
    var redirected = fragment.indexOf(FROM) === 0;
    var key = redirected ? fragment.slice(FROM.length) : table.page + "#" + fragment;
    if (Object.prototype.hasOwnProperty.call(table.aliases, key)) return table.aliases[key];
    if (!redirected) return null;
    var at = key.indexOf("#");
    return at < 0 ? "" : key.slice(at + 1);
  }

  /* Today's date in the forms the citation templates use (the reader's own access date). */
  function today(months) {
    var d = new Date();
    var m = d.getMonth();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return {
      YYYY: String(d.getFullYear()), MM: pad(m + 1), M: String(m + 1), DD: pad(d.getDate()),
      D: String(d.getDate()), MONTH: months.long[m], MON: months.short[m]
    };
  }

  /* A citation template filled in: {{YYYY}}, {{MONTH}}, … replaced by the parts of `date`;
     the parts marked for a paragraph (U+E000 … U+E002, with {{N}}) kept only when `n` is given,
     those marked for an anchor (U+E001 … U+E002, with {{F}}) only when `fragment` is given,
     those of the access date (U+E003 … U+E002) always. */
  function fill(template, date, n, fragment) {
    return template
      .replace(/\uE000([^\uE002]*)\uE002/g, function (_, part) {
        return n ? part.split("{{N}}").join(n) : "";
      })
      .replace(/\uE001([^\uE002]*)\uE002/g, function (_, part) {
        return fragment ? part.split("{{F}}").join(fragment) : "";
      })
      .replace(/\uE003([^\uE002]*)\uE002/g, "$1")
      .replace(/\{\{(YYYY|MM|M|DD|D|MONTH|MON)\}\}/g, function (_, part) {
        return date[part];
      });
  }

  /* The text of a styled (HTML) citation, as it is copied as plain text. */
  function plainText(markup) {
    return markup.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { landing: landing, fill: fill, plainText: plainText };
  }
  if (typeof document === "undefined") return;

  function json(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function followAlias() {
    var table = json("url-aliases") || { page: "", aliases: {} };
    var target = landing(location.hash, table);
    if (target === "") {
      history.replaceState(null, "", location.pathname + location.search);
    } else if (target !== null) {
      location.replace("#" + target);
    }
  }

  /* Copy `text` (and `markup`, where given, as HTML beside it, so that a word processor keeps
     the italics); the control shows "copied" for a moment (a class: CSS draws the word, so a
     permalink never adds characters to its paragraph). */
  function copy(text, control, markup) {
    var done = function () {
      control.classList.add("copied");
      setTimeout(function () { control.classList.remove("copied"); }, 1500);
    };
    if (markup && navigator.clipboard && window.isSecureContext && window.ClipboardItem) {
      navigator.clipboard.write([new ClipboardItem({
        "text/plain": new Blob([text], { type: "text/plain" }),
        "text/html": new Blob([markup], { type: "text/html" })
      })]).then(done, function () { navigator.clipboard.writeText(text).then(done); });
    } else if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      document.body.removeChild(area);
      done();
    }
  }

  /* Show the citations of the whole letter, or of one part of it (its anchor), with today's
     access date; point the downloads at the .ris and .bib of the same. */
  function showCitations(data, anchor) {
    var panel = document.querySelector(".cite-panel");
    if (!panel || !data) return;
    var part = Object.prototype.hasOwnProperty.call(data.labels, anchor) ? anchor : null;
    var n = part && Object.prototype.hasOwnProperty.call(data.numbers, part) ? data.numbers[part] : null;
    var date = today(data.months);
    var styled = {};
    data.styled.forEach(function (fmt) { styled[fmt] = true; });
    panel.querySelectorAll("[data-format]").forEach(function (el) {
      var fmt = el.getAttribute("data-format");
      var text = fill(data.templates[fmt], date, n, part);
      if (styled[fmt]) el.innerHTML = text; else el.textContent = text;
    });
    panel.setAttribute("data-part", part || "");
    var downloads = panel.querySelector(".cite-downloads");
    if (downloads) downloads.removeAttribute("hidden");
    var scope = panel.querySelector(".cite-scope");
    if (scope) scope.textContent = part ? data.labels[part] : data.letter;
  }

  /* A printed letter carries where its text comes from: the "Source of this text" panel opens. */
  function openForPrint() {
    document.querySelectorAll("details.provenance-panel").forEach(function (panel) {
      panel.open = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.addEventListener("beforeprint", openForPrint);
    var print = window.matchMedia ? window.matchMedia("print") : null;
    if (print && print.addEventListener) {
      print.addEventListener("change", function (query) { if (query.matches) openForPrint(); });
    }
    followAlias();
    window.addEventListener("hashchange", followAlias);
    var data = json("cite-data");
    showCitations(data, location.hash.slice(1));
    window.addEventListener("hashchange", function () { showCitations(data, location.hash.slice(1)); });
    document.querySelectorAll("a.permalink").forEach(function (link) {
      link.addEventListener("click", function () {
        var url = new URL(link.href);
        url.search = "";  // never the ?h=words a search result arrived with
        copy(url.href, link);
      });
    });
    /* A download: the citation of what the panel cites, as a file made in the browser (a blob,
       so that no link on the page carries a data: address). */
    document.querySelectorAll(".cite-panel button[data-download]").forEach(function (button) {
      button.addEventListener("click", function () {
        var fmt = button.getAttribute("data-download");
        var part = document.querySelector(".cite-panel").getAttribute("data-part") || null;
        var n = part && Object.prototype.hasOwnProperty.call(data.numbers, part) ? data.numbers[part] : null;
        var text = fill(data.templates[fmt], today(data.months), n, part) + "\n";
        var type = fmt === "ris" ? "application/x-research-info-systems" : "application/x-bibtex";
        var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
        var link = document.createElement("a");
        link.href = url;
        link.download = data.id + (part ? "-" + part : "") + (fmt === "ris" ? ".ris" : ".bib");
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
    });
    document.querySelectorAll(".cite-panel button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var shown = document.querySelector('.cite-panel [data-format="' + button.getAttribute("data-copy") + '"]');
        if (!shown) return;
        var markup = shown.tagName === "PRE" ? null : shown.innerHTML;
        copy(shown.textContent, button, markup);
      });
    });
  });
})();
