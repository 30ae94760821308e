// Injected by `gazette serve` only: live reload, stylesheet swap and the
// build error overlay. Never present in `gazette build` output.
(function () {
  var OVERLAY_ID = "gazette-error-overlay";
  function showError(message) {
    var box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Gazette: the last build failed; the page shows the last good build.\n\n" + message;
  }
  function clearError() {
    var box = document.getElementById(OVERLAY_ID);
    if (box) box.remove();
  }
  function swapStyles() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("gazette-reload", Date.now());
      links[i].href = url.toString();
    }
  }
  // The translation desk is rendered after the reload is sent: a tab
  // showing it waits for its own message when the reload says it follows.
  function showing(url) {
    return location.pathname === url || location.pathname === url + "index.html";
  }
  var source = new EventSource("/__gazette/events");
  source.onmessage = function (e) {
    var msg = JSON.parse(e.data);
    if (msg.kind === "error") return showError(msg.message);
    if (msg.kind === "ok") return clearError();
    if (msg.kind === "css") { clearError(); return swapStyles(); }
    if (msg.kind === "desk") { if (showing(msg.url)) location.reload(); return; }
    if (msg.kind === "reload") {
      if (msg.follow && msg.url && msg.url !== location.pathname) location.assign(msg.url);
      else if (!(msg.desk && showing(msg.desk))) location.reload();
    }
  };
  window.__gazetteReload = source;
})();
