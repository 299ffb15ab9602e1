// Live preview only: `python build.py serve` adds this script to every page; the published site
// does not load it. When a build of the TEI fails, build.py --watch keeps the last good pages and
// writes the problems into assets/build-problems.json; a good build writes its warnings there
// (and empties it when it has none). This script shows them as a banner at the top of the page,
// red for errors, amber for warnings, so the editor sees them without the terminal. Hand-written.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var url = script.src.replace(/preview\.js(\?.*)?$/, "build-problems.json");
  fetch(url, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (report) {
      if (!report || !report.problems || !report.problems.length) {
        return;
      }
      var banner = document.createElement("div");
      banner.id = "build-problems";
      banner.setAttribute("role", "alert");
      var warning = report.level === "warning";  // a good build's warnings: amber, and lower
      banner.className = warning ? "build-warnings" : "build-errors";
      banner.style.cssText = "position:sticky;top:0;z-index:1000;padding:0.8em 1.2em;" +
        "background:" + (warning ? "#7a4a00" : "#b71c1c") + ";color:#fff;" +
        "font:0.8rem/1.5 monospace;max-height:" + (warning ? "20vh" : "40vh") + ";overflow:auto";
      var summary = document.createElement("strong");
      summary.textContent = report.summary;
      banner.appendChild(summary);
      var list = document.createElement("ul");
      list.style.cssText = "margin:0.4em 0 0;padding-left:1.2em";
      report.problems.forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem;
        list.appendChild(item);
      });
      banner.appendChild(list);
      document.body.insertBefore(banner, document.body.firstChild);
    })
    .catch(function () { /* no report: the last build was good */ });
})();
