/* The edition's own behaviour on a page. Hand-written. */
(function () {
  // The edition's words in its language (edition/messages.py, written by overrides/main.html).
  var source = document.getElementById("edition-messages");
  var words = source ? JSON.parse(source.textContent) : {};
  // What CSS draws (the permalink's "link copied"), as a custom property of the page.
  if (words.link_copied) {
    document.documentElement.style.setProperty("--edition-link-copied", JSON.stringify(words.link_copied));
  }

  // Material's search dialog has no accessible name; give it one.
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label") && words.search) dialog.setAttribute("aria-label", words.search);

  // Escape closes a note's tooltip (WCAG 1.4.13: what appears on hover or focus can be dismissed
  // without moving the pointer or the focus). Material's tooltip comes back when the reader
  // moves to another note marker, or leaves this one and returns.
  var dismissed = null;
  function undismiss(event) {
    var marker = event.target.closest ? event.target.closest(".footnote-ref") : null;
    if (dismissed && marker !== dismissed) {
      dismissed = null;
      document.body.classList.remove("edition-tooltip-dismissed");
    }
  }
  document.addEventListener("focusin", undismiss);
  document.addEventListener("mouseover", undismiss);

  // The editors' alternatives (a correction, an expansion, a regularisation), interventions
  // (supplied, unclear, …) and the kind of a mention (person, work, …) are said in a title, which
  // a touch screen never shows and a keyboard never reaches. Shown here in a tooltip on hover, on
  // focus and on a tap; Escape, a tap elsewhere or leaving closes it. Without this script the
  // title still works with a mouse.
  var tip = document.createElement("div");
  tip.id = "edition-tip";
  tip.className = "edition-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  document.body.appendChild(tip);
  var shownFor = null;
  var hideTimer = null;
  var targets = document.querySelectorAll(
    "article .choice[title], article [class^='ed-'][title], article a.mention[title]");
  function show(target) {
    clearTimeout(hideTimer);
    shownFor = target;
    tip.textContent = target.getAttribute("data-edition-tip");
    tip.hidden = false;
    var box = target.getBoundingClientRect();
    var left = Math.max(8, Math.min(box.left + window.scrollX,
                                    window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function hide() {
    tip.hidden = true;
    shownFor = null;
  }
  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);  // time to move the pointer onto the tooltip (hoverable)
  }
  targets.forEach(function (target) {
    target.setAttribute("data-edition-tip", target.getAttribute("title"));
    target.removeAttribute("title");  // no second, native tooltip
    target.setAttribute("aria-describedby", "edition-tip");
    target.addEventListener("mouseenter", function () { show(target); });
    target.addEventListener("mouseleave", hideSoon);
    target.addEventListener("focus", function () { show(target); });
    target.addEventListener("blur", hide);
    target.addEventListener("click", function (event) {
      event.stopPropagation();
      if (shownFor === target && event.pointerType !== "mouse") hide(); else show(target);
    });
  });
  tip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tip.addEventListener("mouseleave", hideSoon);
  document.addEventListener("click", function (event) {
    if (!tip.hidden && !tip.contains(event.target)) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    if (!tip.hidden) hide();
    var marker = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".footnote-ref") : null;
    var hovered = document.querySelector(".footnote-ref:hover");
    if (marker || hovered) {
      dismissed = marker || hovered;
      document.body.classList.add("edition-tooltip-dismissed");
    }
  });

  // The printout's access date: today, in the page's language (the colophon of overrides/main.html).
  var accessed = document.querySelector(".print-accessed");
  if (accessed) {
    var now = new Date();
    var time = accessed.querySelector("time");
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    time.setAttribute("datetime", now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
    time.textContent = now.toLocaleDateString(document.documentElement.lang || undefined,
                                              { day: "numeric", month: "long", year: "numeric" });
    accessed.hidden = false;
  }

  // A search result that is a paragraph (#search:p5, the hidden heading that makes it a section
  // of the search index) lands on the paragraph itself (#p5), marked as a cited paragraph.
  function toParagraph() {
    if (location.hash.indexOf("#search:") === 0) location.replace("#" + location.hash.slice(8));
  }
  toParagraph();
  window.addEventListener("hashchange", toParagraph);

  // A search result opens the paragraph that holds the words searched for: Material's search
  // links a page with ?h=words; move to the first paragraph or note that contains one of them,
  // so that it is scrolled to and marked like any cited paragraph (#p5). Words are compared
  // without accents and case, as the search itself compares them.
  var query = new URLSearchParams(location.search).get("h");
  if (!query || location.hash) return;
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var words = fold(query).split(/\s+/).filter(Boolean);
  var blocks = document.querySelectorAll("article p[id], article li[id]");
  for (var i = 0; i < blocks.length; i++) {
    var text = fold(blocks[i].textContent);
    for (var j = 0; j < words.length; j++) {
      if (text.indexOf(words[j]) >= 0) {
        location.replace("#" + blocks[i].id);
        return;
      }
    }
  }
})();
