// The full address of the page as it is opened (a server, a local folder), for the foot
// of every printed page; the page itself carries its site path (render/layout.py) for a
// browser without scripts. Written for this project; nothing is fetched.
(function () {
  "use strict";

  function stampAddress() {
    var style = document.getElementById("ep-print-address");
    if (!style) {
      style = document.createElement("style");
      style.id = "ep-print-address";
      // After the page's own margins in document order, so this rule is the one applied.
      document.body.appendChild(style);
    }
    // JSON's string form is a valid CSS string for an address (no line breaks in it).
    style.textContent = "@page { @bottom-left { content: " +
      JSON.stringify(location.href.split("#")[0]) + "; } }";
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(stampAddress);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", stampAddress);
  } else {
    stampAddress();
  }
})();
