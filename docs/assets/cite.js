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

  /* A citation template filled in: {{YYYY}}, {{MONTH}}, … replaced by the parts of `date`. */
  function fill(template, date) {
    return template.replace(/\{\{(YYYY|MM|M|DD|D|MONTH|MON)\}\}/g, function (_, part) {
      return date[part];
    });
  }

  /* A letter's citation made a paragraph's: the same text, pointing at the paragraph's URL
     (the engine's output is kept; only the URL, a value the item gave it, changes). */
  function forParagraph(citation, url, fragment) {
    return citation.split(url).join(url + "#" + fragment);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { landing: landing, fill: fill, forParagraph: forParagraph };
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

  /* Copy `text`; the control shows "copied" for a moment (a class: CSS draws the word, so a
     permalink never adds characters to its paragraph). */
  function copy(text, control) {
    var done = function () {
      control.classList.add("copied");
      setTimeout(function () { control.classList.remove("copied"); }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
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

  /* Show the citations of the whole letter, or of one paragraph (its anchor). */
  function showCitations(data, anchor) {
    var panel = document.querySelector(".cite-panel");
    if (!panel || !data) return;
    var paragraph = Object.prototype.hasOwnProperty.call(data.labels, anchor) ? anchor : null;
    var date = today(data.months);
    panel.querySelectorAll("[data-format]").forEach(function (pre) {
      var text = fill(data.letter[pre.getAttribute("data-format")], date);
      pre.textContent = paragraph ? forParagraph(text, data.url, paragraph) : text;
    });
    var scope = panel.querySelector(".cite-scope");
    if (scope) scope.textContent = paragraph ? data.labels[paragraph] : "this letter";
  }

  document.addEventListener("DOMContentLoaded", function () {
    followAlias();
    window.addEventListener("hashchange", followAlias);
    var data = json("cite-data");
    showCitations(data, location.hash.slice(1));
    window.addEventListener("hashchange", function () { showCitations(data, location.hash.slice(1)); });
    document.querySelectorAll("a.permalink").forEach(function (link) {
      link.addEventListener("click", function () {
        copy(link.href, link);
      });
    });
    document.querySelectorAll(".cite-panel button[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var pre = document.querySelector('.cite-panel [data-format="' + button.getAttribute("data-copy") + '"]');
        if (pre) copy(pre.textContent, button);
      });
    });
  });
})();
