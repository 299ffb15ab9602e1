/* The edition's one script. Hand-written. */
(function () {
  // Material's search dialog has no accessible name; give it one.
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");

  // A search result opens the paragraph that holds the words searched for: Material's search
  // links a page with ?h=words; move to the first paragraph or note that contains one of them,
  // so that it is scrolled to and marked like any cited paragraph (#p5).
  var query = new URLSearchParams(location.search).get("h");
  if (!query || location.hash) return;
  var words = query.toLowerCase().split(/\s+/).filter(Boolean);
  var blocks = document.querySelectorAll("article p[id], article li[id]");
  for (var i = 0; i < blocks.length; i++) {
    var text = blocks[i].textContent.toLowerCase();
    for (var j = 0; j < words.length; j++) {
      if (text.indexOf(words[j]) >= 0) {
        location.replace("#" + blocks[i].id);
        return;
      }
    }
  }
})();
