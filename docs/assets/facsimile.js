// The facsimile beside the text (hand-written; the panel is written by edition/write/viewer.py).
// On a wide screen the page image sits beside the text and follows the reading: the page of the
// last pb above the reading line is shown. On a phone a button switches between the text and
// the image. Zoom and pan are OpenSeadragon's (copied into the site by the build, loaded only on
// pages with images): + and - zoom, the arrow keys pan, 0 shows the whole page.
(function () {
  "use strict";

  function setUp(panel) {
    const pages = JSON.parse(panel.dataset.pages);
    // the edition's words, in its language (edition/messages.py, written by edition/write/viewer.py)
    const words = JSON.parse(panel.dataset.messages || "{}");
    const say = (key, values) => (words[key] || "").replace(/\{(\w+)\}/g, (_, name) => values[name]);
    const content = panel.parentElement;
    // the text after the panel becomes one column, the panel the other
    const layout = document.createElement("div");
    layout.className = "facsimile-layout";
    const text = document.createElement("div");
    text.className = "facsimile-text";
    text.id = "facsimile-text";
    while (panel.nextSibling) text.appendChild(panel.nextSibling);
    content.insertBefore(layout, panel);
    layout.append(text, panel);

    const breaks = Array.from(text.querySelectorAll(".pb")).filter((pb) => !pb.closest(".footnote"));
    const label = panel.querySelector(".facsimile-label");
    const missing = panel.querySelector(".facsimile-missing");
    const toggle = panel.querySelector(".facsimile-toggle");
    const element = panel.querySelector(".facsimile-viewer");
    const sources = [];
    const sequence = pages.map((page) => {
      if (!page.source) return -1;
      let source = page.source;
      if (typeof source === "object" && source.id !== undefined) {
        source = Object.assign({}, source, { id: new URL(source.id, document.baseURI).href });
      }
      sources.push(source);
      return sources.length - 1;
    });
    let current = -1;
    let viewer = null;

    function show(n) {
      if (n === current) return;
      current = n;
      panel.dataset.page = String(n + 1);
      label.textContent = say("label", { label: pages[n].label, n: n + 1, total: pages.length });
      const index = sequence[n];
      missing.hidden = index >= 0;
      element.hidden = index < 0;
      if (viewer && index >= 0 && viewer.currentPage() !== index) viewer.goToPage(index);
    }

    function reading() {
      // the page of the last pb above a third of the window (the reading line), else the first;
      // at the end of the text, the last pb in view (the reading line never gets there)
      if (document.body.classList.contains("facsimile-only")) return Math.max(current, 0);
      const end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 4;
      const line = end ? window.innerHeight : window.innerHeight / 3;
      let n = 0;
      breaks.forEach((pb, i) => {
        if (i < pages.length && pb.getBoundingClientRect().top < line) n = i;
      });
      return n;
    }

    let ticking = false;
    window.addEventListener("scroll", () => {
      if (ticking || document.body.classList.contains("facsimile-only")) return;
      ticking = true;
      requestAnimationFrame(() => { ticking = false; show(reading()); });
    }, { passive: true });

    function step(by) {
      const n = Math.min(Math.max(current + by, 0), pages.length - 1);
      show(n);
      if (!document.body.classList.contains("facsimile-only") && breaks[n]) {
        breaks[n].scrollIntoView({ block: "center" });
      }
    }
    panel.querySelector(".facsimile-prev").addEventListener("click", () => step(-1));
    panel.querySelector(".facsimile-next").addEventListener("click", () => step(1));
    function zoom(by) {
      if (viewer) { viewer.viewport.zoomBy(by); viewer.viewport.applyConstraints(); }
    }
    panel.querySelector(".facsimile-zoom-in").addEventListener("click", () => zoom(1.5));
    panel.querySelector(".facsimile-zoom-out").addEventListener("click", () => zoom(1 / 1.5));
    panel.querySelector(".facsimile-home").addEventListener("click", () => viewer && viewer.viewport.goHome());

    toggle.addEventListener("click", () => {
      const image = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(image));
      document.body.classList.toggle("facsimile-only", image);
      if (image) {
        if (viewer) viewer.forceResize();
      } else if (breaks[current]) {
        breaks[current].scrollIntoView({ block: "center" });
      }
    });

    show(reading());
    const script = document.createElement("script");
    script.src = panel.dataset.script;
    script.onload = () => {
      if (!sources.length) return;
      viewer = window.OpenSeadragon({
        element: element,
        tileSources: sources,
        sequenceMode: true,
        initialPage: Math.max(sequence[current], 0),
        showNavigationControl: false,
        showSequenceControl: false,
        drawer: "canvas",
        crossOriginPolicy: false,
        preserveViewport: false,
        visibilityRatio: 0.5,
        gestureSettingsMouse: { clickToZoom: false },
      });
      viewer.addHandler("page", (event) => {
        const page = sequence.indexOf(event.page);
        if (page >= 0 && page !== current) show(page);
      });
      viewer.addHandler("open", () => {
        const rotation = pages[current] && pages[current].rotation;
        viewer.viewport.setRotation(rotation || 0);
      });
      const canvas = element.querySelector(".openseadragon-canvas");
      if (canvas) {
        canvas.setAttribute("role", "application");
        canvas.setAttribute("aria-roledescription", say("image", {}));
        canvas.setAttribute("aria-label", say("keys", {}));
      }
      panel.facsimileViewer = viewer;  // for the browser tests
      panel.classList.add("facsimile-ready");
    };
    document.head.appendChild(script);
  }

  function start() {
    const panel = document.querySelector(".facsimile[data-pages]");
    if (panel && !panel.closest(".facsimile-layout")) setUp(panel);
  }
  if (window.document$) window.document$.subscribe(start);  // Material's instant navigation
  else document.addEventListener("DOMContentLoaded", start);
})();
