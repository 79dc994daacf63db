// The ideas import's progress page (admin) reads itself again every few seconds while the
// import runs, so the rows done and the rows not imported appear as the worker gets to them.
(function () {
  "use strict";
  var EVERY_MS = 3000;

  function refresh() {
    var region = document.getElementById("import-progress");
    if (!region || region.dataset.finished === "true") {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          var status = fresh.getElementById("import-status");
          var details = fresh.getElementById("import-details");
          var freshRegion = fresh.getElementById("import-progress");
          if (status && details && freshRegion) {
            // The status is changed in place, so screen readers announce it (role=status).
            document.getElementById("import-status").innerHTML = status.innerHTML;
            document.getElementById("import-details").replaceWith(details);
            region.dataset.finished = freshRegion.dataset.finished;
          }
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(refresh, EVERY_MS);
      });
  }

  window.setTimeout(refresh, EVERY_MS);
})();
